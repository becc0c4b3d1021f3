import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstError, testApi, type TestWorkspace } from './harness.js';

const api = await testApi();

const create = (ws: TestWorkspace, body: Record<string, unknown>) => ws.call('POST', '/companies', { body });

async function eventsDuring(ws: TestWorkspace, work: () => Promise<unknown>) {
  const before = (await ws.events()).length;
  await work();
  return (await ws.events()).slice(before).map((e) => [e.topic, e.item] as [string, any]);
}

test('createOrUpdateCompany: creates by company_id, then updates the same company; company_id never changes', async () => {
  const ws = await api.newWorkspace();
  const res = await create(ws, { company_id: 'acme-1', name: 'Acme', plan: 'Pro', size: 40, website: 'not a url', industry: 'Rockets', remote_created_at: 1374138000, monthly_spend: 155.98 });
  assert.equal(res.status, 200, res.raw);
  const c = res.body;
  assert.equal(c.type, 'company');
  assert.match(c.id, /^[0-9a-f]{24}$/);
  assert.equal(c.app_id, ws.id);
  assert.equal(c.company_id, 'acme-1');
  assert.equal(c.name, 'Acme');
  assert.deepEqual(c.plan, { type: 'plan', name: 'Pro' });
  assert.equal(c.size, 40);
  assert.equal(c.website, 'not a url');
  assert.equal(c.industry, 'Rockets');
  assert.equal(c.remote_created_at, 1374138000);
  assert.equal(c.monthly_spend, 155, 'monthly_spend is truncated');
  assert.equal(c.user_count, 0);
  assert.equal(c.session_count, 0);
  assert.equal(c.created_at, ws.clock.now());
  assert.deepEqual(c.tags, { type: 'tag.list', tags: [] });
  assert.deepEqual(c.segments, { type: 'segment.list', segments: [] });

  ws.clock.advance(60);
  const again = await create(ws, { company_id: 'acme-1', name: 'Acme Inc' });
  assert.equal(again.status, 200);
  assert.equal(again.body.id, c.id, 'same company');
  assert.equal(again.body.name, 'Acme Inc');
  assert.equal(again.body.industry, 'Rockets', 'fields not sent are kept');
  assert.equal(again.body.created_at, c.created_at);
  assert.equal(again.body.updated_at, ws.clock.now());
  assert.deepEqual((await ws.call('GET', `/companies/${c.id}`)).body, again.body);
});

test('createOrUpdateCompany: concurrent creates of one new company_id make one company', async () => {
  const ws = await api.newWorkspace();
  const answers = await Promise.all([1, 2, 3, 4].map((n) => create(ws, { company_id: 'race', name: `n${n}` })));
  assert.deepEqual(answers.map((r) => r.status), [200, 200, 200, 200], answers.map((r) => r.raw).join('\n'));
  assert.equal(new Set(answers.map((r) => r.body.id)).size, 1);
  const topics = (await ws.events()).map((e) => e.topic);
  assert.deepEqual(topics.filter((t) => t === 'company.created'), ['company.created']);
});

test('createOrUpdateCompany: unset fields show as empty values; plan {} when none', async () => {
  const ws = await api.newWorkspace();
  const res = await create(ws, { company_id: 'bare' });
  assert.equal(res.status, 200, res.raw);
  assert.deepEqual(res.body.plan, {});
  assert.equal(res.body.name, '');
  assert.equal(res.body.monthly_spend, 0);
  assert.equal(res.body.website, '');
});

test('createOrUpdateCompany: bad bodies are 400 and write nothing', async () => {
  const ws = await api.newWorkspace();
  const unknown = await create(ws, { company_id: 'x', test: 'invalid' });
  assert.equal(unknown.status, 400);
  assert.deepEqual(firstError(unknown), { code: 'bad_request', message: "bad 'test' parameter", field: 'test' });
  for (const body of [{}, { name: 'no id' }, { company_id: '' }, { company_id: '   ' }]) {
    const bad = await create(ws, body);
    assert.equal(bad.status, 400, JSON.stringify(body));
    assert.equal(firstError(bad).code, 'parameter_not_found');
    assert.equal(firstError(bad).message, 'company not specified');
  }
  const tooMuch = await create(ws, { company_id: 'x', monthly_spend: 2 ** 31 });
  assert.equal(tooMuch.status, 400);
  assert.equal(firstError(tooMuch).field, 'monthly_spend');
  const attr = await create(ws, { company_id: 'x', custom_attributes: { nope: 1 } });
  assert.equal(attr.status, 400);
  assert.equal(firstError(attr).code, 'parameter_invalid');
  assert.equal((await ws.events()).filter((e) => e.topic.startsWith('company.')).length, 0, 'nothing written');
  assert.equal((await create(ws, { company_id: 'x' })).body.created_at, ws.clock.now());
});

test('custom_attributes: validated against company data attributes, merged on update, null removes', async () => {
  const ws = await api.newWorkspace();
  assert.equal((await ws.call('POST', '/data_attributes', { body: { name: 'seats', model: 'company', data_type: 'integer' } })).status, 200);
  assert.equal((await ws.call('POST', '/data_attributes', { body: { name: 'tier', model: 'company', data_type: 'string' } })).status, 200);
  assert.equal((await ws.call('POST', '/data_attributes', { body: { name: 'contact_only', model: 'contact', data_type: 'string' } })).status, 200);
  const c = await create(ws, { company_id: 'ca', custom_attributes: { seats: 9, tier: 'gold' } });
  assert.equal(c.status, 200, c.raw);
  assert.deepEqual(c.body.custom_attributes, { seats: 9, tier: 'gold' });
  const wrongType = await ws.call('PUT', `/companies/${c.body.id}`, { body: { custom_attributes: { seats: 'many' } } });
  assert.equal(wrongType.status, 400);
  assert.equal(firstError(wrongType).field, 'custom_attributes.seats');
  const contactAttr = await create(ws, { company_id: 'ca', custom_attributes: { contact_only: 'x' } });
  assert.equal(contactAttr.status, 400, 'a contact attribute is not a company attribute');
  const merged = await ws.call('PUT', `/companies/${c.body.id}`, { body: { custom_attributes: { tier: null, seats: 10 } } });
  assert.equal(merged.status, 200, merged.raw);
  assert.deepEqual(merged.body.custom_attributes, { seats: 10 });
});

test('RetrieveACompanyById: 404 company_not_found for unknown, malformed and other workspaces\' ids', async () => {
  const ws = await api.newWorkspace();
  const other = await api.newWorkspace();
  const theirs = (await create(other, { company_id: 'theirs' })).body.id;
  for (const id of ['0123456789abcdef01234567', 'nope', theirs]) {
    const res = await ws.call('GET', `/companies/${id}`);
    assert.equal(res.status, 404, id);
    assert.deepEqual(firstError(res), { code: 'company_not_found', message: 'Company Not Found' });
  }
});

test('UpdateCompany: updates by Intercom id; company_id cannot change; unknown id is 404', async () => {
  const ws = await api.newWorkspace();
  const c = (await create(ws, { company_id: 'u1', name: 'Before' })).body;
  ws.clock.advance(5);
  const res = await ws.call('PUT', `/companies/${c.id}`, { body: { name: 'After', plan: 'Enterprise', company_id: 'u1' } });
  assert.equal(res.status, 200, res.raw);
  assert.equal(res.body.name, 'After');
  assert.deepEqual(res.body.plan, { type: 'plan', name: 'Enterprise' });
  assert.equal(res.body.updated_at, ws.clock.now());
  const change = await ws.call('PUT', `/companies/${c.id}`, { body: { company_id: 'u2' } });
  assert.equal(change.status, 400);
  assert.equal(firstError(change).field, 'company_id');
  const noBody = await ws.call('PUT', `/companies/${c.id}`);
  assert.equal(noBody.status, 200, 'the SDK sends no body');
  assert.equal(noBody.body.name, 'After');
  const missing = await ws.call('PUT', '/companies/0123456789abcdef01234567', { body: { name: 'x' } });
  assert.equal(missing.status, 404);
  assert.equal(firstError(missing).code, 'company_not_found');
  assert.equal((await ws.call('GET', `/companies/${c.id}`)).body.company_id, 'u1');
});

test('deleteCompany: short shape, then 404; the company_id is free again', async () => {
  const ws = await api.newWorkspace();
  const c = (await create(ws, { company_id: 'd1' })).body;
  const res = await ws.call('DELETE', `/companies/${c.id}`);
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { id: c.id, object: 'company', deleted: true });
  assert.equal((await ws.call('GET', `/companies/${c.id}`)).status, 404);
  const again = await ws.call('DELETE', `/companies/${c.id}`);
  assert.equal(again.status, 404);
  assert.equal(firstError(again).code, 'company_not_found');
  const fresh = await create(ws, { company_id: 'd1' });
  assert.notEqual(fresh.body.id, c.id);
});

test('events: company.created, company.updated (as GET shows it), company.deleted (identifiers only)', async () => {
  const ws = await api.newWorkspace();
  let id = '';
  const created = await eventsDuring(ws, async () => (id = (await create(ws, { company_id: 'e1', name: 'E' })).body.id));
  assert.deepEqual(created.map(([t]) => t), ['company.created']);
  assert.deepEqual(created[0][1], (await ws.call('GET', `/companies/${id}`)).body);
  const updated = await eventsDuring(ws, () => create(ws, { company_id: 'e1', name: 'E2' }));
  assert.deepEqual(updated.map(([t]) => t), ['company.updated']);
  assert.equal(updated[0][1].name, 'E2');
  const put = await eventsDuring(ws, () => ws.call('PUT', `/companies/${id}`, { body: { industry: 'Tea' } }));
  assert.deepEqual(put.map(([t]) => t), ['company.updated']);
  assert.deepEqual(put[0][1], (await ws.call('GET', `/companies/${id}`)).body);
  const deleted = await eventsDuring(ws, () => ws.call('DELETE', `/companies/${id}`));
  assert.deepEqual(deleted, [['company.deleted', { type: 'company', id, company_id: 'e1' }]]);
  assert.deepEqual(await eventsDuring(ws, () => ws.call('DELETE', `/companies/${id}`)), [], 'a failed delete records nothing');
});

const newContact = async (ws: TestWorkspace, email: string) => (await ws.call('POST', '/contacts', { body: { email } })).body;

test('attachContactToACompany / detachContactFromACompany: user_count, the contact\'s companies sub-list, both lists', async () => {
  const ws = await api.newWorkspace();
  const co = (await create(ws, { company_id: 'att', name: 'Att' })).body;
  const co2 = (await create(ws, { company_id: 'att2', name: 'Att2' })).body;
  const a = await newContact(ws, 'a@example.com');
  const b = await newContact(ws, 'b@example.com');
  const res = await ws.call('POST', `/contacts/${a.id}/companies`, { body: { id: co.id } });
  assert.equal(res.status, 200, res.raw);
  assert.equal(res.body.id, co.id);
  assert.equal(res.body.user_count, 1);
  const again = await ws.call('POST', `/contacts/${a.id}/companies`, { body: { id: co.id } });
  assert.equal(again.status, 200, 'attaching twice is harmless');
  assert.equal(again.body.user_count, 1);
  ws.clock.advance(1);
  assert.equal((await ws.call('POST', `/contacts/${a.id}/companies`, { body: { id: co2.id } })).status, 200);
  assert.equal((await ws.call('POST', `/contacts/${b.id}/companies`, { body: { id: co.id } })).body.user_count, 2);

  const shownContact = (await ws.call('GET', `/contacts/${a.id}`)).body;
  assert.deepEqual(shownContact.companies, {
    type: 'list',
    data: [
      { type: 'company', id: co.id, url: `/companies/${co.id}` },
      { type: 'company', id: co2.id, url: `/companies/${co2.id}` },
    ],
    url: `/contacts/${a.id}/companies`,
    total_count: 2,
    has_more: false,
  });
  const list = await ws.call('GET', `/contacts/${a.id}/companies`);
  assert.equal(list.status, 200, list.raw);
  assert.deepEqual(list.body.companies.map((c: any) => c.id), [co.id, co2.id]);
  assert.equal(list.body.total_count, 2);
  assert.equal(list.body.pages.next, null);
  const paged = await ws.call('GET', `/contacts/${a.id}/companies?per_page=1`);
  assert.deepEqual(paged.body.companies.map((c: any) => c.id), [co.id]);
  assert.equal(paged.body.pages.next, `/contacts/${a.id}/companies?page=2&per_page=1`);
  assert.deepEqual((await ws.call('GET', `/contacts/${a.id}/companies?page=3&per_page=1`)).body.companies, []);

  const attached = await ws.call('GET', `/companies/${co.id}/contacts`);
  assert.equal(attached.status, 200, attached.raw);
  assert.deepEqual(attached.body.data.map((c: any) => c.id), [a.id, b.id]);
  assert.equal(attached.body.data[0].companies.total_count, 2);
  assert.equal(attached.body.total_count, 2);
  assert.equal(attached.body.pages.total_pages, 1);
  assert.deepEqual((await ws.call('GET', `/companies/${co.id}/contacts?page=2`)).body.data, [], 'past the end: 200, empty');

  const detached = await ws.call('DELETE', `/contacts/${a.id}/companies/${co.id}`);
  assert.equal(detached.status, 200, detached.raw);
  assert.equal(detached.body.id, co.id);
  assert.equal(detached.body.user_count, 1);
  const twice = await ws.call('DELETE', `/contacts/${a.id}/companies/${co.id}`);
  assert.equal(twice.status, 200, 'detaching what is not attached is a no-op, as for tags');
  assert.equal(twice.body.user_count, 1);
  assert.deepEqual((await ws.call('GET', `/contacts/${a.id}`)).body.companies.data.map((c: any) => c.id), [co2.id]);
});

test('attach: unknown contact is 404 User Not Found; unknown or missing company id is 404/400; nothing attached', async () => {
  const ws = await api.newWorkspace();
  const other = await api.newWorkspace();
  const co = (await create(ws, { company_id: 'x' })).body;
  const theirs = (await create(other, { company_id: 'x' })).body;
  const a = await newContact(ws, 'a@example.com');
  const noContact = await ws.call('POST', '/contacts/0123456789abcdef01234567/companies', { body: { id: co.id } });
  assert.equal(noContact.status, 404);
  assert.deepEqual(firstError(noContact), { code: 'not_found', message: 'User Not Found' });
  for (const id of ['0123456789abcdef01234567', 'nope', theirs.id]) {
    const res = await ws.call('POST', `/contacts/${a.id}/companies`, { body: { id } });
    assert.equal(res.status, 404, id);
    assert.equal(firstError(res).code, 'company_not_found');
  }
  assert.equal((await ws.call('POST', `/contacts/${a.id}/companies`, { body: {} })).status, 400);
  assert.equal((await ws.call('GET', `/contacts/${a.id}`)).body.companies.total_count, 0);
  assert.equal((await ws.call('GET', `/companies/0123456789abcdef01234567/contacts`)).status, 404);
  assert.equal((await ws.call('DELETE', `/contacts/${a.id}/companies/${theirs.id}`)).status, 404);
});

test('deleting a company detaches its contacts; deleting a contact lowers user_count', async () => {
  const ws = await api.newWorkspace();
  const co = (await create(ws, { company_id: 'gone' })).body;
  const keep = (await create(ws, { company_id: 'kept' })).body;
  const a = await newContact(ws, 'a@example.com');
  const b = await newContact(ws, 'b@example.com');
  for (const c of [a, b]) await ws.call('POST', `/contacts/${c.id}/companies`, { body: { id: keep.id } });
  await ws.call('POST', `/contacts/${a.id}/companies`, { body: { id: co.id } });
  assert.equal((await ws.call('DELETE', `/companies/${co.id}`)).status, 200);
  assert.deepEqual((await ws.call('GET', `/contacts/${a.id}`)).body.companies.data.map((c: any) => c.id), [keep.id]);
  assert.equal((await ws.call('DELETE', `/contacts/${b.id}`)).status, 200);
  assert.equal((await ws.call('GET', `/companies/${keep.id}`)).body.user_count, 1);
});

test('merging a lead into a user leaves the lead\'s companies to the user', async () => {
  const ws = await api.newWorkspace();
  const co = (await create(ws, { company_id: 'm' })).body;
  const lead = (await ws.call('POST', '/contacts', { body: { role: 'lead', name: 'Lead' } })).body;
  const user = await newContact(ws, 'u@example.com');
  await ws.call('POST', `/contacts/${lead.id}/companies`, { body: { id: co.id } });
  const merged = await ws.call('POST', '/contacts/merge', { body: { from: lead.id, into: user.id } });
  assert.equal(merged.status, 200, merged.raw);
  assert.deepEqual(merged.body.companies.data.map((c: any) => c.id), [co.id]);
  assert.equal((await ws.call('GET', `/companies/${co.id}`)).body.user_count, 1);
});

test('events: company.contact.attached / detached carry the company and the contact as the API shows them', async () => {
  const ws = await api.newWorkspace();
  const co = (await create(ws, { company_id: 'ev' })).body;
  const a = await newContact(ws, 'a@example.com');
  const attached = await eventsDuring(ws, () => ws.call('POST', `/contacts/${a.id}/companies`, { body: { id: co.id } }));
  assert.deepEqual(attached.map(([t]) => t), ['company.contact.attached']);
  assert.equal(attached[0][1].type, 'contact_company');
  assert.deepEqual(attached[0][1].company, (await ws.call('GET', `/companies/${co.id}`)).body);
  assert.deepEqual(attached[0][1].contact, (await ws.call('GET', `/contacts/${a.id}`)).body);
  assert.deepEqual(await eventsDuring(ws, () => ws.call('POST', `/contacts/${a.id}/companies`, { body: { id: co.id } })), [], 'no change, no event');
  const detached = await eventsDuring(ws, () => ws.call('DELETE', `/contacts/${a.id}/companies/${co.id}`));
  assert.deepEqual(detached.map(([t]) => t), ['company.contact.detached']);
  assert.equal(detached[0][1].company.user_count, 0);
  assert.equal(detached[0][1].contact.companies.total_count, 0);
  assert.deepEqual(await eventsDuring(ws, () => ws.call('DELETE', `/contacts/${a.id}/companies/${co.id}`)), [], 'nothing detached, no event');
});

test('listAllCompanies: companies with contacts, page style, order, past the end is 200 empty', async () => {
  const ws = await api.newWorkspace();
  const a = await newContact(ws, 'a@example.com');
  const ids: string[] = [];
  for (const n of [1, 2, 3]) {
    const co = (await create(ws, { company_id: `l${n}` })).body;
    await ws.call('POST', `/contacts/${a.id}/companies`, { body: { id: co.id } });
    ids.push(co.id);
  }
  await create(ws, { company_id: 'lonely' });
  const first = await ws.call('POST', '/companies/list?per_page=2');
  assert.equal(first.status, 200, first.raw);
  assert.equal(first.body.total_count, 3, 'a company without contacts is not listed');
  assert.deepEqual(first.body.pages, { type: 'pages', page: 1, per_page: 2, total_pages: 2 });
  const second = await ws.call('POST', '/companies/list?per_page=2&page=2');
  const desc = [...first.body.data, ...second.body.data].map((c: any) => c.id);
  assert.deepEqual(desc, [...ids].sort().reverse());
  const asc = (await ws.call('POST', '/companies/list?order=asc')).body.data.map((c: any) => c.id);
  assert.deepEqual(asc, [...ids].sort());
  const past = await ws.call('POST', '/companies/list?page=9');
  assert.equal(past.status, 200);
  assert.deepEqual(past.body.data, []);
  assert.equal((await ws.call('POST', '/companies/list?order=up')).status, 400);
  assert.equal((await ws.call('POST', '/companies/list?per_page=151')).status, 400);
  assert.equal((await ws.call('GET', '/companies')).body.total_count, 3, 'GET /companies without a filter is the same list');
});

test('retrieveCompany: by company_id or name the one company; by tag_id/segment_id a list; unknown → 404', async () => {
  const ws = await api.newWorkspace();
  const co = (await create(ws, { company_id: 'find me', name: 'Findable' })).body;
  const byId = await ws.call('GET', `/companies?company_id=${encodeURIComponent('find me')}`);
  assert.equal(byId.status, 200, byId.raw);
  assert.deepEqual(byId.body, co);
  assert.deepEqual((await ws.call('GET', '/companies?name=Findable')).body, co);
  for (const q of ['company_id=nope', 'name=Nobody']) {
    const res = await ws.call('GET', `/companies?${q}`);
    assert.equal(res.status, 404, q);
    assert.deepEqual(firstError(res), { code: 'company_not_found', message: 'Company Not Found' });
  }
  const tag = (await ws.call('POST', '/tags', { body: { name: 'vip' } })).body.id;
  const byTag = await ws.call('GET', `/companies?tag_id=${tag}`);
  assert.equal(byTag.status, 200, byTag.raw);
  assert.deepEqual(byTag.body.data, []);
  const segment = (await ws.call('GET', '/segments')).body.segments[0].id;
  assert.equal((await ws.call('GET', `/companies?segment_id=${segment}`)).status, 200);
  assert.equal((await ws.call('GET', '/companies?tag_id=999999999')).status, 404);
  assert.equal((await ws.call('GET', '/companies?segment_id=0123456789abcdef01234567')).status, 404);
});

test('scrollOverAllCompanies: every company once, scroll_param null at the end; one open scroll; idle expiry', async () => {
  const ws = await api.newWorkspace();
  const ids: string[] = [];
  for (let n = 0; n < 17; n++) ids.push((await create(ws, { company_id: `s${n}` })).body.id);
  const first = await ws.call('GET', '/companies/scroll');
  assert.equal(first.status, 200, first.raw);
  assert.equal(first.body.data.length, 15);
  assert.equal(first.body.total_count, null);
  assert.equal(typeof first.body.scroll_param, 'string');
  const another = await ws.call('GET', '/companies/scroll');
  assert.equal(another.status, 400);
  assert.equal(firstError(another).code, 'scroll_exists');
  const second = await ws.call('GET', `/companies/scroll?scroll_param=${first.body.scroll_param}`);
  assert.equal(second.body.data.length, 2);
  const end = await ws.call('GET', `/companies/scroll?scroll_param=${first.body.scroll_param}`);
  assert.equal(end.status, 200, end.raw);
  assert.deepEqual(end.body.data, []);
  assert.equal(end.body.scroll_param, null);
  assert.deepEqual([...first.body.data, ...second.body.data].map((c: any) => c.id).sort(), [...ids].sort());
  const closed = await ws.call('GET', `/companies/scroll?scroll_param=${first.body.scroll_param}`);
  assert.equal(closed.status, 400, 'a finished scroll is gone');

  const fresh = await ws.call('GET', '/companies/scroll');
  assert.equal(fresh.status, 200, 'a new scroll can start once the last one ended');
  ws.clock.advance(59);
  assert.equal((await ws.call('GET', `/companies/scroll?scroll_param=${fresh.body.scroll_param}`)).status, 200, 'used within a minute');
  ws.clock.advance(60);
  const expired = await ws.call('GET', `/companies/scroll?scroll_param=${fresh.body.scroll_param}`);
  assert.equal(expired.status, 400);
  assert.equal(firstError(expired).field, 'scroll_param');
  assert.equal((await ws.call('GET', '/companies/scroll')).status, 200, 'an expired scroll does not block a new one');
  const other = await api.newWorkspace();
  assert.equal((await other.call('GET', '/companies/scroll')).status, 200, 'one scroll per workspace, not per server');
});

test('createTag with companies: tags by id or company_id (creating the tag), untag: true removes; the company shows its tags', async () => {
  const ws = await api.newWorkspace();
  const a = (await create(ws, { company_id: 'a', name: 'A' })).body;
  const b = (await create(ws, { company_id: 'b', name: 'B' })).body;
  const contact = (await ws.call('POST', '/contacts', { body: { email: 'tagged@example.com' } })).body.id;
  for (const co of [a, b]) await ws.call('POST', `/contacts/${contact}/companies`, { body: { id: co.id } });

  const before = (await ws.events()).length;
  const tagged = await ws.call('POST', '/tags', { body: { name: 'Enterprise', companies: [{ id: a.id }, { company_id: 'b' }] } });
  assert.equal(tagged.status, 200, tagged.raw);
  assert.deepEqual(Object.keys(tagged.body).sort(), ['id', 'name', 'type']);
  assert.equal(tagged.body.name, 'Enterprise');
  assert.deepEqual((await ws.events()).slice(before), [], 'Intercom has no topic for company tags');
  const vip = (await ws.call('POST', '/tags', { body: { name: 'vip', companies: [{ id: a.id }] } })).body;

  const shownA = (await ws.call('GET', `/companies/${a.id}`)).body;
  assert.deepEqual(shownA.tags, { type: 'tag.list', tags: [{ type: 'tag', id: tagged.body.id, name: 'Enterprise' }, { type: 'tag', id: vip.id, name: 'vip' }] });
  const byTag = await ws.call('GET', `/companies?tag_id=${tagged.body.id}`);
  assert.deepEqual(byTag.body.data.map((c: any) => c.company_id).sort(), ['a', 'b']);
  assert.equal(byTag.body.total_count, 2);
  assert.deepEqual((await ws.call('GET', `/companies?tag_id=${vip.id}`)).body.data.map((c: any) => c.id), [a.id]);
  assert.deepEqual((await ws.call('GET', `/contacts/${contact}/companies`)).body.companies.find((c: any) => c.id === a.id).tags, shownA.tags, 'every view of the company agrees');

  // Tagging again is harmless; untag removes the tag from the named companies only.
  assert.equal((await ws.call('POST', '/tags', { body: { name: 'enterprise', companies: [{ id: a.id }] } })).body.id, tagged.body.id, 'names match case-insensitively');
  const untagged = await ws.call('POST', '/tags', { body: { name: 'Enterprise', companies: [{ id: a.id, company_id: 'a', untag: true }] } });
  assert.equal(untagged.status, 200, untagged.raw);
  assert.deepEqual((await ws.call('GET', `/companies/${a.id}`)).body.tags.tags.map((t: any) => t.name), ['vip']);
  assert.deepEqual((await ws.call('GET', `/companies?tag_id=${tagged.body.id}`)).body.data.map((c: any) => c.company_id), ['b']);

  // Deleting the tag takes it off every company.
  assert.equal((await ws.call('DELETE', `/tags/${vip.id}`)).status, 200);
  assert.deepEqual((await ws.call('GET', `/companies/${a.id}`)).body.tags.tags, []);
});

test('createTag with companies: an unknown company is 404 "Company Not Found" and nothing is tagged; an empty entry is 400', async () => {
  const ws = await api.newWorkspace();
  const other = await api.newWorkspace();
  const a = (await create(ws, { company_id: 'a' })).body;
  const theirs = (await create(other, { company_id: 'theirs' })).body;
  for (const missing of [{ company_id: 'nope' }, { id: theirs.id }, { id: '0123456789abcdef01234567' }]) {
    const res = await ws.call('POST', '/tags', { body: { name: 'never', companies: [{ id: a.id }, missing] } });
    assert.equal(res.status, 404, JSON.stringify(missing));
    assert.deepEqual(firstError(res), { code: 'company_not_found', message: 'Company Not Found' });
  }
  assert.deepEqual((await ws.call('GET', `/companies/${a.id}`)).body.tags.tags, []);
  assert.equal((await ws.call('GET', '/tags')).body.data.length, 0, 'the tag was not created either');
  assert.equal((await ws.call('POST', '/tags', { body: { name: 'x', companies: [{}] } })).status, 400);
  assert.equal((await ws.call('POST', '/tags', { body: { name: 'x', companies: [] } })).status, 400);
});

test('ListAttachedSegmentsForCompanies: a company is in no segment, as its segments list says; unknown company 404', async () => {
  const ws = await api.newWorkspace();
  const a = (await create(ws, { company_id: 'a' })).body;
  const res = await ws.call('GET', `/companies/${a.id}/segments`);
  assert.equal(res.status, 200, res.raw);
  assert.deepEqual(res.body, { type: 'list', data: [], total_count: 0 });
  assert.deepEqual(a.segments, { type: 'segment.list', segments: [] });
  const missing = await ws.call('GET', '/companies/0123456789abcdef01234567/segments');
  assert.equal(missing.status, 404);
  assert.equal(firstError(missing).code, 'company_not_found');
});

test('SearchContacts by companies.id, companies.company_id and companies.name: = any of the contact\'s companies, != none of them', async () => {
  const ws = await api.newWorkspace();
  const acme = (await create(ws, { company_id: 'acme', name: 'Acme Été' })).body;
  const globex = (await create(ws, { company_id: 'globex', name: 'Globex' })).body;
  const contact = async (email: string, companies: any[]) => {
    const id = (await ws.call('POST', '/contacts', { body: { email } })).body.id;
    for (const co of companies) await ws.call('POST', `/contacts/${id}/companies`, { body: { id: co.id } });
    return id;
  };
  const both = await contact('both@example.com', [acme, globex]);
  const onlyGlobex = await contact('globex@example.com', [globex]);
  const none = await contact('none@example.com', []);
  const search = async (field: string, operator: string, value: unknown) => {
    const res = await ws.call('POST', '/contacts/search', { body: { query: { field, operator, value } } });
    assert.equal(res.status, 200, res.raw);
    return res.body.data.map((c: any) => c.id).sort();
  };
  assert.deepEqual(await search('companies.id', '=', acme.id), [both]);
  assert.deepEqual(await search('companies.company_id', '=', 'globex'), [both, onlyGlobex].sort());
  assert.deepEqual(await search('companies.name', '=', 'ACME ÉTÉ'), [both], 'names ignore case');
  assert.deepEqual(await search('companies.company_id', '!=', 'acme'), [onlyGlobex, none].sort());
  assert.deepEqual(await search('companies.id', '=', 'not-an-id'), []);
  const bad = await ws.call('POST', '/contacts/search', { body: { query: { field: 'companies.name', operator: '~', value: 'Ac' } } });
  assert.equal(bad.status, 400);
});
