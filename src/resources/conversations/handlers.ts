/** Conversation operations, keyed by operationId. */
import type { Handlers } from '../../core/context.js';

export const conversationHandlers: Handlers = {};
