import type { Resource } from '../resource.js';
import { contactHandlers } from './handlers.js';
// TODO(port): moves to notes/subscriptions index.ts (their own `contactDependents`); then delete this import and the file.
import { temporaryDependents } from './store-temporary-dependents.js';

export const contactsResource: Resource = { name: 'contacts', handlers: contactHandlers, contactDependents: temporaryDependents };
