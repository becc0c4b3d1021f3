/**
 * Every resource, listed explicitly: the implemented API on one screen. A new resource is one
 * folder plus one line here. Seeders run in this order when a workspace is created (admins first:
 * the first admin seeded owns the workspace).
 */
import { mergeEmits } from './core/events.js';
import { mergeHandlers } from './http/register.js';
import { adminsResource } from './resources/admins/index.js';
import { companiesResource } from './resources/companies/index.js';
import { contactsResource } from './resources/contacts/index.js';
import { conversationsResource } from './resources/conversations/index.js';
import { registerContactDependent } from './resources/contacts/public.js';
import { articlesResource } from './resources/articles/index.js';
import { dataAttributesResource } from './resources/data-attributes/index.js';
import { dataEventsResource } from './resources/data-events/index.js';
import { helpCenterResource } from './resources/help-center/index.js';
import { dataExportResource } from './resources/data-export/index.js';
import { newsResource } from './resources/news/index.js';
import { notesResource } from './resources/notes/index.js';
import { phoneSwitchResource } from './resources/phone-switch/index.js';
import type { Resource } from './resources/resource.js';
import { segmentsResource } from './resources/segments/index.js';
import { subscriptionsResource } from './resources/subscriptions/index.js';
import { tagsResource } from './resources/tags/index.js';
import { teamsResource } from './resources/teams/index.js';
import { ticketTypesResource } from './resources/ticket-types/index.js';
import { ticketsResource } from './resources/tickets/index.js';
import { visitorsResource } from './resources/visitors/index.js';

export const resources: readonly Resource[] = [
  adminsResource,
  teamsResource,
  tagsResource,
  dataAttributesResource,
  contactsResource,
  notesResource,
  subscriptionsResource,
  segmentsResource,
  companiesResource,
  dataEventsResource,
  visitorsResource,
  helpCenterResource,
  articlesResource,
  conversationsResource,
  ticketTypesResource,
  ticketsResource,
  newsResource,
  phoneSwitchResource,
  dataExportResource,
];

for (const resource of resources) for (const dependent of resource.contactDependents ?? []) registerContactDependent(dependent);

export const handlers = mergeHandlers(...resources.map((r) => r.handlers));

/** The webhook topics each operation may emit (enforced as it runs; the README's topics table). */
export const emits = mergeEmits(...resources.map((r) => r.emits ?? {}));
