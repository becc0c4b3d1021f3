import type { TeamsTable } from '../../db/schema.js';
import { notFound } from '../../errors.js';
import type { components } from '../../generated/types.js';

/** Intercom's 404 for a team a path names. */
export const teamNotFound = () => notFound('Team not found', 'team_not_found');

export function teamWire(row: TeamsTable, adminIds: number[]): components['schemas']['team'] {
  return { type: 'team', id: String(row.id), name: row.name, admin_ids: adminIds };
}
