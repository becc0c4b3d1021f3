import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstError, testApi, type TestWorkspace } from './harness.js';

const api = await testApi();

const defaultFeed = async (ws: TestWorkspace): Promise<string> => (await ws.call('GET', '/news/newsfeeds')).body.data[0].id;
const create = (ws: TestWorkspace, body: Record<string, unknown>) => ws.call('POST', '/news/news_items', { body: { sender_id: ws.ownerAdminId, ...body } });
const liveIds = async (ws: TestWorkspace, feed: string): Promise<string[]> =>
  (await ws.call('GET', `/news/newsfeeds/${feed}/items`)).body.data.map((i: any) => i.id);

test('listNewsfeeds and retrieveNewsfeed: every workspace starts with one newsfeed of its own', async () => {
  const ws = await api.newWorkspace();
  const list = await ws.call('GET', '/news/newsfeeds');
  assert.equal(list.status, 200, list.raw);
  assert.equal(list.body.type, 'list');
  assert.equal(list.body.total_count, 1);
  const [feed] = list.body.data;
  assert.equal(feed.type, 'newsfeed');
  assert.equal(feed.name, 'Newsfeed');
  assert.match(feed.id, /^\d+$/);
  const one = await ws.call('GET', `/news/newsfeeds/${feed.id}`);
  assert.deepEqual(one.body, feed);
  const other = await api.newWorkspace();
  assert.notEqual(await defaultFeed(other), feed.id);
  assert.equal((await other.call('GET', `/news/newsfeeds/${feed.id}`)).status, 404);
});

test('createNewsItem: defaults (draft, four empty reaction slots, no labels) and sorted labels', async () => {
  const ws = await api.newWorkspace();
  const draft = await create(ws, { title: 'We have news' });
  assert.equal(draft.status, 200, draft.raw);
  const item = draft.body;
  assert.equal(item.type, 'news-item');
  assert.match(item.id, /^\d+$/);
  assert.equal(item.workspace_id, ws.id);
  assert.equal(item.title, 'We have news');
  assert.equal(item.body, '');
  assert.equal(item.sender_id, ws.ownerAdminId);
  assert.equal(item.state, 'draft');
  assert.deepEqual(item.labels, []);
  assert.deepEqual(item.reactions, [null, null, null, null]);
  assert.equal(item.deliver_silently, false);
  assert.equal(item.cover_image_url, null);
  assert.deepEqual(item.newsfeed_assignments, []);
  assert.equal(item.created_at, ws.clock.now());

  const full = await create(ws, { title: 'Halloween', body: '<p>Costumes</p>', labels: ['Update', 'New', 'Product', 'New'], reactions: ['😆', '😅'], deliver_silently: true, state: 'live' });
  assert.deepEqual(full.body.labels, ['New', 'Product', 'Update']);
  assert.deepEqual(full.body.reactions, ['😆', '😅']);
  assert.equal(full.body.deliver_silently, true);
  assert.equal(full.body.state, 'live');
  const empty = await create(ws, { title: 'No reactions', reactions: [] });
  assert.deepEqual(empty.body.reactions, [], 'an empty list turns reactions off');
  assert.deepEqual((await ws.call('GET', `/news/news_items/${full.body.id}`)).body, full.body);
});

test('createNewsItem: the sender must be a teammate of this workspace; bad input changes nothing', async () => {
  const ws = await api.newWorkspace();
  const other = await api.newWorkspace();
  for (const [body, field] of [
    [{ title: 'x', sender_id: other.ownerAdminId }, 'sender_id'],
    [{ title: 'x', sender_id: 999999999 }, 'sender_id'],
    [{ title: '   ' }, 'title'],
    [{ title: 'x', newsfeed_assignments: [{ newsfeed_id: 999999999, published_at: 1 }] }, 'newsfeed_assignments.newsfeed_id'],
    [{ title: 'x', newsfeed_assignments: [{ newsfeed_id: Number(await defaultFeed(other)), published_at: 1 }] }, 'newsfeed_assignments.newsfeed_id'],
  ] as const) {
    const res = await create(ws, body);
    assert.equal(res.status, 400, res.raw);
    assert.equal(firstError(res).field, field);
  }
  const missing = await ws.call('POST', '/news/news_items', { body: { title: 'no sender' } });
  assert.equal(missing.status, 400);
  assert.equal(firstError(missing).code, 'parameter_not_found');
  assert.equal((await ws.call('GET', '/news/news_items')).body.total_count, 0);
});

test('listLiveNewsfeedItems: only live items assigned to the newsfeed, newest publish date first', async () => {
  const ws = await api.newWorkspace();
  const feed = await defaultFeed(ws);
  const now = ws.clock.now();
  const old = await create(ws, { title: 'Old', state: 'live', newsfeed_assignments: [{ newsfeed_id: Number(feed), published_at: now - 3600 }] });
  assert.equal(old.status, 200, old.raw);
  assert.deepEqual(old.body.newsfeed_assignments, [{ newsfeed_id: Number(feed), published_at: now - 3600 }]);
  const fresh = await create(ws, { title: 'Fresh', state: 'live', newsfeed_assignments: [{ newsfeed_id: Number(feed), published_at: null }] });
  assert.deepEqual(fresh.body.newsfeed_assignments, [{ newsfeed_id: Number(feed), published_at: now }], 'no date means now');
  const draft = await create(ws, { title: 'Draft', newsfeed_assignments: [{ newsfeed_id: Number(feed), published_at: now - 60 }] });
  assert.deepEqual(draft.body.newsfeed_assignments, [{ newsfeed_id: Number(feed), published_at: null }], 'a draft has no publish date yet');
  await create(ws, { title: 'Live, on no newsfeed', state: 'live' });

  const list = await ws.call('GET', `/news/newsfeeds/${feed}/items`);
  assert.equal(list.status, 200, list.raw);
  assert.deepEqual(list.body.data.map((i: any) => i.title), ['Fresh', 'Old']);
  assert.equal(list.body.total_count, 2);
  assert.deepEqual(list.body.pages, { type: 'pages', page: 1, per_page: 20, total_pages: 1 });

  // Going live publishes the draft now; going back to draft takes an item off.
  ws.clock.advance(10);
  const published = await ws.call('PUT', `/news/news_items/${draft.body.id}`, { body: { title: 'Draft', sender_id: ws.ownerAdminId, state: 'live' } });
  assert.deepEqual(published.body.newsfeed_assignments, [{ newsfeed_id: Number(feed), published_at: now + 10 }]);
  await ws.call('PUT', `/news/news_items/${old.body.id}`, { body: { title: 'Old', sender_id: ws.ownerAdminId, state: 'draft' } });
  assert.deepEqual(await liveIds(ws, feed), [draft.body.id, fresh.body.id]);

  // A publish date in the future is refused; removing the assignments takes the item off.
  const future = await ws.call('PUT', `/news/news_items/${fresh.body.id}`, {
    body: { title: 'Fresh', sender_id: ws.ownerAdminId, newsfeed_assignments: [{ newsfeed_id: Number(feed), published_at: now + 3600 }] },
  });
  assert.equal(future.status, 400, future.raw);
  await ws.call('PUT', `/news/news_items/${fresh.body.id}`, { body: { title: 'Fresh', sender_id: ws.ownerAdminId, newsfeed_assignments: [] } });
  assert.deepEqual(await liveIds(ws, feed), [draft.body.id]);

  const other = await api.newWorkspace();
  assert.equal((await other.call('GET', `/news/newsfeeds/${feed}/items`)).status, 404);
});

test('updateNewsItem: changes what is sent and keeps the rest; deleteNewsItem', async () => {
  const ws = await api.newWorkspace();
  const item = (await create(ws, { title: 'Christmas', body: '<p>Gifts</p>', labels: ['B', 'A'], deliver_silently: true })).body;
  ws.clock.advance(30);
  const res = await ws.call('PUT', `/news/news_items/${item.id}`, { body: { title: 'Christmas is here!', sender_id: ws.ownerAdminId, reactions: ['😝', '😂'] } });
  assert.equal(res.status, 200, res.raw);
  assert.equal(res.body.title, 'Christmas is here!');
  assert.equal(res.body.body, '<p>Gifts</p>');
  assert.deepEqual(res.body.labels, ['A', 'B']);
  assert.deepEqual(res.body.reactions, ['😝', '😂']);
  assert.equal(res.body.deliver_silently, true);
  assert.equal(res.body.created_at, item.created_at);
  assert.equal(res.body.updated_at, item.created_at + 30);

  const stranger = await api.newWorkspace();
  const refused = await ws.call('PUT', `/news/news_items/${item.id}`, { body: { title: 'Hijack', sender_id: stranger.ownerAdminId } });
  assert.equal(refused.status, 400);
  assert.equal((await ws.call('GET', `/news/news_items/${item.id}`)).body.title, 'Christmas is here!');

  const deleted = await ws.call('DELETE', `/news/news_items/${item.id}`);
  assert.deepEqual(deleted.body, { id: item.id, object: 'news-item', deleted: true });
  assert.equal((await ws.call('GET', `/news/news_items/${item.id}`)).status, 404);
  const again = await ws.call('DELETE', `/news/news_items/${item.id}`);
  assert.equal(again.status, 404);
  assert.deepEqual(firstError(again), { code: 'not_found', message: 'Resource Not Found' });
  assert.equal((await ws.events()).length, 0, 'news writes record no webhook topic');
});

test('listNewsItems: page-number pages, oldest first, past the end empty', async () => {
  const ws = await api.newWorkspace();
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push((await create(ws, { title: `Item ${i}` })).body.id);
  const first = await ws.call('GET', '/news/news_items?per_page=2');
  assert.deepEqual(first.body.data.map((i: any) => i.id), ids.slice(0, 2));
  assert.deepEqual(first.body.pages, { type: 'pages', page: 1, per_page: 2, total_pages: 2 });
  assert.equal(first.body.total_count, 3);
  const second = await ws.call('GET', '/news/news_items?per_page=2&page=2');
  assert.deepEqual(second.body.data.map((i: any) => i.id), ids.slice(2));
  assert.deepEqual((await ws.call('GET', '/news/news_items?page=3&per_page=2')).body.data, []);
  assert.equal((await ws.call('GET', '/news/news_items?per_page=151')).status, 400);
});
