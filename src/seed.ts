/**
 * The defaults every new workspace starts with. Each resource seeds its own; they run in this
 * order inside the workspace's creation transaction. Admins come first: the first admin seeded
 * owns the workspace.
 */
import type { Db } from './db/database.js';
import type { WorkspacesTable } from './db/schema.js';
import type { Clock } from './core/clock.js';
import { ownerAdminId } from './resources/admins/store.js';
import { seedAdminsAndTeams } from './resources/admins/seed.js';
import { seedSubscriptionTypes } from './resources/subscriptions/seed.js';
import { seedSegments } from './resources/segments/seed.js';

export type Seeder = (db: Db, workspace: WorkspacesTable, clock: Clock) => Promise<void>;

const seeders: Seeder[] = [seedAdminsAndTeams, seedSubscriptionTypes, seedSegments];

/** Seeds a fresh workspace and returns its owner admin's id. */
export async function seedWorkspace(db: Db, workspace: WorkspacesTable, clock: Clock): Promise<number> {
  for (const seed of seeders) await seed(db, workspace, clock);
  return ownerAdminId(db, workspace.id_code);
}
