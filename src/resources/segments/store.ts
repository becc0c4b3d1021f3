import type { Db } from '../../db/database.js';
import type { SegmentsTable } from '../../db/schema.js';

export async function listSegments(db: Db, workspaceId: string): Promise<SegmentsTable[]> {
  return db.selectFrom('segments').selectAll().where('workspace_id', '=', workspaceId).orderBy('created_at').orderBy('name').execute();
}

export async function findSegment(db: Db, workspaceId: string, id: string): Promise<SegmentsTable | undefined> {
  return db.selectFrom('segments').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export async function insertSegments(db: Db, rows: SegmentsTable[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('segments').values(rows).execute();
}

/** Fields named anywhere in a stored query. */
export function fieldsOf(query: unknown, into = new Set<string>()): Set<string> {
  if (query && typeof query === 'object') {
    const node = query as { field?: unknown; value?: unknown };
    if (typeof node.field === 'string') into.add(node.field);
    if (Array.isArray(node.value)) for (const child of node.value) fieldsOf(child, into);
  }
  return into;
}

/** Segments whose rule mentions `field` (e.g. `custom_attributes.plan`): what blocks archiving it. */
export async function segmentsUsingField(db: Db, workspaceId: string, field: string): Promise<SegmentsTable[]> {
  const rows = await listSegments(db, workspaceId);
  return rows.filter((r) => fieldsOf(JSON.parse(r.query)).has(field));
}
