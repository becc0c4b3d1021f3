import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstError, testApi, type TestWorkspace } from './harness.js';

const api = await testApi();

const createCollection = (ws: TestWorkspace, body: Record<string, unknown>) => ws.call('POST', '/help_center/collections', { body });
const collectionIds = async (ws: TestWorkspace, query = '') => (await ws.call('GET', `/help_center/collections${query}`)).body.data.map((c: any) => c.id);

test('help centers: every workspace has one, listed and retrieved; other ids are 404', async () => {
  const ws = await api.newWorkspace('Acme');
  const list = await ws.call('GET', '/help_center/help_centers');
  assert.equal(list.status, 200, list.raw);
  assert.equal(list.body.type, 'list');
  assert.equal(list.body.data.length, 1);
  const hc = list.body.data[0];
  assert.match(hc.id, /^\d+$/);
  assert.equal(hc.workspace_id, ws.id);
  assert.equal(hc.display_name, 'Acme Help Center');
  assert.equal(hc.identifier, ws.id);
  assert.equal(hc.url, `https://intercom.help/${ws.id}`);
  assert.equal(hc.website_turned_on, true);
  assert.equal(hc.custom_domain, null);
  assert.deepEqual((await ws.call('GET', `/help_center/help_centers/${hc.id}`)).body, hc);
  assert.deepEqual((await ws.call('GET', '/help_center/help_centers?page=2')).body, { type: 'list', data: [] }, 'past the end: no items, where the SDK stops');

  const other = await api.newWorkspace();
  const theirs = (await other.call('GET', '/help_center/help_centers')).body.data[0].id;
  assert.notEqual(theirs, hc.id);
  const res = await ws.call('GET', `/help_center/help_centers/${theirs}`);
  assert.equal(res.status, 404);
  assert.deepEqual(firstError(res), { code: 'not_found', message: 'Resource Not Found' });
});

test('createCollection: defaults, translations in the help center locales, order among siblings', async () => {
  const ws = await api.newWorkspace();
  const hc = (await ws.call('GET', '/help_center/help_centers')).body.data[0];
  const res = await createCollection(ws, { name: 'Getting started', description: 'First steps', translated_content: { fr: { name: 'Premiers pas', description: 'Les bases' } } });
  assert.equal(res.status, 200, res.raw);
  const c = res.body;
  assert.match(c.id, /^\d+$/);
  assert.equal(c.workspace_id, ws.id);
  assert.equal(c.name, 'Getting started');
  assert.equal(c.description, 'First steps');
  assert.equal(c.created_at, ws.clock.now());
  assert.equal(c.updated_at, ws.clock.now());
  assert.equal(c.icon, 'book-bookmark');
  assert.equal(c.order, 1);
  assert.equal(c.default_locale, 'en');
  assert.equal(c.parent_id, null);
  assert.equal(c.help_center_id, Number(hc.id));
  assert.equal(c.url, `${hc.url}/en/collections/${c.id}-getting-started`);
  assert.deepEqual(c.translated_content, {
    type: 'group_translated_content',
    en: { type: 'group_content', name: 'Getting started', description: 'First steps' },
    fr: { type: 'group_content', name: 'Premiers pas', description: 'Les bases' },
  });
  assert.deepEqual((await ws.call('GET', `/help_center/collections/${c.id}`)).body, c);

  const second = (await createCollection(ws, { name: 'Billing', help_center_id: Number(hc.id) })).body;
  assert.equal(second.order, 2, 'last among the top-level collections');
  assert.equal(second.description, '');
  const child = (await createCollection(ws, { name: 'Invoices', parent_id: second.id })).body;
  assert.equal(child.parent_id, second.id);
  assert.equal(child.order, 1, 'first among its own siblings');
  assert.equal(child.help_center_id, Number(hc.id));
});

test('createCollection: bad bodies are 400 and create nothing', async () => {
  const ws = await api.newWorkspace();
  const missing = await createCollection(ws, { description: 'Missing required parameter' });
  assert.equal(missing.status, 400);
  assert.equal(firstError(missing).code, 'parameter_not_found');
  assert.equal(firstError(missing).message, 'Name is a required parameter.');
  const blank = await createCollection(ws, { name: '   ' });
  assert.deepEqual(firstError(blank), { code: 'parameter_not_found', message: 'Name is a required parameter.', field: 'name' });
  const locale = await createCollection(ws, { name: 'x', translated_content: { ja: { name: 'エックス' } } });
  assert.equal(locale.status, 400);
  assert.equal(firstError(locale).code, 'parameter_invalid');
  assert.match(firstError(locale).message, /ja/);
  const noName = await createCollection(ws, { name: 'x', translated_content: { de: { description: 'ohne Namen' } } });
  assert.equal(noName.status, 400);
  assert.equal(firstError(noName).field, 'translated_content.de.name');
  assert.equal((await createCollection(ws, { name: 'x', parent_id: '999999999' })).status, 404);
  assert.equal((await createCollection(ws, { name: 'x', help_center_id: 999999999 })).status, 404);
  assert.deepEqual(await collectionIds(ws), []);
});

test('collections nest at most three levels deep, and never inside themselves', async () => {
  const ws = await api.newWorkspace();
  const a = (await createCollection(ws, { name: 'A' })).body;
  const b = (await createCollection(ws, { name: 'B', parent_id: a.id })).body;
  const c = (await createCollection(ws, { name: 'C', parent_id: b.id })).body;
  const tooDeep = await createCollection(ws, { name: 'D', parent_id: c.id });
  assert.equal(tooDeep.status, 400);
  assert.equal(firstError(tooDeep).field, 'parent_id');

  const self = await ws.call('PUT', `/help_center/collections/${a.id}`, { body: { parent_id: a.id } });
  assert.equal(self.status, 400);
  const loop = await ws.call('PUT', `/help_center/collections/${a.id}`, { body: { parent_id: c.id } });
  assert.equal(loop.status, 400);
  const x = (await createCollection(ws, { name: 'X' })).body;
  const deepMove = await ws.call('PUT', `/help_center/collections/${a.id}`, { body: { parent_id: x.id } });
  assert.equal(deepMove.status, 400, 'A holds two levels: under X it would make four');
  const moved = await ws.call('PUT', `/help_center/collections/${b.id}`, { body: { parent_id: x.id } });
  assert.equal(moved.status, 200, 'X, B and C: three levels');
  assert.equal(moved.body.parent_id, x.id);
  assert.equal(moved.body.order, 1, 'first among its new siblings');
  const under = await ws.call('PUT', `/help_center/collections/${c.id}`, { body: { parent_id: a.id } });
  assert.equal(under.status, 200, under.raw);
  assert.equal(under.body.parent_id, a.id);
  const top = await ws.call('PUT', `/help_center/collections/${b.id}`, { body: { parent_id: null } });
  assert.equal(top.body.parent_id, null);
  assert.equal(top.body.order, 3, 'last among the top-level collections (A, X)');
  assert.equal((await ws.call('GET', `/help_center/collections/${c.id}`)).body.parent_id, a.id);
});

test('updateCollection: changes what is sent, merges translations, moves to the top of the list', async () => {
  const ws = await api.newWorkspace();
  const a = (await createCollection(ws, { name: 'A', description: 'about A', translated_content: { fr: { name: 'A fr', description: 'à propos' } } })).body;
  ws.clock.advance(10);
  const b = (await createCollection(ws, { name: 'B' })).body;
  assert.deepEqual(await collectionIds(ws), [b.id, a.id], 'most recently updated first');
  ws.clock.advance(10);
  const res = await ws.call('PUT', `/help_center/collections/${a.id}`, { body: { name: 'Renamed', translated_content: { fr: { description: 'nouveau' }, de: { name: 'A de' } } } });
  assert.equal(res.status, 200, res.raw);
  assert.equal(res.body.name, 'Renamed');
  assert.equal(res.body.description, 'about A', 'not sent: kept');
  assert.equal(res.body.created_at, a.created_at);
  assert.equal(res.body.updated_at, ws.clock.now());
  assert.deepEqual(res.body.translated_content.fr, { type: 'group_content', name: 'A fr', description: 'nouveau' });
  assert.deepEqual(res.body.translated_content.de, { type: 'group_content', name: 'A de', description: '' });
  assert.equal(res.body.translated_content.en.name, 'Renamed');
  assert.deepEqual(await collectionIds(ws), [a.id, b.id]);
  assert.deepEqual(await collectionIds(ws, '?per_page=1&page=2'), [b.id]);
  const list = (await ws.call('GET', '/help_center/collections?per_page=1')).body;
  assert.equal(list.total_count, 2);
  assert.deepEqual(list.pages, { type: 'pages', page: 1, per_page: 1, total_pages: 2 });
  assert.deepEqual(await collectionIds(ws, '?page=3&per_page=1'), []);
  const blank = await ws.call('PUT', `/help_center/collections/${a.id}`, { body: { name: '' } });
  assert.equal(blank.status, 400);
});

test('deleteCollection: its sub-collections go, its articles stay outside any collection', async () => {
  const ws = await api.newWorkspace();
  const top = (await createCollection(ws, { name: 'Top' })).body;
  const sub = (await createCollection(ws, { name: 'Sub', parent_id: top.id })).body;
  const keep = (await createCollection(ws, { name: 'Keep' })).body;
  const article = (await ws.call('POST', '/articles', { body: { title: 'In sub', author_id: ws.ownerAdminId, parent_id: Number(sub.id), state: 'published' } })).body;
  const elsewhere = (await ws.call('POST', '/articles', { body: { title: 'In keep', author_id: ws.ownerAdminId, parent_id: Number(keep.id) } })).body;
  assert.equal(article.parent_id, Number(sub.id));

  const res = await ws.call('DELETE', `/help_center/collections/${top.id}`);
  assert.equal(res.status, 200, res.raw);
  assert.deepEqual(res.body, { id: top.id, object: 'collection', deleted: true });
  assert.equal((await ws.call('GET', `/help_center/collections/${top.id}`)).status, 404);
  assert.equal((await ws.call('GET', `/help_center/collections/${sub.id}`)).status, 404);
  assert.deepEqual(await collectionIds(ws), [keep.id]);
  const after = (await ws.call('GET', `/articles/${article.id}`)).body;
  assert.equal(after.parent_id, null);
  assert.equal(after.parent_type, null);
  assert.deepEqual(after.parent_ids, []);
  assert.equal(after.state, 'published');
  assert.equal((await ws.call('GET', `/articles/${elsewhere.id}`)).body.parent_id, Number(keep.id));
  assert.equal((await ws.call('DELETE', `/help_center/collections/${top.id}`)).status, 404);
});
