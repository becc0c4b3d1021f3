/** News, the phone switch and data export through the official client, intercom-client@6.4.0, unmodified. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Intercom } from 'intercom-client';
import { testApi } from './harness.js';
import { sdkClients, status } from './sdk.js';

const api = await testApi();
const baseUrl = await api.listen();

const client = sdkClients(api, baseUrl, 'SDK News');

test('SDK news: items.create, find, update, list, delete; feeds.list, find, listItems', async () => {
  const { ws, intercom } = await client();
  const feeds = await intercom.news.feeds.list();
  assert.equal(feeds.total_count, 1);
  const feed = await intercom.news.feeds.find({ newsfeed_id: feeds.data![0].id });
  assert.equal(feed.type, 'newsfeed');

  const created = await intercom.news.items.create({
    title: 'Halloween is here!',
    body: '<p>New costumes in store for this spooky season</p>',
    sender_id: ws.ownerAdminId,
    state: 'live',
    deliver_silently: true,
    labels: ['Product', 'Update', 'New'],
    reactions: ['\uD83D\uDE06', '\uD83D\uDE05'],
    newsfeed_assignments: [{ newsfeed_id: Number(feed.id), published_at: ws.clock.now() - 60 }],
  });
  assert.equal(created.type, 'news-item');
  assert.deepEqual(created.labels, ['New', 'Product', 'Update']);
  assert.equal((await intercom.news.items.find({ news_item_id: created.id })).title, 'Halloween is here!');

  const updated = await intercom.news.items.update({
    news_item_id: created.id,
    body: { title: 'Christmas is here!', body: '<p>New gifts in store for the jolly season</p>', sender_id: ws.ownerAdminId, reactions: ['\uD83D\uDE1D', '\uD83D\uDE02'] },
  });
  assert.equal(updated.title, 'Christmas is here!');
  assert.deepEqual(updated.reactions, ['\uD83D\uDE1D', '\uD83D\uDE02']);

  const live = await intercom.news.feeds.listItems({ newsfeed_id: feed.id });
  assert.deepEqual(live.data?.map((i) => i.id), [created.id]);
  assert.equal((await intercom.news.items.list()).total_count, 1);

  const deleted = await intercom.news.items.delete({ news_item_id: created.id });
  assert.deepEqual({ ...deleted }, { id: created.id, object: 'news-item', deleted: true });
  assert.equal(await status(intercom.news.items.find({ news_item_id: created.id })), 404);
});

test('SDK phoneCallRedirects.create: the redirect, and BadRequestError carrying {error_key, message} for a bad number', async () => {
  const { intercom } = await client();
  const redirect = await intercom.phoneCallRedirects.create({ phone: '+353832345678', custom_attributes: { issue_type: 'Billing', priority: 'High' } });
  assert.equal(redirect.type, 'phone_call_redirect');
  assert.equal(redirect.phone, '+353832345678');
  try {
    await intercom.phoneCallRedirects.create({ phone: 'not a number' });
    assert.fail('expected a 400');
  } catch (error) {
    assert.ok(error instanceof Intercom.BadRequestError);
    assert.deepEqual(error.body, { error_key: 'invalid_phone_number', message: 'Invalid phone number' });
  }
});
