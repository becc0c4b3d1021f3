import type { Resource } from '../resource.js';
import { adminHandlers } from './routes.js';
import { seedAdminsAndTeams } from './seed.js';

export const adminsResource: Resource = { name: 'admins', handlers: adminHandlers, seed: seedAdminsAndTeams };
