/**
 * Webhook delivery across real server processes: a server killed with SIGKILL between a write's
 * commit and its delivery loses nothing once restarted (at least once, never zero), and two servers
 * sharing one PostgreSQL database deliver each event once, in the order the writes were made.
 *
 * The servers run on a database of their own (a SQLite file, or a fresh PostgreSQL database beside
 * TEST_DATABASE_URL's), so their job runners never take jobs of the other test files' workspaces.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startServer, stopServer, type Started } from './entries.js';
import { engine, TEST_DATABASE_URL } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'intercom-webhooks-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A database for this file's servers alone: a new SQLite file, or a recreated PostgreSQL database. */
async function ownDatabase(name: string): Promise<string> {
  if (engine === 'sqlite') return `sqlite:${join(dir, `${name}.sqlite`)}`;
  const url = new URL(TEST_DATABASE_URL);
  const database = `${url.pathname.slice(1)}_${name}`;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
  url.pathname = `/${database}`;
  return url.toString();
}

interface Arrival {
  id: string;
  email: string;
  raw: string;
  signature: string;
}

/** A loopback receiver; `hold(n)` leaves the n-th request unanswered (a server dying mid-delivery). */
async function receiver(options: { hold?: number } = {}) {
  const arrivals: Arrival[] = [];
  const held: ServerResponse[] = [];
  let count = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      count++;
      const raw = Buffer.concat(chunks).toString('utf8');
      const body = JSON.parse(raw);
      if (count === options.hold) {
        held.push(response);
        return;
      }
      arrivals.push({ id: body.id, email: body.data.item.email, raw, signature: String(request.headers['x-hub-signature']) });
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`, arrivals, requests: () => count };
}

async function until(what: string, condition: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function client(server: Started, token: string) {
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    assert.equal(res.status, 200, `${method} ${path}: ${res.status}`);
    return res.json() as Promise<any>;
  };
}

const verified = (arrival: Arrival, secret: string) => arrival.signature === 'sha1=' + createHmac('sha1', secret).update(arrival.raw).digest('hex');

test('SIGKILL between commit and delivery: after a restart every event arrives at least once, in order', { timeout: 90_000 }, async () => {
  const databaseUrl = await ownDatabase('killed');
  const token = `webhook-kill-${process.pid}-${Date.now()}`;
  const hook = await receiver({ hold: 1 });
  const first = await startServer(databaseUrl, { INTERCOM_ACCESS_TOKEN: token });
  let second: Started | undefined;
  try {
    const call = client(first, token);
    const secret = (await call('GET', '/_admin/app')).client_secret;
    await call('POST', '/_admin/webhooks', { url: hook.url, topics: ['contact.user.created'] });
    const emails = ['one', 'two', 'three'].map((n) => `${n}-${token}@example.com`);
    for (const email of emails) await call('POST', '/contacts', { email });
    // The first notification is on the wire, unanswered; the other two are committed and waiting.
    await until('the first POST', () => hook.requests() >= 1, 10_000);
    await stopServer(first.child, 'SIGKILL');
    assert.equal(hook.arrivals.length, 0);

    second = await startServer(databaseUrl, { INTERCOM_ACCESS_TOKEN: token });
    // The dead server's claim on the in-flight delivery lapses (15 s), then it is sent again.
    await until('all three notifications', () => new Set(hook.arrivals.map((a) => a.email)).size === 3, 45_000);
    assert.deepEqual(hook.arrivals.map((a) => a.email), emails, 'each once after the restart, in commit order');
    assert.ok(hook.arrivals.every((a) => verified(a, secret)), 'every delivery is signed with the app secret');
    const subscriptions = await client(second, token)('GET', '/_admin/webhooks');
    const log = await client(second, token)('GET', `/_admin/webhooks/${subscriptions.data[0].id}/deliveries`);
    assert.deepEqual(log.data.map((d: any) => d.status), ['delivered', 'delivered', 'delivered']);
  } finally {
    await stopServer(first.child, 'SIGKILL');
    if (second) await stopServer(second.child);
  }
});

test('two servers on one PostgreSQL database deliver each event once, in the order the writes were made', {
  skip: engine === 'sqlite' && 'two server processes share a database only on PostgreSQL (a SQLite file has one writer); run with TEST_DATABASE_URL',
  timeout: 90_000,
}, async () => {
  const databaseUrl = await ownDatabase('pair');
  const token = `webhook-pair-${process.pid}-${Date.now()}`;
  const hook = await receiver();
  const servers = [await startServer(databaseUrl, { INTERCOM_ACCESS_TOKEN: token })];
  try {
    servers.push(await startServer(databaseUrl, { INTERCOM_ACCESS_TOKEN: token }));
    const calls = servers.map((s) => client(s, token));
    await calls[0]('POST', '/_admin/webhooks', { url: hook.url, topics: ['contact.user.created'] });
    const emails: string[] = [];
    for (let i = 0; i < 30; i++) {
      const email = `pair-${i}-${token}@example.com`;
      emails.push(email);
      await calls[i % 2]('POST', '/contacts', { email });
    }
    await until('thirty notifications', () => hook.arrivals.length >= emails.length, 45_000);
    // Both runners keep polling: a duplicate would arrive within a couple of their ticks.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    assert.equal(new Set(hook.arrivals.map((a) => a.id)).size, hook.arrivals.length, 'no notification twice');
    assert.deepEqual(hook.arrivals.map((a) => a.email), emails);
  } finally {
    for (const server of servers) await stopServer(server.child);
  }
});
