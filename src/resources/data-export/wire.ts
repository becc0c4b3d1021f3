/** Data export jobs as Intercom sends them. */
import type { DataExportsTable } from '../../db/schema.js';
import { notFound } from '../../errors.js';
import type { components } from '../../generated/types.js';

export const dataExportNotFound = () => notFound('Resource Not Found');

/** Intercom's job identifiers: 16 lowercase letters and digits (behaviour §15). */
export const isJobIdentifier = (raw: unknown): raw is string => typeof raw === 'string' && /^[a-z0-9]{16}$/.test(raw);

export const downloadUrl = (publicUrl: string, id: string) => `${publicUrl}/download/content/data/${id}`;

/**
 * A job. The link and its expiry (a string of unix seconds, as Intercom writes it) are empty until
 * the file exists, i.e. once completed.
 */
export function dataExportWire(row: DataExportsTable, publicUrl: string): components['schemas']['data_export'] {
  const ready = row.status === 'completed';
  return {
    job_identifier: row.id,
    status: row.status as components['schemas']['data_export']['status'],
    download_url: ready ? downloadUrl(publicUrl, row.id) : '',
    download_expires_at: ready ? String(row.expires_at) : '',
  };
}
