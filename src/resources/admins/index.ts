import type { Resource } from '../resource.js';
import { adminHandlers } from './handlers.js';
import { seedAdmins } from './seed.js';

export const adminsResource: Resource = {
  name: 'admins',
  handlers: adminHandlers,
  seed: seedAdmins,
  emits: { setAwayAdmin: ['admin.away_mode_updated'] },
};
