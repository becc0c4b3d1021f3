import type { Resource } from '../resource.js';
import { visitorHandlers } from './handlers.js';

export const visitorsResource: Resource = { name: 'visitors', handlers: visitorHandlers };
