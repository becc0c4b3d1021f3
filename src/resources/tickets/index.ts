import type { Resource } from '../resource.js';
import { ticketHandlers } from './handlers.js';

export const ticketsResource: Resource = {
  name: 'tickets',
  handlers: ticketHandlers,
  emits: {
    // A ticket's contact given by an email nobody has yet becomes a new lead.
    createTicket: ['ticket.created', 'contact.lead.created'],
    convertConversationToTicket: ['ticket.created'],
    updateTicket: ['ticket.state.updated', 'ticket.admin.assigned', 'ticket.team.assigned', 'ticket.attribute.updated'],
    // A customer answering a ticket that waited on them moves it back in progress.
    replyTicket: ['ticket.admin.replied', 'ticket.note.created', 'ticket.contact.replied', 'ticket.state.updated'],
  },
};
