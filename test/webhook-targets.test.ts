/**
 * Safe webhook targets (WEBHOOK_SCHEMES, WEBHOOK_ADDRESSES): refused when saved if the URL says so,
 * and refused at the connection when the name resolves to a range the setting does not allow.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { rangeOf } from '../src/admin/targets.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { firstError, testApi } from './harness.js';

const strict = await testApi({ WEBHOOK_SCHEMES: 'https,http', WEBHOOK_ADDRESSES: 'public' });
const httpsOnly = await testApi({ WEBHOOK_SCHEMES: 'https' });
const local = await testApi();

test('address ranges: loopback, private (RFC 1918, CGNAT, link-local, unique-local), never, public', () => {
  const cases: [string, string | null][] = [
    ['127.0.0.1', 'loopback'], ['127.8.9.10', 'loopback'], ['::1', 'loopback'], ['::ffff:127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'], ['172.16.0.1', 'private'], ['172.31.255.255', 'private'], ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'], ['169.254.169.254', 'private'], ['fd00::1', 'private'], ['fe80::1', 'private'], ['::ffff:10.0.0.1', 'private'],
    ['0.0.0.0', null], ['224.0.0.1', null], ['255.255.255.255', null], ['::', null], ['ff02::1', null], ['not-an-ip', null],
    ['8.8.8.8', 'public'], ['172.32.0.1', 'public'], ['2606:4700::1111', 'public'],
  ];
  for (const [address, range] of cases) assert.equal(rangeOf(address), range, address);
});

test('the settings: defaults allow http(s) to public and loopback; bad values stop start-up naming the setting', () => {
  const defaults = loadConfig([], {});
  assert.deepEqual(defaults.webhookTargets, { schemes: ['http', 'https'], ranges: ['public', 'loopback'] });
  assert.deepEqual(loadConfig(['--webhook-addresses', 'public, private'], {}).webhookTargets.ranges, ['public', 'private']);
  assert.throws(() => loadConfig([], { WEBHOOK_ADDRESSES: 'public,intranet' }), (e: Error) => e instanceof ConfigError && /WEBHOOK_ADDRESSES \(--webhook-addresses\)/.test(e.message));
  assert.throws(() => loadConfig([], { WEBHOOK_SCHEMES: 'ftp' }), /WEBHOOK_SCHEMES/);
  assert.throws(() => loadConfig([], { WEBHOOK_SCHEMES: '' }), /WEBHOOK_SCHEMES/);
});

test('saving: a scheme or an IP-literal address the settings refuse is a 400 on url; a name is checked when sent', async () => {
  const ws = await strict.newWorkspace();
  for (const url of ['http://127.0.0.1:8080/hook', 'http://[::1]/hook', 'http://10.0.0.5/hook', 'http://169.254.169.254/latest/meta-data', 'http://0.0.0.0/x', 'https://user:pw@example.com/x', 'https://example.com/x#frag']) {
    const res = await ws.call('POST', '/_admin/webhooks', { body: { url, topics: ['ping'] } });
    assert.equal(res.status, 400, url);
    assert.equal(firstError(res).field, 'url', url);
  }
  const named = await ws.call('POST', '/_admin/webhooks', { body: { url: 'http://localhost:9/hook', topics: ['ping'] } });
  assert.equal(named.status, 200, 'a name is resolved when sent, not when saved');
  const update = await ws.call('PUT', `/_admin/webhooks/${named.body.id}`, { body: { url: 'http://192.168.0.10/hook' } });
  assert.equal(update.status, 400);
  assert.equal((await ws.call('GET', `/_admin/webhooks/${named.body.id}`)).body.url, 'http://localhost:9/hook');

  const tls = await httpsOnly.newWorkspace();
  const plain = await tls.call('POST', '/_admin/webhooks', { body: { url: 'http://example.com/hook', topics: ['ping'] } });
  assert.equal(plain.status, 400);
  assert.match(firstError(plain).message, /https/);
});

test('sending: a name that resolves to a refused range is never connected to; the attempt records why', async () => {
  let hits = 0;
  const server = createServer((_request, response) => {
    hits++;
    response.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = (server.address() as { port: number }).port;

  const ws = await strict.newWorkspace();
  const created = await ws.call('POST', '/_admin/webhooks', { body: { url: `http://localhost:${port}/hook`, topics: ['ping'] } });
  assert.equal(created.status, 200, created.raw);
  await ws.call('POST', `/_admin/webhooks/${created.body.id}/ping`);
  await ws.runJobs();
  assert.equal(hits, 0, 'nothing reached the loopback receiver');
  const [delivery] = (await ws.call('GET', `/_admin/webhooks/${created.body.id}/deliveries`)).body.data;
  assert.equal(delivery.status, 'pending');
  assert.equal(delivery.attempt_log[0].response_code, null);
  assert.match(delivery.attempt_log[0].error, /localhost resolves to (127\.0\.0\.1|::1), a loopback address, which WEBHOOK_ADDRESSES does not allow/);
});

test('sending: redirects are not followed (a 3xx is a failed attempt)', async () => {
  let followed = 0;
  const server = createServer((request, response) => {
    if (request.url === '/elsewhere') followed++;
    response.writeHead(307, { location: '/elsewhere' });
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const ws = await local.newWorkspace();
  const port = (server.address() as { port: number }).port;
  const created = await ws.call('POST', '/_admin/webhooks', { body: { url: `http://127.0.0.1:${port}/hook`, topics: ['ping'] } });
  await ws.call('POST', `/_admin/webhooks/${created.body.id}/ping`);
  await ws.runJobs();
  assert.equal(followed, 0);
  const [delivery] = (await ws.call('GET', `/_admin/webhooks/${created.body.id}/deliveries`)).body.data;
  assert.deepEqual([delivery.status, delivery.attempt_log[0].response_code, delivery.attempt_log[0].error], ['pending', 307, 'HTTP 307']);
});
