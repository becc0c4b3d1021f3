import { nextIds } from '../../db/dialect.js';
import type { Seeder } from '../../seed.js';

/** Three admins (two with inbox seats) and two teams: enough for assignment, notes and away mode. */
const ADMINS = [
  { name: 'Morgan Owner', email: 'owner', job_title: 'Founder', has_inbox_seat: 1 as const },
  { name: 'Sam Support', email: 'sam', job_title: 'Support Lead', has_inbox_seat: 1 as const },
  { name: 'Robin Reports', email: 'robin', job_title: 'Analyst', has_inbox_seat: 0 as const },
];

const TEAMS = [
  { name: 'Support', members: [0, 1] },
  { name: 'Sales', members: [0, 2] },
];

export const seedAdminsAndTeams: Seeder = async (db, workspace, clock) => {
  const now = clock.now();
  const ids = await nextIds(db, ADMINS.length + TEAMS.length);
  const adminIds = ids.slice(0, ADMINS.length);
  const teamIds = ids.slice(ADMINS.length);
  await db
    .insertInto('admins')
    .values(
      ADMINS.map((a, i) => ({
        workspace_id: workspace.id_code,
        id: adminIds[i],
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
    )
    .execute();
  await db
    .insertInto('teams')
    .values(TEAMS.map((t, i) => ({ workspace_id: workspace.id_code, id: teamIds[i], name: t.name, created_at: now })))
    .execute();
  await db
    .insertInto('team_members')
    .values(
      TEAMS.flatMap((t, i) =>
        t.members.map((m) => ({ workspace_id: workspace.id_code, team_id: teamIds[i], admin_id: adminIds[m] })),
      ),
    )
    .execute();
};
