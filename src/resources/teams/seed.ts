import { scopeOf } from '../../core/scope.js';
import type { Seeder } from '../../seed.js';
import { admins } from '../admins/public.js';
import { teams } from './store.js';

/** Two teams; members are positions among the admins seeded before (admins seed first). */
const TEAMS = [
  { name: 'Support', members: [0, 1] },
  { name: 'Sales', members: [0, 2] },
];

export const seedTeams: Seeder = async (db, workspace, clock) => {
  const source = scopeOf(db, workspace.id_code);
  const adminIds = (await admins(source).list()).map((a) => a.id);
  for (const team of TEAMS) await teams(source).insert(team.name, team.members.map((i) => adminIds[i]), clock.now());
};
