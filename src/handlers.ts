/** Every resource's handlers, listed explicitly: the implemented API on one screen. */
import { mergeHandlers } from './http/register.js';
import { adminHandlers } from './resources/admins/routes.js';
import { contactHandlers } from './resources/contacts/routes.js';
import { noteHandlers } from './resources/notes/routes.js';
import { subscriptionHandlers } from './resources/subscriptions/routes.js';
import { dataAttributeHandlers } from './resources/data-attributes/routes.js';
import { searchHandlers } from './resources/contacts/search.js';
import { segmentHandlers } from './resources/segments/routes.js';
import { tagHandlers } from './resources/tags/routes.js';
import { teamHandlers } from './resources/teams/routes.js';

export const handlers = mergeHandlers(adminHandlers, teamHandlers, tagHandlers, dataAttributeHandlers, searchHandlers, segmentHandlers, contactHandlers, noteHandlers, subscriptionHandlers);
