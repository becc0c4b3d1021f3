/** Custom data attributes of one workspace (contacts' and companies'). */
import { sql } from 'kysely';
import { numericId } from '../../core/ids.js';
import { defineStore, requireRow } from '../../core/scope.js';
import { ciText, foldCase } from '../../db/dialect.js';
import type { DataAttributesTable } from '../../db/schema.js';
import { dataAttributeNotFound, type Model } from './wire.js';

export type AttributeChanges = Partial<Pick<DataAttributesTable, 'description' | 'options' | 'messenger_writable' | 'archived' | 'updated_at'>>;

export const dataAttributes = defineStore((s) => {
  const store = {
    list(filter: { model?: Model; includeArchived: boolean }): Promise<DataAttributesTable[]> {
      let q = s.from('data_attributes').selectAll();
      if (filter.model) q = q.where('model', '=', filter.model);
      if (!filter.includeArchived) q = q.where('archived', '=', 0);
      return q.orderBy('id').execute();
    },

    find: (id: number): Promise<DataAttributesTable | undefined> =>
      s.from('data_attributes').selectAll().where('id', '=', id).executeTakeFirst(),

    /** The attribute a path names, or Intercom's 404; an id that cannot exist is never queried. */
    require: (rawId: unknown): Promise<DataAttributesTable> => requireRow(rawId, numericId, store.find, dataAttributeNotFound),

    /** Names are unique per workspace across both models, compared case-insensitively (the dialect's one folding rule). */
    findByName: (name: string): Promise<DataAttributesTable | undefined> =>
      s.from('data_attributes').selectAll().where(ciText(s.engine, sql.ref('name')), '=', foldCase(name)).executeTakeFirst(),

    /**
     * Adds an attribute unless one with its name (case-insensitively) exists: returns it, or
     * undefined when the name was taken (also by a concurrent create: the unique index decides).
     */
    async insert(row: Omit<DataAttributesTable, 'workspace_id' | 'id'>): Promise<DataAttributesTable | undefined> {
      const full = { ...row, id: await s.nextId() };
      const inserted = await s
        .insert('data_attributes', full)
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .executeTakeFirst();
      return inserted ? { ...full, workspace_id: s.workspaceId } : undefined;
    },

    async update(id: number, changes: AttributeChanges): Promise<void> {
      await s.update('data_attributes').set(changes).where('id', '=', id).execute();
    },

    /** The custom attributes of one model, archived ones included, keyed by name. */
    async byName(model: Model): Promise<Map<string, DataAttributesTable>> {
      const rows = await store.list({ model, includeArchived: true });
      return new Map(rows.map((r) => [r.name, r]));
    },
  };
  return store;
});
