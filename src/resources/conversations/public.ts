/**
 * What other resources may use of conversations (tickets are conversations: one table, one id
 * space): the store and its loader, the state machine and the one way to apply it, the wire of a
 * conversation and of a part.
 */
export { conversations, CONVERSATION_DEFAULTS, PARTS_SHOWN, type ConversationColumns, type NewConversation } from './store.js';
export { act, applyAction, emitTopics, factsOf, showConversation, writerOf, UNSNOOZE_JOB, type Applied, type Writer } from './apply.js';
export * as conversationState from './state.js';
export type { Action, Actor, NewPart, Transition, ConversationTopic, Statistics } from './state.js';
export { statisticsOfRow, statisticsColumns, statisticsWire } from './statistics.js';
export {
  authorWire,
  conversationListItemWire,
  conversationNotFound,
  conversationWire,
  partWire,
  plainText,
  OPERATOR_ID,
  type ConversationView,
  type ConversationWire,
  type People,
  type WireOptions,
} from './wire.js';
export { conversationJobKinds } from './jobs.js';
export { attachmentsOf, MAX_ATTACHMENTS, REDACTED_BODY, storedBody } from './body.js';
export { startByAdmin, startByContact, startingColumns, type Starter } from './start.js';
export { contactOf, type ContactKey } from './people.js';
