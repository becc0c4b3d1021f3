import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { TagsTable } from '../../db/schema.js';
import { nextId } from '../../db/dialect.js';

export async function listTags(db: Db, workspaceId: string): Promise<TagsTable[]> {
  return db.selectFrom('tags').selectAll().where('workspace_id', '=', workspaceId).orderBy('id').execute();
}

export async function findTag(db: Db, workspaceId: string, id: number): Promise<TagsTable | undefined> {
  return db.selectFrom('tags').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

/** Tag names match case-insensitively, as in Intercom. */
export async function findTagByName(db: Db, workspaceId: string, name: string): Promise<TagsTable | undefined> {
  return db
    .selectFrom('tags')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where(sql`lower(name)`, '=', name.toLowerCase())
    .executeTakeFirst();
}

export async function insertTag(db: Db, workspaceId: string, name: string, now: number): Promise<TagsTable> {
  const row: TagsTable = { workspace_id: workspaceId, id: await nextId(db), name, created_at: now, updated_at: now };
  await db.insertInto('tags').values(row).execute();
  return row;
}

export async function renameTag(db: Db, workspaceId: string, id: number, name: string, now: number): Promise<void> {
  await db.updateTable('tags').set({ name, updated_at: now }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function deleteTag(db: Db, workspaceId: string, id: number): Promise<void> {
  await db.deleteFrom('tags').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}
