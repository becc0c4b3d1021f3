/** What other resources may use of tickets. */
export { emitTicketTopics, showTicket, showTicketList } from './apply.js';
export { tickets } from './store.js';
export { ticketNotFound, ticketWire, type TicketWire } from './wire.js';
export { TICKET_STATES, type TicketState } from './state.js';
