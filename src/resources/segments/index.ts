import type { Resource } from '../resource.js';
import { segmentHandlers } from './handlers.js';
import { seedSegments } from './seed.js';

export const segmentsResource: Resource = { name: 'segments', handlers: segmentHandlers, seed: seedSegments };
