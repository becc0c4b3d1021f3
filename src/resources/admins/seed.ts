import { scopeOf } from '../../core/scope.js';
import type { Seeder } from '../../seed.js';
import { admins } from './store.js';

/** Three admins (two with inbox seats): enough for assignment, notes and away mode. The first owns the workspace. */
const ADMINS = [
  { name: 'Morgan Owner', email: 'owner', job_title: 'Founder', has_inbox_seat: 1 as const },
  { name: 'Sam Support', email: 'sam', job_title: 'Support Lead', has_inbox_seat: 1 as const },
  { name: 'Robin Reports', email: 'robin', job_title: 'Analyst', has_inbox_seat: 0 as const },
];

export const seedAdmins: Seeder = async (db, workspace, clock) => {
  const source = scopeOf(db, workspace.id_code);
  const now = clock.now();
  await admins(source).insert(
    ADMINS.map((a) => ({
      name: a.name,
      // Each workspace gets its own addresses, so admins of two workspaces never share an email.
      email: `${a.email}@${workspace.id_code}.example.com`,
      job_title: a.job_title,
      away_mode_enabled: 0 as const,
      away_mode_reassign: 0 as const,
      has_inbox_seat: a.has_inbox_seat,
      avatar_url: null,
      email_verified: 1 as const,
      created_at: now,
    })),
  );
};
