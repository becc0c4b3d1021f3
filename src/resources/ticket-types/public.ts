/** What other resources may use of ticket types. */
export { ticketTypes } from './store.js';
export { DESCRIPTION, shownTicketType, TITLE, type Category } from './define.js';
export type { DataType, InputOptions, ListOption } from './input-options.js';
export { ticketTypeNotFound, ticketTypeWire, type TicketTypeWire } from './wire.js';
