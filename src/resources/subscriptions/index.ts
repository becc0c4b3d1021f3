import type { Resource } from '../resource.js';
import { subscriptionHandlers } from './handlers.js';
import { seedSubscriptionTypes } from './seed.js';
import { subscriptionTypes } from './store.js';

export const subscriptionsResource: Resource = {
  name: 'subscriptions',
  handlers: subscriptionHandlers,
  seed: seedSubscriptionTypes,
  // A lead merged into a user leaves the user its subscription choices, where the user made none.
  contactDependents: [
    { name: 'subscriptions', onMerge: (scope, fromId, intoId) => subscriptionTypes(scope).copyChoices(fromId, intoId) },
  ],
};
