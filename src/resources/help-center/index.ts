import type { Resource } from '../resource.js';
import { helpCenterHandlers } from './handlers.js';
import { seedHelpCenter } from './seed.js';

export const helpCenterResource: Resource = { name: 'help-center', handlers: helpCenterHandlers, seed: seedHelpCenter };
