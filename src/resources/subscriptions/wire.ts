import type { SubscriptionTypesTable } from '../../db/schema.js';
import { notFound } from '../../errors.js';
import type { components } from '../../generated/types.js';

/** Intercom's 404 for a subscription type a request names. */
export const subscriptionNotFound = () => notFound('Resource Not Found');

export function subscriptionTypeWire(row: SubscriptionTypesTable): components['schemas']['subscription_type'] {
  const translation = { name: row.name, description: row.description, locale: row.locale };
  return {
    type: 'subscription',
    id: String(row.id),
    state: row.state,
    default_translation: translation,
    translations: [translation],
    consent_type: row.consent_type,
    content_types: JSON.parse(row.content_types),
  };
}
