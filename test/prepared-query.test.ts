/** preparedQuery: compiled once per engine, then run with each call's own values. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { preparedQuery } from '../src/db/prepared.js';
import { engine, testApi } from './harness.js';

const api = await testApi();

const tagsNamed = preparedQuery((db, v: { workspaceId: string; name: string }) =>
  db
    .selectFrom('tags')
    .select(['id', 'name'])
    .where('workspace_id', '=', v.workspaceId)
    // A constant the builder writes in stays bound as written.
    .where('id', '>', 0)
    .where('name', '=', v.name),
);

test('each call binds its own values; constants stay as written', async () => {
  const one = await api.newWorkspace();
  const two = await api.newWorkspace();
  const a = (await one.call('POST', '/tags', { body: { name: 'alpha' } })).body;
  const b = (await one.call('POST', '/tags', { body: { name: 'beta' } })).body;
  const c = (await two.call('POST', '/tags', { body: { name: 'alpha' } })).body;

  const db = api.database.db;
  assert.deepEqual((await tagsNamed.all(db, { workspaceId: one.id, name: 'alpha' })).map((r) => String(r.id)), [a.id]);
  assert.deepEqual((await tagsNamed.all(db, { workspaceId: one.id, name: 'beta' })).map((r) => String(r.id)), [b.id]);
  assert.deepEqual((await tagsNamed.all(db, { workspaceId: two.id, name: 'alpha' })).map((r) => String(r.id)), [c.id]);
  assert.equal(await tagsNamed.first(db, { workspaceId: two.id, name: 'beta' }), undefined);
});

test('runs inside a transaction, seeing its uncommitted writes', async () => {
  const ws = await api.newWorkspace();
  const db = api.database.db;
  const seen = await db
    .transaction()
    .execute(async (trx) => {
      await trx.insertInto('tags').values({ workspace_id: ws.id, id: 9_900_001, name: 'in flight', created_at: 1, updated_at: 1 }).execute();
      const inside = await tagsNamed.first(trx, { workspaceId: ws.id, name: 'in flight' });
      throw Object.assign(new Error('roll back'), { inside });
    })
    .catch((error: { inside?: unknown }) => error.inside);
  assert.equal(String((seen as { id: number }).id), '9900001');
  assert.equal(await tagsNamed.first(db, { workspaceId: ws.id, name: 'in flight' }), undefined, 'rolled back');
});

test('on PostgreSQL a prepared query runs as a named statement, and survives a schema change under it', { skip: engine !== 'postgres' && 'PostgreSQL only' }, async () => {
  const db = api.database.db;
  const table = `prepared_scratch_${process.pid}`;
  await sql`CREATE TABLE ${sql.table(table)} (id integer PRIMARY KEY, name text)`.execute(db);
  try {
    await sql`INSERT INTO ${sql.table(table)} (id, name) VALUES (1, 'one'), (2, 'two')`.execute(db);
    const byId = preparedQuery((qdb, v: { id: number }) => (qdb as unknown as Kysely<any>).selectFrom(table).selectAll().where('id', '=', v.id));
    // One connection throughout, as a busy server's pooled connection would be.
    await db.connection().execute(async (conn) => {
      assert.deepEqual(await byId.all(conn, { id: 1 }), [{ id: 1, name: 'one' }]);
      const prepared = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name LIKE 'intercom_%' AND statement LIKE ${`%${table}%`}`.execute(conn);
      assert.equal(prepared.rows[0].n, 1, 'planned once on this connection, then only executed');

      // Another process migrates: the plan's result type changes under the named statement.
      await sql`ALTER TABLE ${sql.table(table)} ADD COLUMN extra text`.execute(db);
      assert.deepEqual(await byId.all(conn, { id: 2 }), [{ id: 2, name: 'two', extra: null }]);
      assert.deepEqual(await byId.all(conn, { id: 1 }), [{ id: 1, name: 'one', extra: null }]);
    });
  } finally {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
});
