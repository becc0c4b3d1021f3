import type { Resource } from '../resource.js';
import { conversationHandlers } from './handlers.js';
import { conversations } from './store.js';

export const conversationsResource: Resource = {
  name: 'conversations',
  handlers: conversationHandlers,
  // A lead merged into a user keeps its conversations: they become the user's.
  contactDependents: [{ name: 'conversations', onMerge: (scope, fromId, intoId) => conversations(scope).moveContact(fromId, intoId) }],
};
