/**
 * Everything that differs between SQLite and PostgreSQL lives here, and nowhere else.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Db, Engine } from './database.js';

/**
 * Numeric Intercom ids (admins, teams, tags, notes, conversations…) come from one sequence shared by
 * every kind and workspace, so an id never names two things. PostgreSQL uses a real sequence
 * (no row lock held by open transactions); SQLite, which has one writer anyway, a counter row.
 */
export const ID_SEQUENCE_START = 1_000_001;

export async function createIdSequence(db: Db): Promise<void> {
  if (engineOf(db) === 'postgres') {
    await sql`CREATE SEQUENCE IF NOT EXISTS intercom_ids START ${sql.lit(ID_SEQUENCE_START)}`.execute(db);
  } else {
    await db.schema
      .createTable('id_counter')
      .ifNotExists()
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value', 'bigint', (c) => c.notNull())
      .execute();
    await db
      .insertInto('id_counter')
      .values({ name: 'intercom_ids', value: ID_SEQUENCE_START - 1 })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

/** Reserves `count` consecutive-or-not fresh ids and returns them. */
export async function nextIds(db: Db, count: number): Promise<number[]> {
  if (count <= 0) return [];
  if (engineOf(db) === 'postgres') {
    const { rows } = await sql<{ id: number }>`SELECT nextval('intercom_ids') AS id FROM generate_series(1, ${count})`.execute(db);
    return rows.map((r) => Number(r.id));
  }
  const row = await db
    .updateTable('id_counter')
    .set((eb) => ({ value: eb('value', '+', count) }))
    .where('name', '=', 'intercom_ids')
    .returning('value')
    .executeTakeFirstOrThrow();
  const last = Number(row.value);
  return Array.from({ length: count }, (_, i) => last - count + 1 + i);
}

export async function nextId(db: Db): Promise<number> {
  return (await nextIds(db, 1))[0];
}

/** Which engine a Kysely instance (or a transaction of one) talks to. */
export function engineOf(db: Db): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
