import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstError, testApi, type TestWorkspace } from './harness.js';
import { contacts, registerContactDependent } from '../src/resources/contacts/public.js';

const api = await testApi();

async function create(ws: TestWorkspace, body: Record<string, unknown>) {
  const res = await ws.call('POST', '/contacts', { body });
  assert.equal(res.status, 200, res.raw);
  return res.body;
}

function assertUserNotFound(res: { status: number; body: any; raw: string; headers: any }) {
  assert.equal(res.status, 404, res.raw);
  assert.deepEqual(firstError(res as any), { code: 'not_found', message: 'User Not Found' });
}

test('CreateContact: a user with email gets the full contact object', async () => {
  const ws = await api.newWorkspace();
  const c = await create(ws, { email: 'Ada@Example.COM', name: 'Ada', phone: '+353871234567', external_id: 'u-1' });
  assert.equal(c.type, 'contact');
  assert.match(c.id, /^[0-9a-f]{24}$/);
  assert.equal(c.workspace_id, ws.id);
  assert.equal(c.role, 'user');
  assert.equal(c.email, 'Ada@Example.COM');
  assert.equal(c.email_domain, 'example.com');
  assert.equal(c.external_id, 'u-1');
  assert.equal(c.name, 'Ada');
  assert.equal(c.phone, '+353871234567');
  assert.equal(c.formatted_phone, '+353871234567');
  assert.equal(c.created_at, ws.clock.now());
  assert.equal(c.updated_at, ws.clock.now());
  assert.equal(c.signed_up_at, c.created_at, 'a user signs up when created (as in Intercom\'s examples)');
  assert.equal(c.has_hard_bounced, false);
  assert.equal(c.unsubscribed_from_emails, false);
  assert.deepEqual(c.custom_attributes, {});
  assert.equal(c.avatar, null);
  assert.deepEqual(c.social_profiles, { type: 'list', data: [] });
  assert.deepEqual(c.location, { type: 'location', country: null, region: null, city: null, country_code: null, continent_code: null });
  for (const [key, sub] of [['tags', 'tags'], ['notes', 'notes'], ['companies', 'companies'], ['opted_in_subscription_types', 'subscriptions'], ['opted_out_subscription_types', 'subscriptions']]) {
    assert.deepEqual(c[key], { type: 'list', data: [], url: `/contacts/${c.id}/${sub}`, total_count: 0, has_more: false }, key);
  }
});

test('CreateContact: role lead, role defaults to user, external_id only', async () => {
  const ws = await api.newWorkspace();
  const lead = await create(ws, { role: 'lead' });
  assert.equal(lead.role, 'lead');
  assert.equal(lead.signed_up_at, null, 'leads have not signed up');
  assert.equal(lead.email, '');
  assert.equal(lead.external_id, null);
  const byExternal = await create(ws, { external_id: 'abc' });
  assert.equal(byExternal.role, 'user');
});

test('CreateContact: needs one of email, external_id, role; bad values are 400 and create nothing', async () => {
  const ws = await api.newWorkspace();
  const none = await ws.call('POST', '/contacts', { body: { name: 'Nobody' } });
  assert.equal(none.status, 400);
  assert.equal(firstError(none).code, 'parameter_not_found');
  for (const body of [
    { email: 'not-an-email' },
    { role: 'admin' },
    { email: 42 },
    { email: 'a@b.co', signed_up_at: 'yesterday' },
    { email: 'a@b.co', signed_up_at: -5 },
    { email: 'a@b.co', owner_id: 999999999 },
    { email: 'a@b.co', owner_id: '12' },
    { email: 'a@b.co', avatar: 'not a url' },
    { email: 'a@b.co', unsubscribed_from_emails: 'yes' },
    { email: 'a@b.co', custom_attributes: 'x' },
    { email: 'a@b.co', custom_attributes: { no_such_attribute: 1 } },
  ]) {
    const res = await ws.call('POST', '/contacts', { body });
    assert.equal(res.status, 400, `${JSON.stringify(body)} → ${res.raw}`);
    assert.ok(['parameter_invalid', 'parameter_not_found'].includes(firstError(res).code));
  }
  const bad = await ws.call('POST', '/contacts', { rawBody: '{"email": ' });
  assert.equal(bad.status, 400);
  assert.equal((await ws.call('GET', '/contacts')).body.total_count, 0);
});

test('CreateContact: owner_id, avatar, timestamps and custom attributes are stored', async () => {
  const ws = await api.newWorkspace();
  const attr = await ws.call('POST', '/data_attributes', { body: { name: 'plan', model: 'contact', data_type: 'string' } });
  assert.equal(attr.status, 200, attr.raw);
  const c = await create(ws, {
    email: 'x@y.io',
    owner_id: ws.ownerAdminId,
    avatar: 'https://example.com/a.png',
    signed_up_at: 1700000000,
    last_seen_at: 1700000100,
    unsubscribed_from_emails: true,
    custom_attributes: { plan: 'pro' },
  });
  assert.equal(c.owner_id, ws.ownerAdminId);
  assert.deepEqual(c.avatar, { type: 'avatar', image_url: 'https://example.com/a.png' });
  assert.equal(c.signed_up_at, 1700000000);
  assert.equal(c.last_seen_at, 1700000100);
  assert.equal(c.unsubscribed_from_emails, true);
  assert.deepEqual(c.custom_attributes, { plan: 'pro' });
  const wrongType = await ws.call('POST', '/contacts', { body: { email: 'z@y.io', custom_attributes: { plan: 3 } } });
  assert.equal(wrongType.status, 400);
  assert.match(firstError(wrongType).message, /plan/);
});

test('CreateContact: duplicate email (any case) or external_id is 409 naming the existing contact; archived too', async () => {
  const ws = await api.newWorkspace();
  const first = await create(ws, { email: 'dup@example.com', external_id: 'e-1' });
  for (const body of [{ email: 'DUP@example.com' }, { external_id: 'e-1' }, { email: 'other@example.com', external_id: 'e-1' }]) {
    const res = await ws.call('POST', '/contacts', { body });
    assert.equal(res.status, 409, res.raw);
    assert.deepEqual(firstError(res), { code: 'conflict', message: `A contact matching those details already exists with id=${first.id}` });
  }
  assert.equal((await ws.call('POST', `/contacts/${first.id}/archive`)).status, 200);
  const archived = await ws.call('POST', '/contacts', { body: { email: 'dup@example.com' } });
  assert.equal(archived.status, 409);
  assert.deepEqual(firstError(archived), {
    code: 'conflict',
    message: `An archived contact matching those details already exists with id=${first.id}`,
  });
  // Another workspace is another identity space.
  const other = await api.newWorkspace();
  await create(other, { email: 'dup@example.com', external_id: 'e-1' });
});

test('ShowContact: found by id; unknown, malformed and other-workspace ids are 404 User Not Found', async () => {
  const ws = await api.newWorkspace();
  const other = await api.newWorkspace();
  const c = await create(ws, { email: 'show@example.com' });
  const res = await ws.call('GET', `/contacts/${c.id}`);
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, c);
  assertUserNotFound(await ws.call('GET', '/contacts/0123456789abcdef01234567'));
  assertUserNotFound(await ws.call('GET', '/contacts/nope'));
  assertUserNotFound(await other.call('GET', `/contacts/${c.id}`));
});

test('UpdateContact: partial, custom attributes merge, updated_at moves only on real change', async () => {
  const ws = await api.newWorkspace();
  for (const name of ['plan', 'seats']) {
    const dataType = name === 'plan' ? 'string' : 'integer';
    assert.equal((await ws.call('POST', '/data_attributes', { body: { name, model: 'contact', data_type: dataType } })).status, 200);
  }
  const c = await create(ws, { email: 'up@example.com', name: 'Up', custom_attributes: { plan: 'free', seats: 1 } });
  ws.clock.advance(60);
  const same = await ws.call('PUT', `/contacts/${c.id}`, { body: { name: 'Up', email: 'up@example.com', custom_attributes: { plan: 'free' } } });
  assert.equal(same.status, 200);
  assert.equal(same.body.updated_at, c.updated_at, 'no real change');
  const empty = await ws.call('PUT', `/contacts/${c.id}`, { body: {} });
  assert.equal(empty.body.updated_at, c.updated_at);

  ws.clock.advance(60);
  const changed = await ws.call('PUT', `/contacts/${c.id}`, { body: { phone: '+14155550100', custom_attributes: { seats: 5 } } });
  assert.equal(changed.status, 200);
  assert.equal(changed.body.updated_at, ws.clock.now());
  assert.equal(changed.body.name, 'Up', 'untouched fields stay');
  assert.equal(changed.body.phone, '+14155550100');
  assert.deepEqual(changed.body.custom_attributes, { plan: 'free', seats: 5 });

  const email = await ws.call('PUT', `/contacts/${c.id}`, { body: { email: 'new@Other.org' } });
  assert.equal(email.body.email_domain, 'other.org');
  const cleared = await ws.call('PUT', `/contacts/${c.id}`, { body: { name: null } });
  assert.equal(cleared.body.name, null);
  assert.deepEqual((await ws.call('GET', `/contacts/${c.id}`)).body, cleared.body);
});

test('UpdateContact: identity clashes are 409, bad input 400, and nothing changes', async () => {
  const ws = await api.newWorkspace();
  const a = await create(ws, { email: 'a@example.com', external_id: 'a' });
  const b = await create(ws, { email: 'b@example.com', external_id: 'b' });
  const clash = await ws.call('PUT', `/contacts/${b.id}`, { body: { email: 'A@example.com', name: 'Changed' } });
  assert.equal(clash.status, 409);
  assert.equal(firstError(clash).message, `A contact matching those details already exists with id=${a.id}`);
  const clash2 = await ws.call('PUT', `/contacts/${b.id}`, { body: { external_id: 'a' } });
  assert.equal(clash2.status, 409);
  for (const body of [{ name: 'Changed', email: 'bad' }, { name: 'Changed', role: 'boss' }, { name: 'Changed', owner_id: 1 }, { name: 5 }]) {
    const res = await ws.call('PUT', `/contacts/${b.id}`, { body });
    assert.equal(res.status, 400, JSON.stringify(body));
  }
  const after = (await ws.call('GET', `/contacts/${b.id}`)).body;
  assert.deepEqual(after, b);
  // Keeping its own identity is no clash.
  assert.equal((await ws.call('PUT', `/contacts/${b.id}`, { body: { email: 'B@example.com', external_id: 'b' } })).status, 200);
  assertUserNotFound(await ws.call('PUT', '/contacts/0123456789abcdef01234567', { body: { name: 'x' } }));
});

test('UpdateContact: a lead can become a user, a user cannot become a lead', async () => {
  const ws = await api.newWorkspace();
  const lead = await create(ws, { role: 'lead', email: 'l@example.com' });
  ws.clock.advance(5);
  const user = await ws.call('PUT', `/contacts/${lead.id}`, { body: { role: 'user' } });
  assert.equal(user.body.role, 'user');
  assert.equal(user.body.signed_up_at, ws.clock.now(), 'signs up on conversion');
  assert.equal(user.body.updated_at, ws.clock.now());
  const back = await ws.call('PUT', `/contacts/${lead.id}`, { body: { role: 'lead' } });
  assert.equal(back.status, 400);
});

test('DeleteContact: short shape, then 404 everywhere', async () => {
  const ws = await api.newWorkspace();
  const c = await create(ws, { email: 'del@example.com', external_id: 'd-1' });
  await ws.call('POST', `/contacts/${c.id}/notes`, { body: { body: 'bye' } });
  const res = await ws.call('DELETE', `/contacts/${c.id}`);
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { type: 'contact', id: c.id, external_id: 'd-1', deleted: true });
  assertUserNotFound(await ws.call('GET', `/contacts/${c.id}`));
  assertUserNotFound(await ws.call('DELETE', `/contacts/${c.id}`));
  assert.equal((await ws.call('GET', '/contacts')).body.total_count, 0);
  // Its identity is free again.
  await create(ws, { email: 'del@example.com', external_id: 'd-1' });
});

test('ArchiveContact / UnarchiveContact: short shapes; archived contacts leave the list and come back', async () => {
  const ws = await api.newWorkspace();
  const a = await create(ws, { email: 'arch@example.com' });
  const b = await create(ws, { email: 'stay@example.com' });
  const archived = await ws.call('POST', `/contacts/${a.id}/archive`);
  assert.equal(archived.status, 200);
  assert.deepEqual(archived.body, { type: 'contact', id: a.id, external_id: null, archived: true });
  const list = await ws.call('GET', '/contacts');
  assert.deepEqual(list.body.data.map((c: any) => c.id), [b.id]);
  assert.equal(list.body.total_count, 1);
  // Decision: an archived contact is still readable by id.
  assert.equal((await ws.call('GET', `/contacts/${a.id}`)).status, 200);
  const again = await ws.call('POST', `/contacts/${a.id}/archive`);
  assert.equal(again.body.archived, true);
  const unarchived = await ws.call('POST', `/contacts/${a.id}/unarchive`);
  assert.deepEqual(unarchived.body, { type: 'contact', id: a.id, external_id: null, archived: false });
  assert.equal((await ws.call('GET', '/contacts')).body.total_count, 2);
  assertUserNotFound(await ws.call('POST', '/contacts/0123456789abcdef01234567/archive'));
  assertUserNotFound(await ws.call('POST', '/contacts/0123456789abcdef01234567/unarchive'));
});

test('ListContacts: empty list shape', async () => {
  const ws = await api.newWorkspace();
  const res = await ws.call('GET', '/contacts');
  assert.equal(res.status, 200);
  assert.equal(res.body.type, 'list');
  assert.deepEqual(res.body.data, []);
  assert.equal(res.body.total_count, 0);
  assert.equal(res.body.pages.total_pages, 0);
  assert.equal(res.body.pages.next, undefined);
});

test('ListContacts: cursor pages hold every contact exactly once, in (created_at, id) order, no next on the last page', async () => {
  const ws = await api.newWorkspace();
  const ids: string[] = [];
  for (let i = 0; i < 23; i++) {
    if (i % 5 === 0) ws.clock.advance(1); // several contacts share a created_at
    ids.push((await create(ws, { email: `p${i}@example.com` })).id);
  }
  const seen: any[] = [];
  let url = '/contacts?per_page=5';
  let pages = 0;
  for (;;) {
    const res = await ws.call('GET', url);
    assert.equal(res.status, 200, res.raw);
    pages++;
    assert.equal(res.body.total_count, 23);
    assert.equal(res.body.pages.per_page, 5);
    assert.equal(res.body.pages.total_pages, 5);
    assert.equal(res.body.pages.page, pages);
    seen.push(...res.body.data);
    const next = res.body.pages.next;
    if (!next) break;
    assert.equal(next.page, pages + 1);
    url = `/contacts?per_page=5&starting_after=${encodeURIComponent(next.starting_after)}`;
  }
  assert.equal(pages, 5);
  assert.equal(seen.length, 23);
  assert.equal(new Set(seen.map((c) => c.id)).size, 23);
  const expected = [...seen].sort((x, y) => x.created_at - y.created_at || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  assert.deepEqual(seen.map((c) => c.id), expected.map((c) => c.id));
  assert.deepEqual(new Set(seen.map((c) => c.id)), new Set(ids));
});

test('ListContacts: per_page defaults to 50, at most 150; bad per_page or cursor is 400', async () => {
  const ws = await api.newWorkspace();
  for (let i = 0; i < 51; i++) await create(ws, { external_id: `x${i}` });
  const first = await ws.call('GET', '/contacts');
  assert.equal(first.body.data.length, 50);
  assert.equal(first.body.pages.per_page, 50);
  assert.ok(first.body.pages.next.starting_after);
  const all = await ws.call('GET', '/contacts?per_page=150');
  assert.equal(all.body.data.length, 51);
  assert.equal(all.body.pages.next, undefined);
  const forged = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');
  const cursors = [forged([2, 1.5, 'abc']), forged([2, 1e300, 'abc']), forged([2, 'x', 'abc']), forged([2, 5, 7]), forged([-1, 5, 'a'])];
  for (const q of ['per_page=151', 'per_page=0', 'per_page=abc', 'starting_after=garbage!!', ...cursors.map((c) => `starting_after=${c}`)]) {
    const res = await ws.call('GET', `/contacts?${q}`);
    assert.equal(res.status, 400, q);
    assert.equal(firstError(res).code, 'parameter_invalid');
  }
});

test('ListContacts: renders sub-lists for many contacts (tags, notes) in batch', async () => {
  const ws = await api.newWorkspace();
  const tag = (await ws.call('POST', '/tags', { body: { name: 'vip' } })).body;
  const a = await create(ws, { email: 'a@example.com' });
  const b = await create(ws, { email: 'b@example.com' });
  await ws.call('POST', `/contacts/${a.id}/tags`, { body: { id: tag.id } });
  for (let i = 0; i < 12; i++) await ws.call('POST', `/contacts/${b.id}/notes`, { body: { body: `n${i}` } });
  const list = (await ws.call('GET', '/contacts')).body.data;
  const la = list.find((c: any) => c.id === a.id);
  const lb = list.find((c: any) => c.id === b.id);
  assert.deepEqual(la.tags.data, [{ type: 'tag', id: tag.id, url: `/tags/${tag.id}` }]);
  assert.equal(la.tags.total_count, 1);
  assert.equal(la.notes.total_count, 0);
  assert.equal(lb.notes.total_count, 12);
  assert.equal(lb.notes.data.length, 10);
  assert.equal(lb.notes.has_more, true);
  assert.equal(lb.notes.data[0].type, 'note');
  assert.equal(lb.tags.total_count, 0);
});

test('MergeContact: lead into user; user gains tags, notes and empty fields; lead is gone', async () => {
  const ws = await api.newWorkspace();
  const t1 = (await ws.call('POST', '/tags', { body: { name: 'from-lead' } })).body;
  const t2 = (await ws.call('POST', '/tags', { body: { name: 'shared' } })).body;
  const lead = await create(ws, { role: 'lead', email: 'lead@example.com', phone: '+14155550111', name: 'Lead Name' });
  const user = await create(ws, { email: 'user@example.com', external_id: 'u-9', name: 'User Name' });
  await ws.call('POST', `/contacts/${lead.id}/tags`, { body: { id: t1.id } });
  await ws.call('POST', `/contacts/${lead.id}/tags`, { body: { id: t2.id } });
  await ws.call('POST', `/contacts/${user.id}/tags`, { body: { id: t2.id } });
  const note = (await ws.call('POST', `/contacts/${lead.id}/notes`, { body: { body: 'lead note' } })).body;
  ws.clock.advance(10);
  const res = await ws.call('POST', '/contacts/merge', { body: { from: lead.id, into: user.id } });
  assert.equal(res.status, 200, res.raw);
  assert.equal(res.body.id, user.id);
  assert.equal(res.body.role, 'user');
  assert.equal(res.body.name, 'User Name', 'the user keeps its own values');
  assert.equal(res.body.email, 'user@example.com');
  assert.equal(res.body.phone, '+14155550111', 'the lead fills gaps');
  assert.equal(res.body.updated_at, ws.clock.now());
  assert.deepEqual(res.body.tags.data.map((t: any) => t.id).sort(), [t1.id, t2.id].sort());
  assert.deepEqual(res.body.notes.data.map((n: any) => n.id), [note.id]);
  assertUserNotFound(await ws.call('GET', `/contacts/${lead.id}`));
  assert.deepEqual((await ws.call('GET', '/contacts')).body.data.map((c: any) => c.id), [user.id]);
  const moved = await ws.call('GET', `/notes/${note.id}`);
  assert.equal(moved.body.contact.id, user.id);
  // The lead's email is free again.
  await create(ws, { role: 'lead', email: 'lead@example.com' });
});

test('MergeContact: wrong roles, same contact, unknown ids are errors and change nothing', async () => {
  const ws = await api.newWorkspace();
  const lead = await create(ws, { role: 'lead' });
  const user = await create(ws, { email: 'u@example.com' });
  const user2 = await create(ws, { email: 'u2@example.com' });
  const cases: [unknown, number][] = [
    [{ from: user.id, into: user2.id }, 400],
    [{ from: lead.id, into: lead.id }, 400],
    [{ from: user.id, into: lead.id }, 400],
    [{ from: lead.id }, 400],
    [{ from: lead.id, into: 5 }, 400],
    [{ from: lead.id, into: '0123456789abcdef01234567' }, 404],
    [{ from: '0123456789abcdef01234567', into: user.id }, 404],
  ];
  for (const [body, status] of cases) {
    const res = await ws.call('POST', '/contacts/merge', { body });
    assert.equal(res.status, status, `${JSON.stringify(body)}: ${res.raw}`);
  }
  assert.equal((await ws.call('GET', '/contacts')).body.total_count, 3);
});

test('CreateContact / UpdateContact: emails clash under Unicode case folding ("Émile" and "émile" are one email) → 409', async () => {
  const ws = await api.newWorkspace();
  const first = await create(ws, { email: 'Émile@example.com' });
  const res = await ws.call('POST', '/contacts', { body: { email: 'émile@example.com' } });
  assert.equal(res.status, 409, res.raw);
  assert.deepEqual(firstError(res), { code: 'conflict', message: `A contact matching those details already exists with id=${first.id}` });
  const other = await create(ws, { email: 'other@example.com' });
  const update = await ws.call('PUT', `/contacts/${other.id}`, { body: { email: 'ÉMILE@EXAMPLE.COM' } });
  assert.equal(update.status, 409, update.raw);
  assert.equal((await ws.call('GET', '/contacts')).body.total_count, 2);
});

test('DeleteContact: of two concurrent deletes one is 200, the other 404, and one contact.deleted is recorded', async () => {
  const ws = await api.newWorkspace();
  for (let round = 0; round < 5; round++) {
    const c = await create(ws, { email: `race${round}@example.com` });
    const answers = await Promise.all([ws.call('DELETE', `/contacts/${c.id}`), ws.call('DELETE', `/contacts/${c.id}`)]);
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 404], `round ${round}`);
  }
  assert.equal((await ws.events()).filter((e) => e.topic === 'contact.deleted').length, 5);
});

test('DeleteContact: its tags, notes and subscription choices go with it (foreign-key cascades)', async () => {
  const ws = await api.newWorkspace();
  const c = await create(ws, { email: 'cascade@example.com' });
  const keep = await create(ws, { email: 'keep@example.com' });
  const tag = (await ws.call('POST', '/tags', { body: { name: 'doomed' } })).body;
  const type = (await ws.call('GET', '/subscription_types')).body.data[0];
  for (const id of [c.id, keep.id]) {
    assert.equal((await ws.call('POST', `/contacts/${id}/tags`, { body: { id: tag.id } })).status, 200);
    assert.equal((await ws.call('POST', `/contacts/${id}/notes`, { body: { body: 'a note' } })).status, 200);
    assert.equal((await ws.call('POST', `/contacts/${id}/subscriptions`, { body: { id: type.id, consent_type: type.consent_type } })).status, 200);
  }
  assert.equal((await ws.call('DELETE', `/contacts/${c.id}`)).status, 200);
  const db = api.database.db;
  const left = async (table: 'contact_tags' | 'notes' | 'contact_subscriptions') =>
    (await db.selectFrom(table).select('contact_id').where('workspace_id', '=', ws.id).execute()).map((r) => r.contact_id);
  assert.deepEqual(await left('contact_tags'), [keep.id]);
  assert.deepEqual(await left('notes'), [keep.id]);
  assert.deepEqual(await left('contact_subscriptions'), [keep.id]);
  assert.equal((await ws.call('GET', `/contacts/${keep.id}`)).body.tags.total_count, 1);
});

test('MergeContact: registered contact dependents move what hangs off the lead (subscription choices too) before it is deleted', async () => {
  const ws = await api.newWorkspace();
  const calls: { workspace: string; from: string; into: string; leadStillThere: boolean }[] = [];
  registerContactDependent({
    name: `probe-${ws.id}`,
    async onMerge(source, fromId, intoId) {
      const leadStillThere = (await contacts(source).existingIds([fromId])).has(fromId);
      calls.push({ workspace: source.workspace.id, from: fromId, into: intoId, leadStillThere });
    },
  });
  const types = (await ws.call('GET', '/subscription_types')).body.data;
  const lead = await create(ws, { role: 'lead', email: 'lead@example.com' });
  const user = await create(ws, { email: 'user@example.com' });
  await ws.call('POST', `/contacts/${lead.id}/subscriptions`, { body: { id: types[0].id, consent_type: types[0].consent_type } });
  const res = await ws.call('POST', '/contacts/merge', { body: { from: lead.id, into: user.id } });
  assert.equal(res.status, 200, res.raw);
  assert.deepEqual(calls, [{ workspace: ws.id, from: lead.id, into: user.id, leadStillThere: true }]);
  const choices = [...res.body.opted_in_subscription_types.data, ...res.body.opted_out_subscription_types.data];
  assert.deepEqual(choices.map((s: any) => s.id), [types[0].id]);
});
