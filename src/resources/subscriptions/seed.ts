import { scopeOf } from '../../core/scope.js';
import type { SubscriptionTypesTable } from '../../db/schema.js';
import type { Seeder } from '../../seed.js';
import { subscriptionTypes } from './store.js';

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
  const now = clock.now();
  await subscriptionTypes(scopeOf(db, workspace.id_code)).insert(TYPES.map((t) => ({ ...t, state: 'live' as const, locale: 'en', created_at: now })));
};
