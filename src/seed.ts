/**
 * The defaults every new workspace starts with. Each resource seeds its own; they run in this
 * order inside the workspace's creation transaction. Admins come first: the first admin seeded
 * owns the workspace.
 */
import type { Db } from './db/database.js';
import type { WorkspacesTable } from './db/schema.js';
import type { Clock } from './core/clock.js';
import { ownerAdminId } from './resources/admins/store.js';
import { resources } from './handlers.js';

export type Seeder = (db: Db, workspace: WorkspacesTable, clock: Clock) => Promise<void>;

/** Seeds a fresh workspace and returns its owner admin's id. */
export async function seedWorkspace(db: Db, workspace: WorkspacesTable, clock: Clock): Promise<number> {
  for (const resource of resources) await resource.seed?.(db, workspace, clock);
  return ownerAdminId(db, workspace.id_code);
}
