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

test('SDK dataExport: create, find, cancel, download (the gzipped file, with the client\'s default Accept)', async () => {
  const { ws, intercom } = await client();
  const contact = await intercom.contacts.create({ email: 'export@example.com' });
  await intercom.messages.create({ message_type: 'inapp', body: 'Hello', from: { type: 'admin', id: Number(ws.ownerAdminId) }, to: { type: 'user', id: contact.id } });
  const now = ws.clock.now();

  const canceled = await intercom.dataExport.create({ created_at_after: now - 60, created_at_before: now });
  assert.equal(canceled.status, 'pending');
  assert.equal(await status(intercom.dataExport.create({ created_at_after: now - 60, created_at_before: now })), 429);
  assert.equal((await intercom.dataExport.cancel({ job_identifier: canceled.job_identifier })).status, 'canceled');

  const job = await intercom.dataExport.create({ created_at_after: now - 60, created_at_before: now });
  await ws.runJobs();
  const found = await intercom.dataExport.find({ job_identifier: job.job_identifier });
  assert.equal(found.status, 'completed');
  assert.ok(found.download_url.endsWith(`/download/content/data/${job.job_identifier}`));
  const { rawResponse } = await intercom.dataExport.download({ job_identifier: job.job_identifier }).withRawResponse();
  assert.equal(rawResponse.status, 200);
  assert.equal(rawResponse.headers.get('content-type'), 'application/octet-stream');
  assert.equal(await status(intercom.dataExport.find({ job_identifier: 'aaaaaaaaaaaaaaaa' })), 404);
});
