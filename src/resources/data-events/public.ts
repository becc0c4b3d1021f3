/** What other resources may use of data events. */
export { dataEvents } from './store.js';
export { dataEventWire } from './wire.js';
