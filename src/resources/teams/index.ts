import type { Resource } from '../resource.js';
import { teamHandlers } from './routes.js';

export const teamsResource: Resource = { name: 'teams', handlers: teamHandlers };
