import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { sqlLimit } from '../../http/pagination.js';
import { engineOf } from '../../db/dialect.js';
import type { ContactsTable } from '../../db/schema.js';

export async function findContact(db: Db, workspaceId: string, id: string): Promise<ContactsTable | undefined> {
  return db.selectFrom('contacts').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

/**
 * Serialises identity checks within a workspace until the transaction ends, so two concurrent creates
 * with one email cannot both pass the duplicate check. PostgreSQL takes a transaction-scoped advisory
 * lock; SQLite needs nothing (one writer, and Kysely runs a transaction on its single connection).
 */
export async function lockIdentities(db: Db, workspaceId: string): Promise<void> {
  if (engineOf(db) !== 'postgres') return;
  await sql`SELECT pg_advisory_xact_lock(hashtext(${'contacts-identity:' + workspaceId}))`.execute(db);
}

/**
 * A contact (archived or not) already holding this email (case-insensitively) or external_id,
 * other than `exceptId`: the identity Intercom keeps unique per workspace.
 */
export async function findIdentityClash(
  db: Db,
  workspaceId: string,
  identity: { email?: string | null; externalId?: string | null },
  exceptId?: string,
): Promise<ContactsTable | undefined> {
  const { email, externalId } = identity;
  if (!email && !externalId) return undefined;
  let query = db
    .selectFrom('contacts')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where((eb) => {
      const either = [];
      if (email) either.push(eb(sql`lower(email)`, '=', email.toLowerCase()));
      if (externalId) either.push(eb('external_id', '=', externalId));
      return eb.or(either);
    });
  if (exceptId) query = query.where('id', '!=', exceptId);
  return query.orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
}

export async function insertContact(db: Db, row: ContactsTable): Promise<void> {
  await db.insertInto('contacts').values(row).execute();
}

export async function updateContact(db: Db, workspaceId: string, id: string, changes: Partial<ContactsTable>): Promise<void> {
  if (Object.keys(changes).length === 0) return;
  await db.updateTable('contacts').set(changes).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** Deletes a contact and everything hanging off it (tags, notes, subscription choices). */
export async function deleteContact(db: Db, workspaceId: string, id: string): Promise<void> {
  // Explicit deletes, so the result never depends on foreign-key enforcement (a SQLite pragma).
  await db.deleteFrom('contact_tags').where('workspace_id', '=', workspaceId).where('contact_id', '=', id).execute();
  await db.deleteFrom('notes').where('workspace_id', '=', workspaceId).where('contact_id', '=', id).execute();
  await db.deleteFrom('contact_subscriptions').where('workspace_id', '=', workspaceId).where('contact_id', '=', id).execute();
  await db.deleteFrom('contacts').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** Live (unarchived) contacts in (created_at, id) order, after the cursor key when given. */
export async function listLiveContacts(
  db: Db,
  workspaceId: string,
  options: { after?: { createdAt: number; id: string }; limit: number },
): Promise<{ rows: ContactsTable[]; total: number }> {
  const base = db.selectFrom('contacts').where('workspace_id', '=', workspaceId).where('archived', '=', 0);
  const totalRow = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  let page = base.selectAll();
  if (options.after) {
    const { createdAt, id } = options.after;
    page = page.where((eb) =>
      eb.or([eb('created_at', '>', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '>', id)])]),
    );
  }
  const rows = await page.orderBy('created_at').orderBy('id').limit(sqlLimit(options.limit)).execute();
  return { rows, total: Number(totalRow.n) };
}
