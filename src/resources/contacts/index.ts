import type { Resource } from '../resource.js';
import { contactHandlers } from './handlers.js';

export const contactsResource: Resource = {
  name: 'contacts',
  handlers: contactHandlers,
  emits: {
    CreateContact: ['contact.user.created', 'contact.lead.created'],
    UpdateContact: ['contact.user.updated', 'contact.lead.updated', 'contact.lead.signed_up', 'contact.email.updated', 'contact.subscribed', 'contact.unsubscribed'],
    DeleteContact: ['contact.deleted'],
    // The lead goes, the user it merges into changes.
    MergeContact: ['contact.deleted', 'contact.user.updated'],
    ArchiveContact: ['contact.archived'],
    UnarchiveContact: ['contact.unarchived'],
    attachTagToContact: ['contact.user.tag.created', 'contact.lead.tag.created'],
    detachTagFromContact: ['contact.user.tag.deleted', 'contact.lead.tag.deleted'],
  },
};
