/** What other resources may use of teams. */
export { teams } from './store.js';
export { teamNotFound, teamWire } from './wire.js';
