import type { Resource } from '../resource.js';
import { ticketTypeHandlers } from './handlers.js';
import { seedTicketTypes } from './seed.js';

export const ticketTypesResource: Resource = { name: 'ticket-types', handlers: ticketTypeHandlers, seed: seedTicketTypes };
