/**
 * The real entry point, started as a process: prints the URL and token, answers, and keeps its
 * data across a restart — on the SQLite file by default, or on TEST_DATABASE_URL's PostgreSQL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { serverEntry, startServer, stopServer } from './entries.js';
import { engine, TEST_DATABASE_URL } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'intercom-restart-'));
const databaseUrl = engine === 'postgres' ? TEST_DATABASE_URL : `sqlite:${join(dir, 'db.sqlite')}`;

const start = (env: Record<string, string>, entry = serverEntry) => startServer(databaseUrl, env, entry);
const stop = (child: ChildProcess) => stopServer(child);

test('a restarted server keeps its data and its token', { timeout: 60_000 }, async () => {
  const token = `restart-test-${process.pid}-${Date.now()}`;
  const first = await start({ INTERCOM_ACCESS_TOKEN: token });
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  try {
    assert.match(first.output, /access token: \(the value of INTERCOM_ACCESS_TOKEN\)/);
    const me = await fetch(`${first.url}/me`, { headers: auth });
    assert.equal(me.status, 200);
    const created = await fetch(`${first.url}/tags`, { method: 'POST', headers: auth, body: JSON.stringify({ name: `durable-${token}` }) });
    assert.equal(created.status, 200);
    var tag = await created.json();
  } finally {
    await stop(first.child);
  }
  const second = await start({ INTERCOM_ACCESS_TOKEN: token });
  try {
    const found = await fetch(`${second.url}/tags/${tag.id}`, { headers: auth });
    assert.equal(found.status, 200);
    assert.equal((await found.json()).name, `durable-${token}`);
  } finally {
    await stop(second.child);
  }
});

test('first start without INTERCOM_ACCESS_TOKEN generates a token and prints it once', { skip: engine === 'postgres' && 'the shared PostgreSQL test database already has a default workspace', timeout: 60_000 }, async () => {
  const fresh = `sqlite:${join(dir, 'fresh.sqlite')}`;
  const first = await start({ DATABASE_URL: fresh, INTERCOM_ACCESS_TOKEN: '' });
  let token: string;
  try {
    token = first.output.match(/access token: (\S+)/)![1];
    assert.match(token, /^dG9rO/);
    assert.equal((await fetch(`${first.url}/me`, { headers: { authorization: `Bearer ${token}` } })).status, 200);
  } finally {
    await stop(first.child);
  }
  const second = await start({ DATABASE_URL: fresh, INTERCOM_ACCESS_TOKEN: '' });
  try {
    assert.ok(!second.output.includes(token), 'the token is printed on first start only');
    assert.equal((await fetch(`${second.url}/me`, { headers: { authorization: `Bearer ${token}` } })).status, 200);
  } finally {
    await stop(second.child);
  }
});

test('a bad setting stops start-up with one line naming it', { timeout: 30_000 }, async () => {
  const child = spawn(process.execPath, serverEntry, {
    env: { ...process.env, PORT: 'eighty' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const [code] = await once(child, 'exit');
  assert.equal(code, 1);
  assert.equal(stderr.trim().split('\n').length, 1);
  assert.match(stderr, /PORT \(--port\)/);
});

test('the built bundle that `npm start` runs (dist/main.js) serves contacts and search', { timeout: 60_000 }, async () => {
  const build = spawn('npm', ['run', 'build', '--silent'], { stdio: 'ignore' });
  const [code] = await once(build, 'exit');
  assert.equal(code, 0, 'npm run build failed');
  const token = `bundle-test-${process.pid}-${Date.now()}`;
  const server = await start({ INTERCOM_ACCESS_TOKEN: token }, ['dist/main.js']);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  try {
    const email = `bundle-${process.pid}-${Date.now()}@example.com`;
    const created = await fetch(`${server.url}/contacts`, { method: 'POST', headers, body: JSON.stringify({ email }) });
    assert.equal(created.status, 200);
    const search = await fetch(`${server.url}/contacts/search`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: { operator: 'AND', value: [{ field: 'email', operator: '=', value: email }, { field: 'role', operator: '=', value: 'user' }] } }),
    });
    assert.equal(search.status, 200);
    assert.equal((await search.json()).total_count, 1);
    const bad = await fetch(`${server.url}/contacts`, { method: 'POST', headers, body: '{"email":' });
    assert.equal(bad.status, 400);
  } finally {
    await stop(server.child);
  }
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
