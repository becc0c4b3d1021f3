import type { Resource } from '../resource.js';
import { tagHandlers } from './handlers.js';

export const tagsResource: Resource = {
  name: 'tags',
  handlers: tagHandlers,
  // Tagging contacts through POST /tags (`users`, each item optionally `untag`).
  emits: { createTag: ['contact.user.tag.created', 'contact.lead.tag.created', 'contact.user.tag.deleted', 'contact.lead.tag.deleted'] },
};
