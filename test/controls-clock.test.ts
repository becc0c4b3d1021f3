/**
 * /_admin/clock: per-workspace, stored so every process on the database follows it, and advancing it
 * runs the jobs that fall due on the way.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { buildApp } from '../src/app.js';
import { Clocks } from '../src/core/clock.js';
import { firstError, testApi } from './harness.js';

const api = await testApi();

test('GET shows real time; PUT freezes or offsets; DELETE returns to real time; timestamps follow', async () => {
  const ws = await api.newWorkspace();
  await ws.call('DELETE', '/_admin/clock');
  const real = (await ws.call('GET', '/_admin/clock')).body;
  assert.equal(real.type, 'clock');
  assert.equal(real.frozen, false);
  assert.ok(Math.abs(real.now - Math.floor(Date.now() / 1000)) <= 2);

  const frozen = await ws.call('PUT', '/_admin/clock', { body: { frozen_at: 1_700_000_000 } });
  assert.deepEqual([frozen.body.now, frozen.body.frozen, frozen.body.frozen_at], [1_700_000_000, true, 1_700_000_000]);
  assert.equal((await ws.call('POST', '/tags', { body: { name: 'Frozen' } })).status, 200);
  const contact = await ws.call('POST', '/contacts', { body: { email: 'frozen@example.com' } });
  assert.equal(contact.body.created_at, 1_700_000_000);

  const offset = await ws.call('PUT', '/_admin/clock', { body: { offset_seconds: -86_400 } });
  assert.equal(offset.body.frozen, false);
  assert.ok(Math.abs(offset.body.now - (Math.floor(Date.now() / 1000) - 86_400)) <= 2);

  const back = await ws.call('DELETE', '/_admin/clock');
  assert.equal(back.body.frozen, false);
  assert.ok(Math.abs(back.body.offset_seconds) <= 1);
});

test('bad clock input is a 400 naming the field', async () => {
  const ws = await api.newWorkspace();
  const cases: [string, string, unknown, string][] = [
    ['PUT', '/_admin/clock', {}, 'frozen_at'],
    ['PUT', '/_admin/clock', { frozen_at: 1, offset_seconds: 2 }, 'offset_seconds'],
    ['PUT', '/_admin/clock', { frozen_at: 'tomorrow' }, 'frozen_at'],
    ['PUT', '/_admin/clock', { frozen_at: 1.5 }, 'frozen_at'],
    ['PUT', '/_admin/clock', { offset_seconds: 1e12 }, 'offset_seconds'],
    ['PUT', '/_admin/clock', { speed: 2 }, 'speed'],
    ['POST', '/_admin/clock/advance', {}, 'seconds'],
    ['POST', '/_admin/clock/advance', { seconds: -5 }, 'seconds'],
    ['POST', '/_admin/clock/advance', { seconds: '60' }, 'seconds'],
  ];
  for (const [method, url, body, field] of cases) {
    const res = await ws.call(method, url, { body });
    assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.raw}`);
    assert.equal(firstError(res).field, field, JSON.stringify(body));
  }
});

test('advance runs what falls due on the way: a failed webhook delivery is retried within the hour', async () => {
  const statuses = [500];
  const received: string[] = [];
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received.push(request.url ?? '');
      response.statusCode = statuses.shift() ?? 200;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = (server.address() as { port: number }).port;

  const ws = await api.newWorkspace();
  const sub = await ws.call('POST', '/_admin/webhooks', { body: { url: `http://127.0.0.1:${port}/hook`, topics: ['contact.user.created'] } });
  await ws.call('POST', '/contacts', { body: { email: 'due@example.com' } });
  const first = await ws.call('POST', '/_admin/clock/advance', { body: { seconds: 1 } });
  assert.equal(first.status, 200, first.raw);
  assert.ok(first.body.jobs_run >= 2, 'fan-out and the first attempt ran');
  assert.equal(received.length, 1);
  const start = first.body.now;
  const later = await ws.call('POST', '/_admin/clock/advance', { body: { seconds: 3600 } });
  assert.equal(later.body.now, start + 3600);
  assert.ok(later.body.jobs_run >= 1);
  assert.equal(received.length, 2, 'the retry, due about a minute later, ran');
  const deliveries = (await ws.call('GET', `/_admin/webhooks/${sub.body.id}/deliveries`)).body.data;
  assert.equal(deliveries[0].status, 'delivered');
  assert.equal(deliveries[0].attempts, 2);
});

test('stored: another process on the same database follows a clock set here; other workspaces keep real time', async () => {
  // A second app on the same database with its own clocks is another process as far as clocks go.
  const otherClocks = new Clocks();
  const other = await buildApp({ config: api.config, database: api.database, clocks: otherClocks });
  after(() => other.close());
  const ws = await api.newWorkspace();
  const bystander = await api.newWorkspace();
  await ws.call('PUT', '/_admin/clock', { body: { frozen_at: 1_650_000_000 } });
  const viaOther = await other.inject({ method: 'GET', url: '/_admin/clock', headers: { authorization: `Bearer ${ws.token}` } });
  assert.equal(JSON.parse(viaOther.body).now, 1_650_000_000);
  const made = await other.inject({ method: 'POST', url: '/tags', headers: { authorization: `Bearer ${ws.token}`, 'content-type': 'application/json' }, payload: '{"name":"Elsewhere"}' });
  assert.equal(made.statusCode, 200);
  assert.equal(otherClocks.for(ws.id).now(), 1_650_000_000);
  // Advancing there is seen here.
  await other.inject({ method: 'POST', url: '/_admin/clock/advance', headers: { authorization: `Bearer ${ws.token}`, 'content-type': 'application/json' }, payload: '{"seconds":60}' });
  assert.equal((await ws.call('GET', '/_admin/clock')).body.now, 1_650_000_060);
  // The bystander's clock never moved.
  assert.equal(otherClocks.for(bystander.id).now(), otherClocks.base.now());
  await ws.call('DELETE', '/_admin/clock');
  const realAgain = await other.inject({ method: 'GET', url: '/_admin/clock', headers: { authorization: `Bearer ${ws.token}` } });
  assert.equal(JSON.parse(realAgain.body).frozen, false);
});
