import type { Resource } from '../resource.js';
import { articleHandlers } from './handlers.js';

export const articlesResource: Resource = { name: 'articles', handlers: articleHandlers };
