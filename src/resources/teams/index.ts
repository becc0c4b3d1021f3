import type { Resource } from '../resource.js';
import { teamHandlers } from './handlers.js';
import { seedTeams } from './seed.js';

export const teamsResource: Resource = { name: 'teams', handlers: teamHandlers, seed: seedTeams };
