import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstError, testApi, type TestWorkspace } from './harness.js';

const api = await testApi();

async function contact(ws: TestWorkspace, email: string) {
  return (await ws.call('POST', '/contacts', { body: { email } })).body;
}
async function tag(ws: TestWorkspace, name: string) {
  return (await ws.call('POST', '/tags', { body: { name } })).body;
}

test('attachTagToContact: answers with applied_at/applied_by; listTagsForAContact lists it; idempotent', async () => {
  const ws = await api.newWorkspace();
  const c = await contact(ws, 't@example.com');
  const vip = await tag(ws, 'VIP');
  const res = await ws.call('POST', `/contacts/${c.id}/tags`, { body: { id: vip.id } });
  assert.equal(res.status, 200, res.raw);
  const appliedAt = ws.clock.now();
  assert.deepEqual(res.body, { type: 'tag', id: vip.id, name: 'VIP', applied_at: appliedAt, applied_by: { type: 'admin', id: String(ws.ownerAdminId) } });
  ws.clock.advance(30);
  const again = await ws.call('POST', `/contacts/${c.id}/tags`, { body: { id: vip.id } });
  assert.equal(again.body.applied_at, appliedAt, 'the first application stands');
  const list = await ws.call('GET', `/contacts/${c.id}/tags`);
  assert.equal(list.status, 200);
  assert.deepEqual(list.body, { type: 'list', data: [res.body] });
  const shown = (await ws.call('GET', `/contacts/${c.id}`)).body;
  assert.deepEqual(shown.tags, { type: 'list', data: [{ type: 'tag', id: vip.id, url: `/tags/${vip.id}` }], url: `/contacts/${c.id}/tags`, total_count: 1, has_more: false });
});

test('contact tags sub-list shows at most 10 with has_more', async () => {
  const ws = await api.newWorkspace();
  const c = await contact(ws, 'many@example.com');
  for (let i = 0; i < 12; i++) await ws.call('POST', `/contacts/${c.id}/tags`, { body: { id: (await tag(ws, `t${i}`)).id } });
  const shown = (await ws.call('GET', `/contacts/${c.id}`)).body;
  assert.equal(shown.tags.data.length, 10);
  assert.equal(shown.tags.total_count, 12);
  assert.equal(shown.tags.has_more, true);
  assert.equal((await ws.call('GET', `/contacts/${c.id}/tags`)).body.data.length, 12);
});

test('detachTagFromContact: removes it and answers with the tag; unknown tag or contact → 404', async () => {
  const ws = await api.newWorkspace();
  const c = await contact(ws, 'd@example.com');
  const t = await tag(ws, 'gone');
  await ws.call('POST', `/contacts/${c.id}/tags`, { body: { id: t.id } });
  const res = await ws.call('DELETE', `/contacts/${c.id}/tags/${t.id}`);
  assert.equal(res.status, 200);
  assert.equal(res.body.type, 'tag');
  assert.equal(res.body.id, t.id);
  assert.equal(res.body.name, 'gone');
  assert.deepEqual((await ws.call('GET', `/contacts/${c.id}/tags`)).body.data, []);
  assert.equal((await ws.call('GET', `/contacts/${c.id}`)).body.tags.total_count, 0);
  // The tag itself still exists.
  assert.equal((await ws.call('GET', `/tags/${t.id}`)).status, 200);

  const other = await api.newWorkspace();
  const foreign = await tag(other, 'foreign');
  for (const id of ['999999999', 'abc', foreign.id]) {
    const attach = await ws.call('POST', `/contacts/${c.id}/tags`, { body: { id } });
    assert.equal(attach.status, 404, id);
    assert.deepEqual(firstError(attach), { code: 'not_found', message: 'Resource Not Found' });
    assert.equal((await ws.call('DELETE', `/contacts/${c.id}/tags/${id}`)).status, 404);
  }
  const missing = await ws.call('POST', '/contacts/0123456789abcdef01234567/tags', { body: { id: t.id } });
  assert.deepEqual(firstError(missing), { code: 'not_found', message: 'User Not Found' });
  assert.equal((await ws.call('GET', '/contacts/0123456789abcdef01234567/tags')).status, 404);
  assert.equal((await ws.call('POST', `/contacts/${c.id}/tags`, { body: { id: 5 } })).status, 400);
  assert.equal((await ws.call('POST', `/contacts/${c.id}/tags`, { body: {} })).status, 400);
});

test('deleting a tag removes it from contacts', async () => {
  const ws = await api.newWorkspace();
  const c = await contact(ws, 'x@example.com');
  const t = await tag(ws, 'temp');
  await ws.call('POST', `/contacts/${c.id}/tags`, { body: { id: t.id } });
  assert.equal((await ws.call('DELETE', `/tags/${t.id}`)).status, 200);
  assert.deepEqual((await ws.call('GET', `/contacts/${c.id}/tags`)).body.data, []);
});

test('createTag with users: creates the tag if missing and tags every contact, in one go', async () => {
  const ws = await api.newWorkspace();
  const a = await contact(ws, 'a@example.com');
  const b = await contact(ws, 'b@example.com');
  const res = await ws.call('POST', '/tags', { body: { name: 'Bulk', users: [{ id: a.id }, { id: b.id }, { id: a.id }] } });
  assert.equal(res.status, 200, res.raw);
  assert.equal(res.body.type, 'tag');
  assert.equal(res.body.name, 'Bulk');
  for (const c of [a, b]) {
    const tags = (await ws.call('GET', `/contacts/${c.id}/tags`)).body.data;
    assert.deepEqual(tags.map((t: any) => t.id), [res.body.id]);
    assert.equal(tags[0].applied_by.id, String(ws.ownerAdminId));
  }
  // An existing tag (any case) is reused.
  const again = await ws.call('POST', '/tags', { body: { name: 'bulk', users: [{ id: a.id }] } });
  assert.equal(again.body.id, res.body.id);
  assert.equal((await ws.call('GET', '/tags')).body.data.filter((t: any) => t.name.toLowerCase() === 'bulk').length, 1);
  // untag: true removes it.
  const untag = await ws.call('POST', '/tags', { body: { name: 'Bulk', users: [{ id: b.id, untag: true }] } });
  assert.equal(untag.status, 200);
  assert.deepEqual((await ws.call('GET', `/contacts/${b.id}/tags`)).body.data, []);
});

test('createTag with users: an unknown contact is 404 User Not Found and nothing is created or tagged', async () => {
  const ws = await api.newWorkspace();
  const a = await contact(ws, 'a@example.com');
  const other = await api.newWorkspace();
  const foreign = await contact(other, 'f@example.com');
  for (const id of ['0123456789abcdef01234567', 'nope', foreign.id]) {
    const res = await ws.call('POST', '/tags', { body: { name: 'Never', users: [{ id: a.id }, { id }] } });
    assert.equal(res.status, 404, res.raw);
    assert.deepEqual(firstError(res), { code: 'not_found', message: 'User Not Found' });
  }
  assert.ok(!(await ws.call('GET', '/tags')).body.data.some((t: any) => t.name === 'Never'));
  assert.deepEqual((await ws.call('GET', `/contacts/${a.id}/tags`)).body.data, []);
  const bad = await ws.call('POST', '/tags', { body: { name: 'Bad', users: [{}] } });
  assert.equal(bad.status, 400);
  assert.equal((await ws.call('POST', '/tags', { body: { name: '', users: [{ id: a.id }] } })).status, 400);
});

test('listCompaniesForAContact: a contact without companies gets an empty list under `companies`, paged; bad per_page and unknown contacts refused', async () => {
  const ws = await api.newWorkspace();
  const c = await contact(ws, 'co@example.com');
  const res = await ws.call('GET', `/contacts/${c.id}/companies`);
  assert.equal(res.status, 200, res.raw);
  assert.equal(res.body.type, 'list');
  assert.deepEqual(res.body.companies, []);
  assert.equal(res.body.total_count, 0);
  assert.equal(res.body.pages.next, null);
  assert.equal((await ws.call('GET', `/contacts/${c.id}/companies?page=2&per_page=5`)).body.pages.page, 2);
  assert.equal((await ws.call('GET', `/contacts/${c.id}/companies?per_page=500`)).status, 400);
  assert.equal((await ws.call('GET', '/contacts/0123456789abcdef01234567/companies')).status, 404);
});
