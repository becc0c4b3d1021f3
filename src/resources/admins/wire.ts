import type { AdminsTable } from '../../db/schema.js';
import type { Workspace } from '../../core/context.js';
import { notFound } from '../../errors.js';
import type { components } from '../../generated/types.js';
import type { ActivityRow } from './store.js';

type Schemas = components['schemas'];
export type Admin = Schemas['admin'];

/**
 * Intercom's 404 for an admin a request names: "Admin not found" (GET /admins/{id}); PUT
 * /admins/{id}/away answers "Admin for admin_id not found".
 */
export const adminNotFound = (message = 'Admin not found') => notFound(message, 'admin_not_found');

export function adminWire(row: AdminsTable, teamIds: number[], options: { avatar: boolean }): Admin {
  const admin: Admin = {
    type: 'admin',
    id: String(row.id),
    name: row.name,
    email: row.email,
    job_title: row.job_title,
    away_mode_enabled: row.away_mode_enabled === 1,
    away_mode_reassign: row.away_mode_reassign === 1,
    has_inbox_seat: row.has_inbox_seat === 1,
    team_ids: teamIds,
  };
  // Intercom includes the avatar only when asked with display_avatar=true.
  if (options.avatar) admin.avatar = row.avatar_url ? { image_url: row.avatar_url } : null;
  return admin;
}

export function appWire(workspace: Workspace): Schemas['app'] & { secure: boolean } {
  return {
    type: 'app',
    id_code: workspace.id,
    name: workspace.name,
    created_at: workspace.createdAt,
    secure: false,
    identity_verification: false,
    timezone: workspace.timezone,
    region: workspace.region,
  };
}

export function activityLogWire(row: ActivityRow): Schemas['activity_log'] {
  return {
    id: row.id,
    performed_by: { type: 'admin', id: String(row.admin_id), email: row.admin_email ?? '', ip: row.ip ?? '' },
    metadata: JSON.parse(row.metadata),
    created_at: Number(row.created_at),
    // The column holds only types this server records, each one of the spec's enum.
    activity_type: row.activity_type as Schemas['activity_log']['activity_type'],
    activity_description: row.activity_description,
  };
}
