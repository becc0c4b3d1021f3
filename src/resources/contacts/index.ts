import { mergeHandlers } from '../../http/register.js';
import type { Resource } from '../resource.js';
import { contactHandlers } from './routes.js';
import { searchHandlers } from './search.js';

export const contactsResource: Resource = { name: 'contacts', handlers: mergeHandlers(contactHandlers, searchHandlers) };
