/** What a resource folder gives the server: its handlers, and optionally seeds and contact dependents. */
import type { Handlers } from '../core/context.js';
import type { Emits } from '../core/events.js';
import type { Seeder } from '../seed.js';
import type { ContactDependent } from './contacts/dependents.js';

export interface Resource {
  name: string;
  handlers: Handlers;
  /**
   * The webhook topics each operation may emit. An operation emitting a topic not listed here fails
   * (core/events.ts `declaredEmitter`); test/emits.test.ts sees every listed topic emitted; the
   * README's topics table is generated from these lists.
   */
  emits?: Emits;
  /** Defaults a new workspace starts with; seeders run in the order resources are listed. */
  seed?: Seeder;
  /** What hangs off contacts (moved on merge). */
  contactDependents?: ContactDependent[];
}
