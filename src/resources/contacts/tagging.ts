/** Tags applied to contacts: used by the contact tag routes and by POST /tags with `users`. */
import type { Db } from '../../db/database.js';
import type { TagsTable } from '../../db/schema.js';

export interface AppliedTag {
  tag: TagsTable;
  applied_at: number | null;
  applied_by: number | null;
}

/** The tag as a tagging operation returns it: with when and by whom it was applied. */
export function appliedTagWire({ tag, applied_at, applied_by }: AppliedTag) {
  return {
    type: 'tag' as const,
    id: String(tag.id),
    name: tag.name,
    applied_at: applied_at === null ? null : Number(applied_at),
    applied_by: applied_by === null ? null : { type: 'admin', id: String(applied_by) },
  };
}

/** Applies a tag to contacts; a contact that already has it keeps its original application. */
export async function applyTag(
  db: Db,
  workspaceId: string,
  tagId: number,
  contactIds: string[],
  now: number,
  adminId: number,
): Promise<void> {
  const unique = [...new Set(contactIds)];
  if (unique.length === 0) return;
  await db
    .insertInto('contact_tags')
    .values(unique.map((contact_id) => ({ workspace_id: workspaceId, contact_id, tag_id: tagId, applied_at: now, applied_by: adminId })))
    .onConflict((oc) => oc.columns(['workspace_id', 'contact_id', 'tag_id']).doNothing())
    .execute();
}

export async function removeTag(db: Db, workspaceId: string, tagId: number, contactIds: string[]): Promise<void> {
  if (contactIds.length === 0) return;
  await db
    .deleteFrom('contact_tags')
    .where('workspace_id', '=', workspaceId)
    .where('tag_id', '=', tagId)
    .where('contact_id', 'in', contactIds)
    .execute();
}

/** The tags on one contact, oldest application first. */
export async function tagsOfContact(db: Db, workspaceId: string, contactId: string): Promise<AppliedTag[]> {
  const rows = await db
    .selectFrom('contact_tags as ct')
    .innerJoin('tags as t', (j) => j.onRef('t.workspace_id', '=', 'ct.workspace_id').onRef('t.id', '=', 'ct.tag_id'))
    .selectAll('t')
    .select(['ct.applied_at', 'ct.applied_by'])
    .where('ct.workspace_id', '=', workspaceId)
    .where('ct.contact_id', '=', contactId)
    .orderBy('ct.applied_at')
    .orderBy('t.id')
    .execute();
  return rows.map(({ applied_at, applied_by, ...tag }) => ({ tag, applied_at, applied_by }));
}

/** Contact ids (among `ids`) that exist in the workspace. */
export async function existingContactIds(db: Db, workspaceId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('contacts').select('id').where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}
