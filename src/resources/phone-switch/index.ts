import type { Resource } from '../resource.js';
import { phoneSwitchHandlers } from './handlers.js';

export const phoneSwitchResource: Resource = {
  name: 'phone-switch',
  handlers: phoneSwitchHandlers,
};
