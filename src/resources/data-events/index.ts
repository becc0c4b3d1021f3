import type { Resource } from '../resource.js';
import { dataEventHandlers } from './handlers.js';
import { dataEvents } from './store.js';

export const dataEventsResource: Resource = {
  name: 'data-events',
  handlers: dataEventHandlers,
  emits: { createDataEvent: ['event.created'] },
  // A lead merged into a user leaves its events and their summaries to the user.
  contactDependents: [{ name: 'data-events', onMerge: (scope, fromId, intoId) => dataEvents(scope).moveToContact(fromId, intoId) }],
};
