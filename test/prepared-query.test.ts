/** preparedQuery: compiled once per engine, then run with each call's own values. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { preparedQuery } from '../src/db/prepared.js';
import { testApi } from './harness.js';

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
