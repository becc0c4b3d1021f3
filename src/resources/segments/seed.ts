import { hexId } from '../../core/ids.js';
import { scopeOf } from '../../core/scope.js';
import type { Seeder } from '../../seed.js';
import type { SegmentsTable } from '../../db/schema.js';
import { segments } from './store.js';

/**
 * Intercom's default segments. Rules are stored in the search language; relative dates use
 * `{"days_ago": n}` (only allowed in stored rules), resolved against the clock each time the segment
 * is evaluated, so "Active" means "seen in the 30 days before now", not before the seeding day.
 * person_type: "user" segments hold users; "contact" segments hold leads (Intercom's legacy name).
 */
export const DEFAULT_SEGMENTS: { name: string; person_type: SegmentsTable['person_type']; query: unknown }[] = [
  { name: 'All users', person_type: 'user', query: null },
  { name: 'All leads', person_type: 'contact', query: null },
  { name: 'Active', person_type: 'user', query: { field: 'last_seen_at', operator: '>', value: { days_ago: 30 } } },
  { name: 'New', person_type: 'user', query: { field: 'signed_up_at', operator: '>', value: { days_ago: 7 } } },
  { name: 'Slipping away', person_type: 'user', query: { field: 'last_seen_at', operator: '<', value: { days_ago: 30 } } },
];

export const seedSegments: Seeder = async (db, workspace, clock) => {
  const now = clock.now();
  await segments(scopeOf(db, workspace.id_code)).insert(
    DEFAULT_SEGMENTS.map((s) => ({
      id: hexId(now),
      name: s.name,
      person_type: s.person_type,
      query: JSON.stringify(s.query),
      created_at: now,
      updated_at: now,
    })),
  );
};
