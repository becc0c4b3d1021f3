import type { Resource } from '../resource.js';
import { noteHandlers } from './handlers.js';
import { notes } from './store.js';

export const notesResource: Resource = {
  name: 'notes',
  handlers: noteHandlers,
  // A lead merged into a user leaves its notes to the user.
  contactDependents: [{ name: 'notes', onMerge: (scope, fromId, intoId) => notes(scope).moveTo(fromId, intoId) }],
};
