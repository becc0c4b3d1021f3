import { nextIds } from '../../db/dialect.js';
import type { SubscriptionTypesTable } from '../../db/schema.js';
import type { Seeder } from '../../seed.js';

/**
 * Every workspace starts with three live subscription types: two opt-out email types (contacts
 * receive them unless they opt out) and one opt-in SMS type (contacts receive it only once opted in).
 */
const TYPES: Pick<SubscriptionTypesTable, 'consent_type' | 'name' | 'description' | 'content_types'>[] = [
  { consent_type: 'opt_out', name: 'Newsletter', description: 'Our monthly newsletter', content_types: '["email"]' },
  {
    consent_type: 'opt_out',
    name: 'Product announcements',
    description: 'Offers, product and feature announcements',
    content_types: '["email"]',
  },
  { consent_type: 'opt_in', name: 'SMS updates', description: 'Occasional updates by text message', content_types: '["sms_message"]' },
];

export const seedSubscriptionTypes: Seeder = async (db, workspace, clock) => {
  const ids = await nextIds(db, TYPES.length);
  await db
    .insertInto('subscription_types')
    .values(
      TYPES.map((t, i) => ({
        ...t,
        workspace_id: workspace.id_code,
        id: ids[i],
        state: 'live' as const,
        locale: 'en',
        created_at: clock.now(),
      })),
    )
    .execute();
};
