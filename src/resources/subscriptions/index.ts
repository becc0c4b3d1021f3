import type { Resource } from '../resource.js';
import { subscriptionHandlers } from './routes.js';
import { seedSubscriptionTypes } from './seed.js';

export const subscriptionsResource: Resource = { name: 'subscriptions', handlers: subscriptionHandlers, seed: seedSubscriptionTypes };
