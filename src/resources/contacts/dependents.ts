/**
 * Resources that hang off contacts register here instead of editing contacts (the list of
 * resources in src/resources/index.ts registers them). Deleting a contact needs nothing from them:
 * their rows reference the contact with ON DELETE CASCADE.
 */
import type { ScopeSource } from '../../core/scope.js';

export interface ContactDependent {
  /** Names the dependent in errors and logs. */
  name: string;
  /**
   * A merge of lead `fromId` into user `intoId` is about to delete the lead: move (or copy) what
   * hangs off it onto the user, with its own store on `source` (the merge's context: its transaction
   * and workspace). Runs before the lead is deleted.
   */
  onMerge?(source: ScopeSource, fromId: string, intoId: string): Promise<void>;
}

const registered: ContactDependent[] = [];

export function registerContactDependent(dependent: ContactDependent): void {
  if (registered.some((d) => d.name === dependent.name)) throw new Error(`contact dependent ${dependent.name} registered twice`);
  registered.push(dependent);
}

export const contactDependents = (): readonly ContactDependent[] => registered;
