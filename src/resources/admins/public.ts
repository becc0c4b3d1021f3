/** What other resources (and start-up) may use of admins. */
export { admins, ownerAdminId } from './store.js';
export { adminNotFound, adminWire, type Admin } from './wire.js';
