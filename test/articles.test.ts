import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstError, testApi, type TestWorkspace } from './harness.js';

const api = await testApi();

const createArticle = (ws: TestWorkspace, body: Record<string, unknown>) => ws.call('POST', '/articles', { body });
const article = async (ws: TestWorkspace, body: Record<string, unknown>) => {
  const res = await createArticle(ws, { author_id: ws.ownerAdminId, ...body });
  assert.equal(res.status, 200, res.raw);
  return res.body;
};
const search = async (ws: TestWorkspace, query: string) => {
  const res = await ws.call('GET', `/articles/search?${query}`);
  assert.equal(res.status, 200, res.raw);
  return res.body;
};
const foundIds = async (ws: TestWorkspace, query: string) => (await search(ws, query)).data.articles.map((a: any) => a.id);

test('createArticle: a draft by default, body normalised, no URL until published', async () => {
  const ws = await api.newWorkspace();
  const res = await createArticle(ws, { title: 'Thanks for everything', description: 'Description of the Article', body: 'Body of the Article', author_id: ws.ownerAdminId });
  assert.equal(res.status, 200, res.raw);
  const a = res.body;
  assert.match(a.id, /^\d+$/);
  assert.equal(a.type, 'article');
  assert.equal(a.workspace_id, ws.id);
  assert.equal(a.title, 'Thanks for everything');
  assert.equal(a.description, 'Description of the Article');
  assert.equal(a.body, '<p class="no-margin">Body of the Article</p>');
  assert.equal(a.author_id, ws.ownerAdminId);
  assert.equal(a.state, 'draft');
  assert.equal(a.url, null);
  assert.equal(a.parent_id, null);
  assert.equal(a.parent_type, null);
  assert.deepEqual(a.parent_ids, []);
  assert.equal(a.default_locale, 'en');
  assert.equal(a.created_at, ws.clock.now());
  assert.deepEqual(a.statistics, { type: 'article_statistics', views: 0, conversions: 0, reactions: 0, happy_reaction_percentage: 0, neutral_reaction_percentage: 0, sad_reaction_percentage: 0 });
  assert.deepEqual(Object.keys(a.translated_content), ['type', 'en']);
  assert.equal(a.translated_content.en.title, 'Thanks for everything');
  assert.equal(a.translated_content.en.url, undefined, 'a draft has no url');
  assert.deepEqual((await ws.call('GET', `/articles/${a.id}`)).body, a);

  ws.clock.advance(30);
  const published = await ws.call('PUT', `/articles/${a.id}`, { body: { state: 'published', title: 'Thanks, Été!' } });
  assert.equal(published.status, 200, published.raw);
  assert.equal(published.body.state, 'published');
  assert.equal(published.body.body, a.body, 'not sent: kept');
  assert.equal(published.body.url, `https://intercom.help/${ws.id}/en/articles/${a.id}-thanks-ete`);
  assert.equal(published.body.updated_at, ws.clock.now());
  assert.equal(published.body.created_at, a.created_at);
  const renamed = await ws.call('PUT', `/articles/${a.id}`, { body: { title: 'Again' } });
  assert.equal(renamed.body.state, 'published', 'an omitted state is unchanged');
});

test('article bodies: HTML paragraphs get Intercom\'s class, plain text becomes paragraphs, scripts go', async () => {
  const ws = await api.newWorkspace();
  const html = await article(ws, { title: 'h', body: '<p>New gifts in store</p><h2>Later</h2><p style="x" onclick="steal()">Two</p><script>alert(1)</script>' });
  assert.equal(html.body, '<p class="no-margin">New gifts in store</p><h2>Later</h2><p class="no-margin">Two</p>');
  const text = await article(ws, { title: 't', body: 'One & two\nline\n\nThree' });
  assert.equal(text.body, '<p class="no-margin">One &amp; two<br>line</p><p class="no-margin">Three</p>');
  const none = await article(ws, { title: 'n' });
  assert.equal(none.body, '');
});

test('createArticle: translations in the workspace help center locales, each with its own state and URL', async () => {
  const ws = await api.newWorkspace();
  const collection = (await ws.call('POST', '/help_center/collections', { body: { name: 'Guides' } })).body;
  const a = await article(ws, {
    title: 'Thanks for everything',
    body: 'Body of the Article',
    state: 'published',
    parent_id: Number(collection.id),
    parent_type: 'collection',
    translated_content: { fr: { title: 'Merci pour tout', description: "Description de l'article", body: "Corps de l'article", state: 'published' }, de: { title: 'Danke' } },
  });
  assert.equal(a.parent_id, Number(collection.id));
  assert.equal(a.parent_type, 'collection');
  assert.deepEqual(a.parent_ids, [Number(collection.id)]);
  const fr = a.translated_content.fr;
  assert.equal(fr.type, 'article_content');
  assert.equal(fr.title, 'Merci pour tout');
  assert.equal(fr.body, '<p class="no-margin">Corps de l\'article</p>');
  assert.equal(fr.author_id, ws.ownerAdminId, 'the article author by default');
  assert.equal(fr.state, 'published');
  assert.equal(fr.url, `https://intercom.help/${ws.id}/fr/articles/${a.id}-merci-pour-tout`);
  assert.equal(a.translated_content.de.state, 'draft', 'a translation is a draft unless said');
  assert.equal(a.translated_content.de.url, undefined);

  const res = await ws.call('PUT', `/articles/${a.id}`, { body: { translated_content: { de: { state: 'published' }, es: { title: 'Gracias' } } } });
  assert.equal(res.status, 200, res.raw);
  assert.equal(res.body.translated_content.de.title, 'Danke');
  assert.equal(res.body.translated_content.de.state, 'published');
  assert.equal(res.body.translated_content.es.title, 'Gracias');
  assert.equal(res.body.translated_content.fr.title, 'Merci pour tout', 'untouched locales stay');

  const unsupported = await ws.call('PUT', `/articles/${a.id}`, { body: { translated_content: { ja: { title: 'ありがとう' } } } });
  assert.equal(unsupported.status, 400);
  assert.equal(firstError(unsupported).code, 'parameter_invalid');
  const untitled = await ws.call('PUT', `/articles/${a.id}`, { body: { translated_content: { it: { body: 'x' } } } });
  assert.equal(untitled.status, 400, 'it is not a locale of the help center');
});

test('createArticle: the author and title may come from the default locale; bad bodies are 400/404 and create nothing', async () => {
  const ws = await api.newWorkspace();
  const fromLocale = await createArticle(ws, { translated_content: { en: { title: 'From en', author_id: ws.ownerAdminId, state: 'published' } } });
  assert.equal(fromLocale.status, 200, fromLocale.raw);
  assert.equal(fromLocale.body.title, 'From en');
  assert.equal(fromLocale.body.state, 'published');

  const noAuthor = await createArticle(ws, { title: 'Thanks for everything', description: 'Description of the Article', body: 'Body', state: 'published' });
  assert.equal(noAuthor.status, 400);
  assert.deepEqual(firstError(noAuthor), { code: 'parameter_not_found', message: 'author_id must be in the main body or default locale translated_content object', field: 'author_id' });
  const noTitle = await createArticle(ws, { author_id: ws.ownerAdminId });
  assert.equal(noTitle.status, 400);
  assert.equal(firstError(noTitle).code, 'parameter_not_found');
  const stranger = await createArticle(ws, { title: 'x', author_id: 999999999 });
  assert.equal(stranger.status, 404);
  assert.equal(firstError(stranger).code, 'admin_not_found');
  const frAuthor = await createArticle(ws, { title: 'x', author_id: ws.ownerAdminId, translated_content: { fr: { title: 'x', author_id: 999999999 } } });
  assert.equal(frAuthor.status, 404);
  assert.equal((await createArticle(ws, { title: 'x', author_id: ws.ownerAdminId, parent_id: 999999999 })).status, 404);
  assert.equal((await createArticle(ws, { title: 'x', author_id: ws.ownerAdminId, parent_type: 'section' })).status, 400);
  assert.equal((await createArticle(ws, { title: 'x', author_id: ws.ownerAdminId, state: 'live' })).status, 400);
  const list = (await ws.call('GET', '/articles')).body;
  assert.deepEqual(list.data.map((a: any) => a.id), [fromLocale.body.id]);
});

test('updateArticle: parent_id as string or integer, null takes it out; author must be an admin', async () => {
  const ws = await api.newWorkspace();
  const c = (await ws.call('POST', '/help_center/collections', { body: { name: 'C' } })).body;
  const a = await article(ws, { title: 'Move me' });
  const inString = await ws.call('PUT', `/articles/${a.id}`, { body: { parent_id: c.id } });
  assert.equal(inString.body.parent_id, Number(c.id));
  const out = await ws.call('PUT', `/articles/${a.id}`, { body: { parent_id: null } });
  assert.equal(out.body.parent_id, null);
  const inNumber = await ws.call('PUT', `/articles/${a.id}`, { body: { parent_id: Number(c.id) } });
  assert.equal(inNumber.body.parent_id, Number(c.id));
  const admins = (await ws.call('GET', '/admins')).body.admins;
  const other = Number(admins[1].id);
  const author = await ws.call('PUT', `/articles/${a.id}`, { body: { author_id: other } });
  assert.equal(author.body.author_id, other);
  assert.equal((await ws.call('PUT', `/articles/${a.id}`, { body: { author_id: 12345 } })).status, 404);
  assert.equal((await ws.call('PUT', `/articles/${a.id}`, { body: { title: '  ' } })).status, 400);
  assert.equal((await ws.call('GET', `/articles/${a.id}`)).body.author_id, other, 'the failed updates changed nothing');
});

test('listArticles and deleteArticle: most recently updated first, page by page; delete shape and 404 after', async () => {
  const ws = await api.newWorkspace();
  const ids: string[] = [];
  for (const n of [1, 2, 3]) {
    ids.push((await article(ws, { title: `A${n}` })).id);
    ws.clock.advance(5);
  }
  await ws.call('PUT', `/articles/${ids[0]}`, { body: { description: 'touched' } });
  const list = (await ws.call('GET', '/articles?per_page=2')).body;
  assert.equal(list.type, 'list');
  assert.equal(list.total_count, 3);
  assert.deepEqual(list.pages, { type: 'pages', page: 1, per_page: 2, total_pages: 2 });
  assert.deepEqual(list.data.map((a: any) => a.id), [ids[0], ids[2]]);
  assert.ok(list.data[0].statistics, 'list items carry statistics');
  assert.deepEqual((await ws.call('GET', '/articles?per_page=2&page=2')).body.data.map((a: any) => a.id), [ids[1]]);
  assert.deepEqual((await ws.call('GET', '/articles?page=9')).body.data, []);

  const res = await ws.call('DELETE', `/articles/${ids[1]}`);
  assert.deepEqual(res.body, { id: ids[1], object: 'article', deleted: true });
  assert.equal((await ws.call('GET', `/articles/${ids[1]}`)).status, 404);
  assert.deepEqual(firstError(await ws.call('DELETE', `/articles/${ids[1]}`)), { code: 'not_found', message: 'Resource Not Found' });
  assert.equal((await ws.call('GET', '/articles')).body.total_count, 2);
});

test('searchArticles: every word in title or body, in any locale, accents and case folded, ranked by relevance', async () => {
  const ws = await api.newWorkspace();
  const bodyOnly = await article(ws, { title: 'Account basics', body: '<p>Before getting started, reset your password.</p>', state: 'published' });
  ws.clock.advance(5);
  const titleWord = await article(ws, { title: 'Started guide', body: 'Getting things done', state: 'published' });
  ws.clock.advance(5);
  const titlePhrase = await article(ws, { title: 'Getting Started', body: 'Welcome!', state: 'published' });
  ws.clock.advance(5);
  const draft = await article(ws, { title: 'Getting started (draft)', body: 'wip' });
  ws.clock.advance(5);
  const french = await article(ws, { title: 'Billing', body: 'Invoices', state: 'published', translated_content: { fr: { title: 'Démarrer', body: 'Getting started en français', state: 'published' } } });
  await article(ws, { title: 'Unrelated', body: 'Nothing about it' });

  const all = await search(ws, 'phrase=getting%20started');
  assert.equal(all.type, 'list');
  assert.equal(all.total_count, 5);
  assert.deepEqual(all.data.articles.map((a: any) => a.id), [draft.id, titlePhrase.id, titleWord.id, french.id, bodyOnly.id]);
  assert.deepEqual(all.data.highlights, [], 'no highlights unless asked');
  assert.deepEqual(all.pages, { type: 'pages', page: 1, per_page: 10, total_pages: 1 });
  assert.deepEqual(await foundIds(ws, 'phrase=GETTING%20started&state=published'), [titlePhrase.id, titleWord.id, french.id, bodyOnly.id]);
  assert.deepEqual(await foundIds(ws, 'phrase=getting%20started&state=draft'), [draft.id]);
  assert.deepEqual(await foundIds(ws, 'phrase=demarrer'), [french.id], 'accents folded');
  assert.deepEqual(await foundIds(ws, 'phrase=passwords'), [], 'whole words only');
  assert.deepEqual(await foundIds(ws, 'phrase=password%20unrelated'), [], 'every word must appear');
  const paged = await search(ws, 'phrase=getting%20started&per_page=2&page=2');
  assert.deepEqual(paged.data.articles.map((a: any) => a.id), [titleWord.id, french.id]);
  assert.deepEqual(paged.pages, { type: 'pages', page: 2, per_page: 2, total_pages: 3 });
  assert.equal((await search(ws, '')).total_count, 6, 'no phrase: every article');
  assert.equal((await ws.call('GET', '/articles/search?state=archived')).status, 400);

  const other = await api.newWorkspace();
  await article(other, { title: 'Getting started elsewhere', state: 'published' });
  assert.equal((await search(ws, 'phrase=elsewhere')).total_count, 0, "another workspace's articles are never found");
});

test('searchArticles: highlight=true marks the words in the title and passages of the body', async () => {
  const ws = await api.newWorkspace();
  const a = await article(ws, { title: 'Getting Started with Été', body: '<p>Intro.</p><p>When getting started, read the <b>started</b> guide &amp; more.</p>', state: 'published' });
  const res = await search(ws, 'phrase=started%20ete&highlight=true');
  assert.equal(res.total_count, 1);
  assert.deepEqual(res.data.highlights, [
    {
      article_id: a.id,
      highlighted_title: [
        { type: 'plain', text: 'Getting ' },
        { type: 'highlight', text: 'Started' },
        { type: 'plain', text: ' with ' },
        { type: 'highlight', text: 'Été' },
      ],
      highlighted_summary: [
        [
          { type: 'plain', text: 'Intro. When getting ' },
          { type: 'highlight', text: 'started' },
          { type: 'plain', text: ', read the ' },
          { type: 'highlight', text: 'started' },
          { type: 'plain', text: ' guide & more.' },
        ],
      ],
    },
  ]);
  const body = await search(ws, 'phrase=guide&highlight=true');
  assert.deepEqual(body.data.highlights[0].highlighted_summary, [
    [
      { type: 'plain', text: 'When getting started, read the started ' },
      { type: 'highlight', text: 'guide' },
      { type: 'plain', text: ' & more.' },
    ],
  ]);
});

test('searchArticles: help_center_id keeps the articles in its collections', async () => {
  const ws = await api.newWorkspace();
  const hc = (await ws.call('GET', '/help_center/help_centers')).body.data[0];
  const c = (await ws.call('POST', '/help_center/collections', { body: { name: 'C' } })).body;
  const sub = (await ws.call('POST', '/help_center/collections', { body: { name: 'Sub', parent_id: c.id } })).body;
  const inSub = await article(ws, { title: 'Deep topic', parent_id: Number(sub.id) });
  await article(ws, { title: 'Loose topic' });
  assert.deepEqual(await foundIds(ws, `phrase=topic&help_center_id=${hc.id}`), [inSub.id]);
  assert.equal((await ws.call('GET', '/articles/search?help_center_id=999999999')).status, 404);
});

test('searchArticles: overlong runs of letters are not words, and do not stop an article being written or found', async () => {
  const ws = await api.newWorkspace();
  const blob = 'a'.repeat(3000);
  const a = await article(ws, { title: `Key ${blob}`, body: `<p>${blob} findme</p>`, state: 'published' });
  assert.deepEqual(await foundIds(ws, 'phrase=findme'), [a.id]);
  assert.deepEqual(await foundIds(ws, `phrase=${blob}`), [a.id], 'an overlong word is no condition: the phrase has no words left');
});
