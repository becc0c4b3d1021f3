/** renderContacts loads sub-lists in a fixed number of queries; identity stays unique under concurrency. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KyselyPlugin } from 'kysely';
import { renderContacts } from '../src/resources/contacts/wire.js';
import { firstError, testApi } from './harness.js';

const api = await testApi();

function countingDb() {
  const counter = { queries: 0 };
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      counter.queries++;
      return args.node;
    },
    async transformResult(args) {
      return args.result;
    },
  };
  return { db: api.database.db.withPlugin(plugin), counter };
}

test('renderContacts: three queries whether it renders 1 contact or 40 with tags, notes and subscriptions', async () => {
  const ws = await api.newWorkspace();
  const tag = (await ws.call('POST', '/tags', { body: { name: 'batch' } })).body;
  const optIn = (await ws.call('GET', '/subscription_types')).body.data.find((t: any) => t.consent_type === 'opt_in');
  const ids: string[] = [];
  for (let i = 0; i < 40; i++) {
    const c = (await ws.call('POST', '/contacts', { body: { email: `r${i}@example.com` } })).body;
    ids.push(c.id);
    await ws.call('POST', `/contacts/${c.id}/tags`, { body: { id: tag.id } });
    await ws.call('POST', `/contacts/${c.id}/notes`, { body: { body: `note ${i}` } });
    if (i % 2 === 0) await ws.call('POST', `/contacts/${c.id}/subscriptions`, { body: { id: optIn.id, consent_type: 'opt_in' } });
  }
  const rows = await api.database.db.selectFrom('contacts').selectAll().where('workspace_id', '=', ws.id).orderBy('id').execute();

  const one = countingDb();
  await renderContacts(one.db, ws.id, rows.slice(0, 1));
  const many = countingDb();
  const rendered = await renderContacts(many.db, ws.id, rows);
  assert.equal(one.counter.queries, 3);
  assert.equal(many.counter.queries, 3);

  assert.deepEqual(rendered.map((c) => c.id), rows.map((r) => r.id), 'order kept');
  for (const c of rendered) {
    assert.equal(c.tags.total_count, 1);
    assert.equal(c.notes.total_count, 1);
    assert.equal(c.companies.total_count, 0);
  }
  assert.equal(rendered.filter((c) => c.opted_in_subscription_types.total_count === 1).length, 20);
  // The same object as ShowContact.
  const shown = (await ws.call('GET', `/contacts/${rows[3].id}`)).body;
  assert.deepEqual(JSON.parse(JSON.stringify(rendered[3])), shown);
  assert.deepEqual(await renderContacts(api.database.db, ws.id, []), []);
});

test('CreateContact: concurrent creates with one email make exactly one contact; the rest are 409', async () => {
  const ws = await api.newWorkspace();
  const results = await Promise.all(
    Array.from({ length: 8 }, (_, i) => ws.call('POST', '/contacts', { body: { email: 'race@example.com', name: `n${i}` } })),
  );
  const ok = results.filter((r) => r.status === 200);
  assert.equal(ok.length, 1, results.map((r) => r.status).join(','));
  for (const r of results.filter((r) => r.status !== 200)) {
    assert.equal(r.status, 409);
    assert.equal(firstError(r).message, `A contact matching those details already exists with id=${ok[0].body.id}`);
  }
  assert.equal((await ws.call('GET', '/contacts')).body.total_count, 1);
});

test('Contacts and notes: NUL characters are 400, never a database error', async () => {
  const ws = await api.newWorkspace();
  for (const body of [{ email: 'a@b.co', name: 'x\u0000y' }, { email: 'a\u0000@b.co' }, { external_id: 'e\u0000' }]) {
    const res = await ws.call('POST', '/contacts', { body });
    assert.equal(res.status, 400, JSON.stringify(body));
  }
  const c = (await ws.call('POST', '/contacts', { body: { email: 'ok@b.co' } })).body;
  assert.equal((await ws.call('PUT', `/contacts/${c.id}`, { body: { phone: '\u0000' } })).status, 400);
  assert.equal((await ws.call('POST', `/contacts/${c.id}/notes`, { body: { body: 'a\u0000b' } })).status, 400);
});
