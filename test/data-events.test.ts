import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstError, testApi, type TestWorkspace } from './harness.js';

const api = await testApi();

const user = async (ws: TestWorkspace, body: Record<string, unknown> = {}) =>
  (await ws.call('POST', '/contacts', { body: { email: `u${Math.random().toString(36).slice(2)}@example.com`, external_id: `ext-${Math.random().toString(36).slice(2)}`, ...body } })).body;
const send = (ws: TestWorkspace, body: Record<string, unknown>) => ws.call('POST', '/events', { body });
const list = (ws: TestWorkspace, query: string) => ws.call('GET', `/events?type=user&${query}`);

test('createDataEvent: 202 with no body, by id, user_id or email; the event lists with its metadata', async () => {
  const ws = await api.newWorkspace();
  const u = await user(ws);
  const now = ws.clock.now();
  const byId = await send(ws, { event_name: 'invited-friend', created_at: now - 30, id: u.id, metadata: { invite_code: 'ADDAFRIEND', load: 3.67 } });
  assert.equal(byId.status, 202, byId.raw);
  assert.equal(byId.raw, '');
  assert.equal((await send(ws, { event_name: 'ordered', created_at: now - 20, user_id: u.external_id })).status, 202);
  assert.equal((await send(ws, { event_name: 'paid', created_at: now - 10, email: u.email.toUpperCase() })).status, 202);

  const res = await list(ws, `intercom_user_id=${u.id}`);
  assert.equal(res.status, 200, res.raw);
  assert.equal(res.body.type, 'event.list');
  assert.deepEqual(res.body.events.map((e: any) => e.event_name), ['paid', 'ordered', 'invited-friend'], 'newest first');
  assert.deepEqual(res.body.events[2], {
    type: 'event', event_name: 'invited-friend', created_at: now - 30, id: u.id, intercom_user_id: u.id, user_id: u.external_id, email: u.email,
    metadata: { invite_code: 'ADDAFRIEND', load: 3.67 },
  });
  assert.deepEqual(res.body.pages, {});
  assert.deepEqual((await list(ws, `user_id=${u.external_id}`)).body.events, res.body.events);
  assert.deepEqual((await list(ws, `email=${encodeURIComponent(u.email)}`)).body.events, res.body.events);
});

test('createDataEvent: a repeat (same contact, name and created_at) is accepted silently and stored once; event.created once', async () => {
  const ws = await api.newWorkspace();
  const u = await user(ws);
  const body = { event_name: 'signed-in', created_at: ws.clock.now(), id: u.id };
  assert.equal((await send(ws, body)).status, 202);
  assert.equal((await send(ws, { ...body, metadata: { other: 'x' } })).status, 202);
  assert.equal((await send(ws, { ...body, created_at: body.created_at + 1 })).status, 202, 'another second is another event');
  assert.equal((await list(ws, `intercom_user_id=${u.id}`)).body.events.length, 2);
  const created = (await ws.events()).filter((e) => e.topic === 'event.created');
  assert.equal(created.length, 2);
  assert.deepEqual(created[0].item, { type: 'event', event_name: 'signed-in', created_at: body.created_at, id: u.id, intercom_user_id: u.id, user_id: u.external_id, email: u.email, metadata: {} });
});

test('createDataEvent: metadata keeps the first ten keys; dates, rich links and money are checked; nesting is refused', async () => {
  const ws = await api.newWorkspace();
  const u = await user(ws);
  const metadata: Record<string, unknown> = {
    a: 'x', b: 1, c: true, d_date: 1392036272, e: { url: 'https://example.org/a.html', value: 'the dude' }, f: { amount: 34999, currency: 'eur' },
    g: null, h: 'h', i: 'i', j: 'j', k: 'k', l: 'dropped', m: { nested: 'never checked' },
  };
  assert.equal((await send(ws, { event_name: 'meta', created_at: 100, id: u.id, metadata })).status, 202);
  const [event] = (await list(ws, `intercom_user_id=${u.id}`)).body.events;
  assert.equal(event, undefined, 'events older than 90 days are not listed');
  ws.clock.set(200);
  const [shown] = (await list(ws, `intercom_user_id=${u.id}`)).body.events;
  assert.deepEqual(Object.keys(shown.metadata), ['a', 'b', 'c', 'd_date', 'e', 'f', 'h', 'i', 'j', 'k'], 'null left out, the first ten kept');

  for (const [bad, field] of [
    [{ nested: { deep: 1 } }, 'metadata.nested'],
    [{ list: [1, 2] }, 'metadata.list'],
    [{ signup_date: 'yesterday' }, 'metadata.signup_date'],
    [{ link: { url: 'ftp://x', value: 'v' } }, 'metadata.link'],
    [{ price: { amount: 9.5, currency: 'eur' } }, 'metadata.price'],
  ] as const) {
    const res = await send(ws, { event_name: 'bad', created_at: 150, id: u.id, metadata: bad });
    assert.equal(res.status, 400, JSON.stringify(bad));
    assert.equal(firstError(res).field, field);
  }
  assert.equal((await list(ws, `intercom_user_id=${u.id}`)).body.events.length, 1, 'nothing stored by a refused event');
});

test('createDataEvent: unknown contact 404 "User Not Found"; leads by id only; missing fields 400', async () => {
  const ws = await api.newWorkspace();
  const lead = (await ws.call('POST', '/contacts', { body: { role: 'lead', email: 'lead@example.com' } })).body;
  assert.equal((await send(ws, { event_name: 'x', created_at: 1, id: lead.id })).status, 202, 'a lead by its id');
  const byEmail = await send(ws, { event_name: 'x', created_at: 1, email: 'lead@example.com' });
  assert.equal(byEmail.status, 404);
  assert.deepEqual(firstError(byEmail), { code: 'not_found', message: 'User Not Found' });
  assert.equal((await send(ws, { event_name: 'x', created_at: 1, user_id: 'nobody' })).status, 404);
  assert.equal((await send(ws, { event_name: 'x', created_at: 1, id: '0123456789abcdef01234567' })).status, 404);
  assert.equal((await send(ws, { event_name: 'x', id: lead.id })).status, 400, 'created_at is required');
  assert.equal((await send(ws, { event_name: '  ', created_at: 1, id: lead.id })).status, 400);
  assert.equal((await send(ws, { event_name: 'x', created_at: 2 ** 52, id: lead.id })).status, 400, 'beyond year 9999');
  assert.equal((await send(ws, { event_name: 'x', created_at: -1, id: lead.id })).status, 400);
  assert.equal((await send(ws, { created_at: 1, id: lead.id })).status, 400);
  const other = await api.newWorkspace();
  assert.equal((await send(other, { event_name: 'x', created_at: 1, id: lead.id })).status, 404, "another workspace's contact");
});

test('lisDataEvents: per_page pages through with pages.next; type must be user; an identifier is required', async () => {
  const ws = await api.newWorkspace();
  const u = await user(ws);
  const now = ws.clock.now();
  for (let i = 0; i < 5; i++) assert.equal((await send(ws, { event_name: `e${i % 2}`, created_at: now - 100 + (i >> 1), id: u.id })).status, 202);
  const seen: string[] = [];
  let url: string | undefined = `/events?type=user&intercom_user_id=${u.id}&per_page=2`;
  while (url) {
    const res: any = await ws.call("GET", url);
    assert.equal(res.status, 200, res.raw);
    seen.push(...res.body.events.map((e: any) => `${e.event_name}@${e.created_at - now}`));
    url = res.body.pages.next;
  }
  assert.deepEqual(seen, ['e0@-98', 'e1@-99', 'e0@-99', 'e1@-100', 'e0@-100']);
  assert.equal((await list(ws, '')).status, 400);
  assert.equal((await ws.call('GET', `/events?type=company&intercom_user_id=${u.id}`)).status, 400);
  assert.equal((await ws.call('GET', `/events?type=user&intercom_user_id=${u.id}&before=garbage`)).status, 400);
});

test('lisDataEvents summary=true and dataEventSummaries: counts, first and last (ISO) per name, over all time', async () => {
  const ws = await api.newWorkspace();
  const u = await user(ws);
  await send(ws, { event_name: 'ordered', created_at: 1_600_000_000, id: u.id });
  await send(ws, { event_name: 'ordered', created_at: 1_600_000_100, id: u.id });
  await send(ws, { event_name: 'ordered', created_at: 1_600_000_100, id: u.id });
  const posted = await ws.call('POST', '/events/summaries', { body: { user_id: u.external_id, event_summaries: { event_name: 'visited', count: 5, first: 1_500_000_000, last: 1_500_000_500 } } });
  assert.equal(posted.status, 200, posted.raw);
  await ws.call('POST', '/events/summaries', { body: { user_id: u.external_id, event_summaries: { event_name: 'ordered', count: 2, first: 1_590_000_000 } } });

  const res = await list(ws, `user_id=${u.external_id}&summary=true`);
  assert.equal(res.status, 200, res.raw);
  assert.deepEqual(res.body, {
    type: 'event.summary', email: u.email, intercom_user_id: u.id, user_id: u.external_id,
    events: [
      { name: 'ordered', first: new Date(1_590_000_000_000).toISOString(), last: new Date(1_600_000_100_000).toISOString(), count: 4 },
      { name: 'visited', first: new Date(1_500_000_000_000).toISOString(), last: new Date(1_500_000_500_000).toISOString(), count: 5 },
    ],
  });
  const bad = await ws.call('POST', '/events/summaries', { body: { user_id: u.external_id, event_summaries: { event_name: 'x', count: 0 } } });
  assert.equal(bad.status, 400);
  assert.equal((await ws.call('POST', '/events/summaries', { body: { user_id: 'nobody', event_summaries: { event_name: 'x', count: 1 } } })).status, 404);
  assert.equal((await ws.call('POST', '/events/summaries', { body: { event_summaries: { event_name: 'x', count: 1 } } })).status, 400);
});

test('a lead merged into a user brings its events and summaries', async () => {
  const ws = await api.newWorkspace();
  const u = await user(ws);
  const lead = (await ws.call('POST', '/contacts', { body: { role: 'lead' } })).body;
  const now = ws.clock.now();
  await send(ws, { event_name: 'viewed', created_at: now - 5, id: lead.id });
  await send(ws, { event_name: 'viewed', created_at: now - 1, id: u.id });
  assert.equal((await ws.call('POST', '/contacts/merge', { body: { from: lead.id, into: u.id } })).status, 200);
  assert.deepEqual((await list(ws, `intercom_user_id=${u.id}`)).body.events.map((e: any) => e.created_at), [now - 1, now - 5]);
  assert.equal((await list(ws, `intercom_user_id=${u.id}&summary=true`)).body.events[0].count, 2);
});
