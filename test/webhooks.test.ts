/**
 * Webhooks (issue 9 §1): the /_admin namespace (auth, isolation, validation), subscriptions, and
 * deliveries to a real receiver on loopback, signed, retried, and never made for a rolled-back write.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { JobRunner, pendingJobs } from '../src/core/jobs.js';
import { runOperation } from '../src/core/operation.js';
import { jobKinds } from '../src/jobs.js';
import { firstError, testApi, type TestWorkspace } from './harness.js';

const api = await testApi();

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: any;
}

/** A receiver on loopback: records every POST and answers with the next status of `statuses` (then 200). */
async function receiver(statuses: number[] = [], headers: Record<string, string> = {}) {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      received.push({ path: request.url ?? '', headers: request.headers, raw, body: JSON.parse(raw) });
      response.statusCode = statuses.shift() ?? 200;
      if (response.statusCode !== 200) for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('not listening');
  return { url: `http://127.0.0.1:${address.port}/hook`, received };
}

async function subscribe(ws: TestWorkspace, url: string, topics: string[]) {
  const res = await ws.call('POST', '/_admin/webhooks', { body: { url, topics } });
  assert.equal(res.status, 200, res.raw);
  return res.body;
}

async function createContact(ws: TestWorkspace, body: Record<string, unknown>) {
  const res = await ws.call('POST', '/contacts', { body });
  assert.equal(res.status, 200, res.raw);
  return res.body;
}

const deliveries = async (ws: TestWorkspace, subscriptionId: string) => {
  const res = await ws.call('GET', `/_admin/webhooks/${subscriptionId}/deliveries`);
  assert.equal(res.status, 200, res.raw);
  return res.body.data as any[];
};

test('/_admin answers only with a valid token, every error in error.list shape; unknown paths are 404', async () => {
  const ws = await api.newWorkspace();
  for (const [method, url] of [['GET', '/_admin/app'], ['GET', '/_admin/webhooks'], ['POST', '/_admin/webhooks'], ['GET', '/_admin/webhooks/1/deliveries']]) {
    const none = await api.call(method, url);
    assert.equal(none.status, 401, `${method} ${url}`);
    assert.equal(firstError(none).code, 'unauthorized');
    const wrong = await api.call(method, url, { token: 'not-a-token' });
    assert.equal(wrong.status, 401);
  }
  const unknown = await ws.call('GET', '/_admin/nothing-here');
  assert.equal(unknown.status, 404);
  assert.equal(firstError(unknown).code, 'not_found');
  assert.equal(unknown.headers['x-request-id'], unknown.body.request_id);
});

test('GET /_admin/app shows the app with a generated client_secret that stays the same', async () => {
  const ws = await api.newWorkspace('Secret Keepers');
  const first = await ws.call('GET', '/_admin/app');
  assert.equal(first.status, 200, first.raw);
  assert.equal(first.body.id_code, ws.id);
  assert.equal(first.body.name, 'Secret Keepers');
  assert.equal(first.body.region, 'US');
  assert.equal(first.body.timezone, 'UTC');
  assert.match(first.body.client_secret, /^[0-9a-f]{64}$/);
  assert.equal((await ws.call('GET', '/_admin/app')).body.client_secret, first.body.client_secret);
  const other = await api.newWorkspace();
  assert.notEqual((await other.call('GET', '/_admin/app')).body.client_secret, first.body.client_secret);
});

test('subscriptions: create, list, show, update, delete', async () => {
  const ws = await api.newWorkspace();
  ws.clock.set(1_800_000_000);
  const created = await subscribe(ws, 'http://127.0.0.1:9/hook', ['contact.user.created', 'contact.user.created', 'ping']);
  assert.deepEqual(
    { id: typeof created.id, url: created.url, topics: created.topics, active: created.active, created_at: created.created_at },
    { id: 'string', url: 'http://127.0.0.1:9/hook', topics: ['contact.user.created', 'ping'], active: true, created_at: 1_800_000_000 },
  );
  assert.deepEqual((await ws.call('GET', '/_admin/webhooks')).body.data, [created]);
  assert.deepEqual((await ws.call('GET', `/_admin/webhooks/${created.id}`)).body, created);

  const updated = await ws.call('PUT', `/_admin/webhooks/${created.id}`, { body: { topics: ['contact.lead.created'], active: false } });
  assert.equal(updated.status, 200, updated.raw);
  assert.deepEqual([updated.body.url, updated.body.topics, updated.body.active], ['http://127.0.0.1:9/hook', ['contact.lead.created'], false]);
  assert.deepEqual((await ws.call('GET', `/_admin/webhooks/${created.id}`)).body, updated.body);

  const removed = await ws.call('DELETE', `/_admin/webhooks/${created.id}`);
  assert.equal(removed.status, 200);
  assert.deepEqual(removed.body, { type: 'webhook_subscription', id: created.id, deleted: true });
  assert.equal((await ws.call('DELETE', `/_admin/webhooks/${created.id}`)).status, 404);
  assert.equal((await ws.call('GET', `/_admin/webhooks/${created.id}`)).status, 404);
  assert.equal((await ws.call('GET', '/_admin/webhooks/not-an-id')).status, 404);
  assert.deepEqual((await ws.call('GET', '/_admin/webhooks')).body.data, []);
});

test('subscriptions: a bad url or topics list is a 400 error.list naming the field, and nothing changes', async () => {
  const ws = await api.newWorkspace();
  const cases: [unknown, string][] = [
    [{ topics: ['ping'] }, 'url'],
    [{ url: 'http://127.0.0.1/x' }, 'topics'],
    [{ url: 'ftp://example.com/x', topics: ['ping'] }, 'url'],
    [{ url: 'not a url', topics: ['ping'] }, 'url'],
    [{ url: 42, topics: ['ping'] }, 'url'],
    [{ url: 'http://127.0.0.1/x', topics: [] }, 'topics'],
    [{ url: 'http://127.0.0.1/x', topics: 'ping' }, 'topics'],
    [{ url: 'http://127.0.0.1/x', topics: ['contact.created'] }, 'topics'],
    [{ url: 'http://127.0.0.1/x', topics: ['ping'], active: 'yes' }, 'active'],
  ];
  for (const [body, field] of cases) {
    const res = await ws.call('POST', '/_admin/webhooks', { body });
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(firstError(res).field, field, JSON.stringify(body));
  }
  assert.equal((await ws.call('POST', '/_admin/webhooks', { body: [1] })).status, 400);
  assert.deepEqual((await ws.call('GET', '/_admin/webhooks')).body.data, []);

  const created = await subscribe(ws, 'https://example.com/hook', ['ping']);
  const bad = await ws.call('PUT', `/_admin/webhooks/${created.id}`, { body: { url: 'https://example.com/other', topics: ['nope'] } });
  assert.equal(bad.status, 400);
  assert.deepEqual((await ws.call('GET', `/_admin/webhooks/${created.id}`)).body, created, 'a refused update changes nothing');
});

test('isolation: another workspace cannot see or touch a subscription, its deliveries or its ping', async () => {
  const owner = await api.newWorkspace();
  const stranger = await api.newWorkspace();
  const created = await subscribe(owner, 'http://127.0.0.1:9/hook', ['ping']);
  for (const [method, path, body] of [
    ['GET', `/_admin/webhooks/${created.id}`],
    ['PUT', `/_admin/webhooks/${created.id}`, { active: false }],
    ['DELETE', `/_admin/webhooks/${created.id}`],
    ['GET', `/_admin/webhooks/${created.id}/deliveries`],
    ['POST', `/_admin/webhooks/${created.id}/ping`],
  ] as [string, string, unknown?][]) {
    const res = await stranger.call(method, path, { body });
    assert.equal(res.status, 404, `${method} ${path}`);
    assert.equal(firstError(res).code, 'not_found');
  }
  assert.deepEqual((await stranger.call('GET', '/_admin/webhooks')).body.data, []);
  assert.deepEqual((await owner.call('GET', `/_admin/webhooks/${created.id}`)).body, created);
  assert.deepEqual(await deliveries(owner, created.id), []);
});

test('a contact created through the API arrives as contact.user.created, signed, with the contact as GET shows it', async () => {
  const ws = await api.newWorkspace();
  const hook = await receiver();
  const subscription = await subscribe(ws, hook.url, ['contact.user.created']);
  const other = await subscribe(ws, hook.url.replace('/hook', '/leads'), ['contact.lead.created']);
  const contact = await createContact(ws, { email: 'hooked@example.com', name: 'Hooked' });
  assert.equal(hook.received.length, 0, 'nothing is sent before the runner runs');
  await ws.runJobs();

  assert.equal(hook.received.length, 1);
  const [delivery] = hook.received;
  assert.equal(delivery.path, '/hook');
  const secret = (await ws.call('GET', '/_admin/app')).body.client_secret;
  const expected = 'sha1=' + createHmac('sha1', secret).update(delivery.raw).digest('hex');
  assert.equal(delivery.headers['x-hub-signature'], expected);
  const shown = (await ws.call('GET', `/contacts/${contact.id}`)).body;
  const { id, ...envelope } = delivery.body;
  assert.match(id, /^notif_[0-9a-f-]{36}$/);
  assert.deepEqual(envelope, {
    type: 'notification_event',
    app_id: ws.id,
    data: { type: 'notification_event_data', item: shown },
    links: {},
    topic: 'contact.user.created',
    delivery_status: 'pending',
    delivery_attempts: 1,
    delivered_at: 0,
    first_sent_at: ws.clock.now(),
    created_at: ws.clock.now(),
    self: null,
  });

  const [logged] = await deliveries(ws, subscription.id);
  assert.equal(logged.status, 'delivered');
  assert.equal(logged.notification_id, id);
  assert.equal(logged.attempts, 1);
  assert.deepEqual(logged.attempt_log.map((a: any) => [a.response_code, a.error]), [[200, null]]);
  assert.deepEqual(await deliveries(ws, other.id), [], 'a subscription without the topic gets nothing');
  assert.equal(await ws.runJobs(), 0, 'a delivered event is not sent again');
});

test('a receiver that fails then recovers gets the event after retries with backoff; each attempt is recorded', async () => {
  const ws = await api.newWorkspace();
  const hook = await receiver([500, 503]);
  const subscription = await subscribe(ws, hook.url, ['contact.lead.created']);
  await createContact(ws, { role: 'lead', name: 'Retry me' });
  await ws.runJobs();
  assert.equal(hook.received.length, 1);
  assert.equal(await ws.runJobs(), 0, 'the retry waits for its backoff');
  for (let i = 0; i < 2; i++) {
    ws.clock.advance(2 * 3600);
    await ws.runJobs();
  }
  assert.equal(hook.received.length, 3);
  assert.deepEqual(hook.received.map((r) => r.body.delivery_attempts), [1, 2, 3]);
  assert.equal(new Set(hook.received.map((r) => r.body.id)).size, 1, 'one notification, sent three times');
  const [logged] = await deliveries(ws, subscription.id);
  assert.equal(logged.status, 'delivered');
  assert.deepEqual(logged.attempt_log.map((a: any) => a.response_code), [500, 503, 200]);
  assert.deepEqual(logged.attempt_log.map((a: any) => a.error), ['HTTP 500', 'HTTP 503', null]);
});

test('a receiver that never succeeds: the delivery is retried a bounded number of times, then failed', async () => {
  const ws = await api.newWorkspace();
  const hook = await receiver(Array(50).fill(500));
  const subscription = await subscribe(ws, hook.url, ['ping']);
  assert.equal((await ws.call('POST', `/_admin/webhooks/${subscription.id}/ping`)).status, 200);
  for (let i = 0; i < 15; i++) {
    await ws.runJobs();
    ws.clock.advance(2 * 3600);
  }
  const [logged] = await deliveries(ws, subscription.id);
  assert.equal(logged.status, 'failed');
  assert.equal(hook.received.length, logged.attempts);
  assert.equal(logged.attempt_log.length, logged.attempts);
  assert.ok(logged.attempts > 1 && logged.attempts <= 20);
});

test('a refused connection is a failed attempt with its error, retried', async () => {
  const ws = await api.newWorkspace();
  // Port 9 (discard): nothing listens there on loopback.
  const subscription = await subscribe(ws, 'http://127.0.0.1:9/hook', ['ping']);
  await ws.call('POST', `/_admin/webhooks/${subscription.id}/ping`);
  await ws.runJobs();
  const [logged] = await deliveries(ws, subscription.id);
  assert.equal(logged.status, 'pending');
  assert.equal(logged.attempt_log[0].response_code, null);
  assert.ok(logged.attempt_log[0].error);
});

test('ping sends a ping notification: topic ping, item {type, message}, id null', async () => {
  const ws = await api.newWorkspace();
  const hook = await receiver();
  const subscription = await subscribe(ws, hook.url, ['contact.user.created']);
  const ping = await ws.call('POST', `/_admin/webhooks/${subscription.id}/ping`, { body: { message: 'hello' } });
  assert.equal(ping.status, 200, ping.raw);
  assert.equal(ping.body.topic, 'ping');
  assert.equal(ping.body.status, 'pending');
  await ws.runJobs();
  assert.equal(hook.received.length, 1);
  assert.equal(hook.received[0].body.topic, 'ping');
  assert.equal(hook.received[0].body.id, null);
  assert.deepEqual(hook.received[0].body.data.item, { type: 'ping', message: 'hello' });
  assert.equal((await deliveries(ws, subscription.id))[0].status, 'delivered');
});

test('a rolled-back write delivers nothing; an inactive subscription receives nothing', async () => {
  const ws = await api.newWorkspace();
  const hook = await receiver();
  await subscribe(ws, hook.url, ['contact.user.created']);
  const workspace = { id: ws.id, name: 'x', region: 'US', timezone: 'UTC', createdAt: 0 };
  const deps = { db: api.database.db, clocks: api.clocks, config: api.config };
  await assert.rejects(
    runOperation(deps, { workspace, adminId: ws.ownerAdminId }, { id: 'req', log: api.app.log }, true, async (ctx) => {
      await ctx.emit('contact.user.created', { type: 'contact', id: 'ghost' });
      throw new Error('boom');
    }),
    /boom/,
  );
  const duplicate = await ws.call('POST', '/contacts', { body: { email: 'x' } });
  assert.notEqual(duplicate.status, 200);
  await ws.runJobs();
  assert.equal(hook.received.length, 0);

  const quiet = await receiver();
  const inactive = await subscribe(ws, quiet.url, ['contact.user.created']);
  await ws.call('PUT', `/_admin/webhooks/${inactive.id}`, { body: { active: false } });
  await createContact(ws, { email: 'real@example.com' });
  await ws.runJobs();
  assert.equal(hook.received.length, 1);
  assert.equal(quiet.received.length, 0);
});

test('deleting a subscription drops its pending deliveries', async () => {
  const ws = await api.newWorkspace();
  const hook = await receiver([500]);
  const subscription = await subscribe(ws, hook.url, ['ping']);
  await ws.call('POST', `/_admin/webhooks/${subscription.id}/ping`);
  await ws.runJobs();
  assert.equal((await ws.call('DELETE', `/_admin/webhooks/${subscription.id}`)).status, 200);
  ws.clock.advance(2 * 3600);
  await ws.runJobs();
  assert.equal(hook.received.length, 1);
});

test('a committed event waits in the database: a new runner (as after a restart) delivers it', async () => {
  const ws = await api.newWorkspace();
  const hook = await receiver();
  await subscribe(ws, hook.url, ['contact.user.created']);
  await createContact(ws, { email: 'durable@example.com' });
  const waiting = (await pendingJobs(api.database.db, 'events.fanout')).filter((j) => j.workspace_id === ws.id);
  assert.equal(waiting.length, 1, 'the event committed with its fan-out job');
  const fresh = new JobRunner({ db: api.database.db, clocks: api.clocks, kinds: jobKinds(api.database, api.config) });
  await fresh.runDue({ workspaceId: ws.id });
  assert.equal(hook.received.length, 1);
  assert.equal(hook.received[0].body.topic, 'contact.user.created');
});

test('a subscription gets its notifications in commit order, one at a time: a failing one holds back the later ones', async () => {
  const ws = await api.newWorkspace();
  const hook = await receiver([500]);
  const subscription = await subscribe(ws, hook.url, ['contact.user.created']);
  const emails = ['first@example.com', 'second@example.com', 'third@example.com'];
  await createContact(ws, { email: emails[0] });
  await ws.runJobs();
  assert.equal(hook.received.length, 1, 'the first is tried and fails');
  for (const email of emails.slice(1)) await createContact(ws, { email });
  await ws.runJobs();
  assert.equal(hook.received.length, 1, 'the later ones wait behind the failing one');
  const waiting = await deliveries(ws, subscription.id);
  assert.deepEqual(waiting.map((d) => [d.status, d.attempts]), [['pending', 0], ['pending', 0], ['pending', 1]]);
  assert.ok(waiting[2].next_attempt_at > ws.clock.now(), 'the head shows when it is tried next');

  ws.clock.advance(2 * 3600);
  await ws.runJobs();
  assert.deepEqual(hook.received.map((r) => r.body.data.item.email), [emails[0], ...emails]);
  assert.deepEqual((await deliveries(ws, subscription.id)).map((d) => d.status), ['delivered', 'delivered', 'delivered']);
});

test('many writes arrive in the order they were made, each subscription in its own queue', async () => {
  const ws = await api.newWorkspace();
  const hook = await receiver();
  const other = await receiver();
  await subscribe(ws, hook.url, ['contact.user.created', 'contact.user.updated']);
  await subscribe(ws, other.url, ['contact.user.updated']);
  const made: string[] = [];
  for (let i = 0; i < 6; i++) {
    const contact = await createContact(ws, { email: `order-${i}@example.com` });
    made.push(`created ${contact.id}`);
    await ws.call('PUT', `/contacts/${contact.id}`, { body: { name: `Name ${i}` } });
    made.push(`updated ${contact.id}`);
  }
  await ws.runJobs();
  assert.deepEqual(hook.received.map((r) => `${r.body.topic === 'contact.user.created' ? 'created' : 'updated'} ${r.body.data.item.id}`), made);
  assert.deepEqual(other.received.map((r) => `updated ${r.body.data.item.id}`), made.filter((m) => m.startsWith('updated')));
});

test('redeliver sends a past notification again with the same notification id, as a new delivery', async () => {
  const ws = await api.newWorkspace();
  const hook = await receiver();
  const subscription = await subscribe(ws, hook.url, ['contact.user.created']);
  await createContact(ws, { email: 'again@example.com' });
  await ws.runJobs();
  const [original] = await deliveries(ws, subscription.id);
  ws.clock.advance(600);
  const again = await ws.call('POST', `/_admin/webhooks/${subscription.id}/deliveries/${original.id}/redeliver`);
  assert.equal(again.status, 200, again.raw);
  assert.notEqual(again.body.id, original.id);
  assert.deepEqual(
    [again.body.notification_id, again.body.topic, again.body.status, again.body.redelivery_of, again.body.created_at],
    [original.notification_id, 'contact.user.created', 'pending', original.id, original.created_at],
  );
  await ws.runJobs();
  assert.equal(hook.received.length, 2);
  assert.equal(hook.received[1].body.id, hook.received[0].body.id);
  assert.deepEqual(hook.received[1].body.data, hook.received[0].body.data);
  assert.equal(hook.received[1].body.delivery_attempts, 1);
  assert.equal(hook.received[1].body.first_sent_at, ws.clock.now());
  const log = await deliveries(ws, subscription.id);
  assert.deepEqual(log.map((d) => [d.id, d.status]), [[again.body.id, 'delivered'], [original.id, 'delivered']]);

  const other = await subscribe(ws, hook.url, ['ping']);
  for (const path of [
    `/_admin/webhooks/${other.id}/deliveries/${original.id}/redeliver`,
    `/_admin/webhooks/${subscription.id}/deliveries/999999999/redeliver`,
    `/_admin/webhooks/${subscription.id}/deliveries/nope/redeliver`,
  ]) {
    const res = await ws.call('POST', path);
    assert.equal(res.status, 404, path);
    assert.equal(firstError(res).code, 'not_found');
  }
  const stranger = await api.newWorkspace();
  assert.equal((await stranger.call('POST', `/_admin/webhooks/${subscription.id}/deliveries/${original.id}/redeliver`)).status, 404);
});

test('redeliver refuses a delivery still pending; a failed one can be sent again', async () => {
  const ws = await api.newWorkspace();
  const hook = await receiver(Array(10).fill(500));
  const subscription = await subscribe(ws, hook.url, ['ping']);
  const ping = (await ws.call('POST', `/_admin/webhooks/${subscription.id}/ping`)).body;
  const pending = await ws.call('POST', `/_admin/webhooks/${subscription.id}/deliveries/${ping.id}/redeliver`);
  assert.equal(pending.status, 400);
  assert.equal(firstError(pending).field, 'delivery_id');
  for (let i = 0; i < 12; i++) {
    await ws.runJobs();
    ws.clock.advance(2 * 3600);
  }
  assert.equal((await deliveries(ws, subscription.id))[0].status, 'failed');
  const again = await ws.call('POST', `/_admin/webhooks/${subscription.id}/deliveries/${ping.id}/redeliver`);
  assert.equal(again.status, 200, again.raw);
  await ws.runJobs();
  assert.equal(hook.received.at(-1)!.body.topic, 'ping');
  assert.equal((await deliveries(ws, subscription.id))[0].status, 'delivered');
});

test('the delivery log filters by topic and outcome; a bad filter is a 400 naming it', async () => {
  const ws = await api.newWorkspace();
  const hook = await receiver();
  const subscription = await subscribe(ws, hook.url, ['contact.user.created', 'ping']);
  await createContact(ws, { email: 'filter@example.com' });
  await ws.runJobs();
  await ws.call('POST', `/_admin/webhooks/${subscription.id}/ping`);
  const list = async (query: string) => (await ws.call('GET', `/_admin/webhooks/${subscription.id}/deliveries?${query}`)).body.data.map((d: any) => `${d.topic}/${d.status}`);
  assert.deepEqual(await list(''), ['ping/pending', 'contact.user.created/delivered']);
  assert.deepEqual(await list('topic=ping'), ['ping/pending']);
  assert.deepEqual(await list('outcome=delivered'), ['contact.user.created/delivered']);
  assert.deepEqual(await list('outcome=failed'), []);
  assert.deepEqual(await list('topic=contact.user.created&outcome=pending'), []);
  for (const [query, field] of [['topic=contact.created', 'topic'], ['outcome=sent', 'outcome'], ['outcome=failed&outcome=pending', 'outcome']]) {
    const res = await ws.call('GET', `/_admin/webhooks/${subscription.id}/deliveries?${query}`);
    assert.equal(res.status, 400, query);
    assert.equal(firstError(res).field, field, query);
  }
});

test('a receiver answering 429 throttles its subscription for its Retry-After, later notifications waiting too', async () => {
  const ws = await api.newWorkspace();
  const hook = await receiver([429], { 'retry-after': '120' });
  const subscription = await subscribe(ws, hook.url, ['contact.user.created']);
  await createContact(ws, { email: 'throttled@example.com' });
  await ws.runJobs();
  await createContact(ws, { email: 'behind@example.com' });
  await ws.runJobs();
  assert.equal(hook.received.length, 1);
  const [, head] = await deliveries(ws, subscription.id);
  assert.deepEqual([head.attempt_log[0].response_code, head.next_attempt_at], [429, ws.clock.now() + 120]);
  ws.clock.advance(119);
  assert.equal(await ws.runJobs(), 0, 'nothing goes before Retry-After has passed');
  ws.clock.advance(1);
  await ws.runJobs();
  assert.deepEqual(hook.received.map((r) => r.body.data.item.email), ['throttled@example.com', 'throttled@example.com', 'behind@example.com']);
});

test('a 429 without Retry-After, or with a tiny one, rests at least a minute; a huge one at most two hours', async () => {
  const ws = await api.newWorkspace();
  for (const [retryAfter, low, high] of [[undefined, 60, 3600], ['1', 60, 60], ['86400', 7200, 7200]] as const) {
    const hook = await receiver([429], retryAfter ? { 'retry-after': retryAfter } : {});
    const subscription = await subscribe(ws, hook.url, ['ping']);
    await ws.call('POST', `/_admin/webhooks/${subscription.id}/ping`);
    await ws.runJobs();
    const [delivery] = await deliveries(ws, subscription.id);
    const wait = delivery.next_attempt_at - ws.clock.now();
    assert.ok(wait >= low && wait <= high, `Retry-After ${retryAfter}: waits ${wait}`);
  }
});

test('a deactivated subscription keeps its pending notifications; activated again, it sends them in order', async () => {
  const ws = await api.newWorkspace();
  const hook = await receiver([500]);
  const subscription = await subscribe(ws, hook.url, ['contact.user.created']);
  await createContact(ws, { email: 'paused-1@example.com' });
  await createContact(ws, { email: 'paused-2@example.com' });
  await ws.runJobs();
  assert.equal(hook.received.length, 1);
  assert.equal((await ws.call('PUT', `/_admin/webhooks/${subscription.id}`, { body: { active: false } })).status, 200);
  ws.clock.advance(2 * 3600);
  await ws.runJobs();
  assert.equal(hook.received.length, 1, 'nothing is sent while inactive');
  assert.deepEqual((await deliveries(ws, subscription.id)).map((d) => d.status), ['pending', 'pending']);
  assert.equal((await ws.call('PUT', `/_admin/webhooks/${subscription.id}`, { body: { active: true } })).status, 200);
  await ws.runJobs();
  assert.deepEqual(hook.received.map((r) => r.body.data.item.email), ['paused-1@example.com', 'paused-1@example.com', 'paused-2@example.com']);
});
