/** What a resource folder gives the server: its handlers, and optionally seeds and contact dependents. */
import type { Handlers } from '../core/context.js';
import type { Seeder } from '../seed.js';
import type { ContactDependent } from './contacts/dependents.js';

export interface Resource {
  name: string;
  handlers: Handlers;
  /** Defaults a new workspace starts with; seeders run in the order resources are listed. */
  seed?: Seeder;
  /** What hangs off contacts (moved on merge). */
  contactDependents?: ContactDependent[];
}
