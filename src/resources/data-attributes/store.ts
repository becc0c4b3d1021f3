import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { DataAttributesTable } from '../../db/schema.js';

export async function listAttributes(
  db: Db,
  workspaceId: string,
  filter: { model?: 'contact' | 'company'; includeArchived: boolean },
): Promise<DataAttributesTable[]> {
  let q = db.selectFrom('data_attributes').selectAll().where('workspace_id', '=', workspaceId);
  if (filter.model) q = q.where('model', '=', filter.model);
  if (!filter.includeArchived) q = q.where('archived', '=', 0);
  return q.orderBy('id').execute();
}

export async function findAttribute(db: Db, workspaceId: string, id: number): Promise<DataAttributesTable | undefined> {
  return db.selectFrom('data_attributes').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

/** Names are unique per workspace across both models, compared case-insensitively. */
export async function findAttributeByName(db: Db, workspaceId: string, name: string): Promise<DataAttributesTable | undefined> {
  return db
    .selectFrom('data_attributes')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where(sql`lower(name)`, '=', name.toLowerCase())
    .executeTakeFirst();
}

export async function insertAttribute(db: Db, row: DataAttributesTable): Promise<void> {
  await db.insertInto('data_attributes').values(row).execute();
}

export async function updateAttribute(
  db: Db,
  workspaceId: string,
  id: number,
  changes: Partial<Pick<DataAttributesTable, 'description' | 'options' | 'messenger_writable' | 'archived' | 'updated_at'>>,
): Promise<void> {
  await db.updateTable('data_attributes').set(changes).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** The custom attributes of one model, live ones only unless asked, keyed by name. */
export async function attributesByName(
  db: Db,
  workspaceId: string,
  model: 'contact' | 'company',
): Promise<Map<string, DataAttributesTable>> {
  const rows = await listAttributes(db, workspaceId, { model, includeArchived: true });
  return new Map(rows.map((r) => [r.name, r]));
}
