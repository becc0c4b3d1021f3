import type { Resource } from '../resource.js';
import { tagHandlers } from './handlers.js';

export const tagsResource: Resource = { name: 'tags', handlers: tagHandlers };
