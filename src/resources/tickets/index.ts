import type { Resource } from '../resource.js';
import { ticketHandlers } from './handlers.js';

export const ticketsResource: Resource = { name: 'tickets', handlers: ticketHandlers };
