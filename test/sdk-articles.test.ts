/** Articles, help centers and collections through the official client, intercom-client@6.4.0, unmodified. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApi } from './harness.js';
import { sdkClients, status } from './sdk.js';

const api = await testApi();
const baseUrl = await api.listen();

const client = sdkClients(api, baseUrl, 'SDK Articles');

test('SDK help centers and collections: list, find, create, update, delete', async () => {
  const { ws, intercom } = await client();
  const centers = [];
  for await (const hc of await intercom.helpCenters.list()) centers.push(hc);
  assert.equal(centers.length, 1, 'the iteration ends');
  const hc = await intercom.helpCenters.find({ help_center_id: centers[0].id });
  assert.equal(hc.workspace_id, ws.id);

  const created = await intercom.helpCenters.collections.create({ name: 'Thanks for everything' });
  assert.equal(created.name, 'Thanks for everything');
  assert.equal(created.help_center_id, Number(hc.id));
  const child = await intercom.helpCenters.collections.create({ name: 'Child', parent_id: created.id, help_center_id: Number(hc.id) });
  assert.equal(child.parent_id, created.id);
  const found = await intercom.helpCenters.collections.find({ collection_id: created.id });
  assert.equal(found.id, created.id);
  const updated = await intercom.helpCenters.collections.update({ collection_id: created.id, name: 'Update collection name' });
  assert.equal(updated.name, 'Update collection name');

  const seen: string[] = [];
  for await (const c of await intercom.helpCenters.collections.list({ per_page: 1 })) seen.push(c.id);
  assert.deepEqual(seen.sort(), [created.id, child.id].sort());

  const deleted = await intercom.helpCenters.collections.delete({ collection_id: created.id });
  assert.deepEqual({ ...deleted }, { id: created.id, object: 'collection', deleted: true });
  assert.equal(await status(intercom.helpCenters.collections.find({ collection_id: child.id })), 404);
  assert.equal(await status(intercom.helpCenters.find({ help_center_id: '999999999' })), 404);
});

test('SDK articles: create (the docs\' example), find, update, list, search, delete', async () => {
  const { ws, intercom } = await client();
  const collection = await intercom.helpCenters.collections.create({ name: 'Guides' });
  const created = await intercom.articles.create({
    title: 'Thanks for everything',
    description: 'Description of the Article',
    body: 'Body of the Article',
    author_id: ws.ownerAdminId,
    state: 'published',
    parent_id: Number(collection.id),
    parent_type: 'collection',
    translated_content: {
      fr: { type: 'article_content', title: 'Merci pour tout', description: "Description de l'article", body: "Corps de l'article", author_id: ws.ownerAdminId, state: 'published' },
    },
  });
  assert.equal(created.body, '<p class="no-margin">Body of the Article</p>');
  assert.equal(created.parent_id, Number(collection.id));
  assert.equal(created.translated_content?.fr?.title, 'Merci pour tout');
  assert.ok(created.url?.endsWith(`/en/articles/${created.id}-thanks-for-everything`));

  const found = await intercom.articles.find({ article_id: created.id });
  assert.equal(found.title, 'Thanks for everything');
  const updated = await intercom.articles.update({ article_id: created.id, title: 'Christmas is here!', body: '<p>New gifts in store for the jolly season</p>' });
  assert.equal(updated.body, '<p class="no-margin">New gifts in store for the jolly season</p>');
  assert.equal(updated.state, 'published');
  await intercom.articles.create({ title: 'Getting started', author_id: ws.ownerAdminId });

  const titles: string[] = [];
  for await (const a of await intercom.articles.list({ per_page: 1 })) titles.push(a.title);
  assert.deepEqual(titles, ['Getting started', 'Christmas is here!']);

  const results = await intercom.articles.search({ phrase: 'Getting started', state: 'published' });
  assert.equal(results.total_count, 0, 'the article is a draft');
  const drafts = await intercom.articles.search({ phrase: 'Getting started', highlight: true });
  assert.equal(drafts.total_count, 1);
  assert.equal(drafts.data.articles?.[0].title, 'Getting started');
  assert.deepEqual(drafts.data.highlights?.[0].highlighted_title, [{ type: 'highlight', text: 'Getting started' }]);

  const deleted = await intercom.articles.delete({ article_id: created.id });
  assert.deepEqual({ ...deleted }, { id: created.id, object: 'article', deleted: true });
  assert.equal(await status(intercom.articles.find({ article_id: created.id })), 404);
});
