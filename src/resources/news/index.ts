import type { Resource } from '../resource.js';
import { newsHandlers } from './handlers.js';
import { seedNewsfeed } from './seed.js';

export const newsResource: Resource = {
  name: 'news',
  handlers: newsHandlers,
  seed: seedNewsfeed,
};
