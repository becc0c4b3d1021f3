/** A page of contacts and their sub-lists is one statement; identity stays unique under concurrency. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KyselyPlugin } from 'kysely';
import { scopeOf } from '../src/core/scope.js';
import { contacts, contactWire } from '../src/resources/contacts/public.js';
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

test('a page of contacts is read with its tags, notes and subscriptions in one statement, for 1 contact or 40', async () => {
  const ws = await api.newWorkspace();
  const tag = (await ws.call('POST', '/tags', { body: { name: 'batch' } })).body;
  const optIn = (await ws.call('GET', '/subscription_types')).body.data.find((t: any) => t.consent_type === 'opt_in');
  for (let i = 0; i < 40; i++) {
    const c = (await ws.call('POST', '/contacts', { body: { email: `r${i}@example.com` } })).body;
    await ws.call('POST', `/contacts/${c.id}/tags`, { body: { id: tag.id } });
    await ws.call('POST', `/contacts/${c.id}/notes`, { body: { body: `note ${i}` } });
    if (i % 2 === 0) await ws.call('POST', `/contacts/${c.id}/subscriptions`, { body: { id: optIn.id, consent_type: 'opt_in' } });
  }

  const one = countingDb();
  await contacts(scopeOf(one.db, ws.id)).listLive({ limit: 1 });
  const many = countingDb();
  const { rows } = await contacts(scopeOf(many.db, ws.id)).listLive({ limit: 40 });
  // The total, then the page with every sub-list: no query per contact, none per sub-list.
  assert.equal(one.counter.queries, 2);
  assert.equal(many.counter.queries, 2);

  const rendered = rows.map(contactWire);
  assert.equal(rendered.length, 40);
  for (const c of rendered) {
    assert.equal(c.tags.total_count, 1);
    assert.deepEqual(c.tags.data, [{ type: 'tag', id: tag.id, url: `/tags/${tag.id}` }]);
    assert.equal(c.notes.total_count, 1);
    assert.equal(c.companies.total_count, 0);
  }
  assert.equal(rendered.filter((c) => c.opted_in_subscription_types.total_count === 1).length, 20);
  assert.equal(rendered.filter((c) => c.opted_out_subscription_types.total_count === 0).length, 40);
  // The same objects as ShowContact and ListContacts.
  const shown = (await ws.call('GET', `/contacts/${rows[3].id}`)).body;
  assert.deepEqual(JSON.parse(JSON.stringify(rendered[3])), shown);
  const listed = (await ws.call('GET', '/contacts?per_page=40')).body;
  assert.deepEqual(listed.data, JSON.parse(JSON.stringify(rendered)));
});

test('sub-lists keep their order: tags as applied, notes newest first, and show 10 items with the full count', async () => {
  const ws = await api.newWorkspace();
  const contact = (await ws.call('POST', '/contacts', { body: { email: 'ordered@example.com' } })).body;
  const tagIds: string[] = [];
  for (const name of ['zeta', 'alpha', 'mu', 'beta', 'omega', 'gamma', 'delta', 'eta', 'theta', 'iota', 'kappa', 'lambda']) {
    const tag = (await ws.call('POST', '/tags', { body: { name } })).body;
    tagIds.push(tag.id);
    ws.clock.advance(1);
    await ws.call('POST', `/contacts/${contact.id}/tags`, { body: { id: tag.id } });
  }
  const noteIds: string[] = [];
  for (let i = 0; i < 3; i++) {
    ws.clock.advance(1);
    noteIds.push((await ws.call('POST', `/contacts/${contact.id}/notes`, { body: { body: `note ${i}` } })).body.id);
  }
  const shown = (await ws.call('GET', `/contacts/${contact.id}`)).body;
  assert.deepEqual(shown.tags.data.map((t: any) => t.id), tagIds.slice(0, 10));
  assert.equal(shown.tags.total_count, 12);
  assert.equal(shown.tags.has_more, true);
  assert.deepEqual(shown.notes.data.map((n: any) => n.id), [...noteIds].reverse());
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
