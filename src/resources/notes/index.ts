import type { Resource } from '../resource.js';
import { noteHandlers } from './routes.js';

export const notesResource: Resource = { name: 'notes', handlers: noteHandlers };
