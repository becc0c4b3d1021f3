import type { Resource } from '../resource.js';
import { visitorHandlers } from './handlers.js';

export const visitorsResource: Resource = {
  name: 'visitors',
  handlers: visitorHandlers,
  // A conversion creates a contact or merges into one (convert.ts), and a user signs up.
  emits: {
    convertVisitor: [
      'contact.user.created', 'contact.lead.created', 'contact.user.updated', 'contact.lead.updated',
      'contact.lead.signed_up', 'contact.email.updated', 'visitor.signed_up',
    ],
  },
};
