/** What other resources may use of subscription types. */
export { subscriptionTypes, type Consent } from './store.js';
export { subscriptionNotFound, subscriptionTypeWire } from './wire.js';
