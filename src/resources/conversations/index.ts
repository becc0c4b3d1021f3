import type { Resource } from '../resource.js';
import { conversationHandlers } from './handlers.js';
import { conversations } from './store.js';

export const conversationsResource: Resource = {
  name: 'conversations',
  handlers: conversationHandlers,
  emits: {
    createConversation: ['conversation.user.created'],
    // An admin's message starts an admin-initiated conversation; a contact's, a user-initiated one.
    createMessage: ['conversation.admin.single.created', 'conversation.user.created'],
    replyConversation: ['conversation.user.replied', 'conversation.admin.replied', 'conversation.admin.noted'],
    manageConversation: ['conversation.admin.closed', 'conversation.admin.snoozed', 'conversation.admin.opened', 'conversation.admin.assigned'],
    autoAssignConversation: ['conversation.admin.assigned'],
    // A customer given by an email nobody has yet becomes a new lead. On a ticket, ticket subscribers hear of the contact change.
    attachContactToConversation: ['contact.lead.created', 'ticket.contact.attached'],
    detachContactFromConversation: ['ticket.contact.detached'],
    attachTagToConversation: ['conversation_part.tag.created'],
    redactConversation: ['conversation_part.redacted'],
  },
  // A lead merged into a user keeps its conversations: they become the user's.
  contactDependents: [{ name: 'conversations', onMerge: (scope, fromId, intoId) => conversations(scope).moveContact(fromId, intoId) }],
};
