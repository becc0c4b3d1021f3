import type { Resource } from '../resource.js';
import { contactHandlers } from './handlers.js';

export const contactsResource: Resource = { name: 'contacts', handlers: contactHandlers };
