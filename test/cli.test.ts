/** The workspace CLI: several tenants, each with its own tokens, and revocation. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { cliEntry } from './entries.js';
import { engine, TEST_DATABASE_URL } from './harness.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'intercom-cli-'));
const databaseUrl = engine === 'postgres' ? TEST_DATABASE_URL : `sqlite:${join(dir, 'cli.sqlite')}`;

async function cli(...args: string[]) {
  const { stdout } = await run(process.execPath, [...cliEntry, ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  return stdout;
}

const field = (output: string, name: string) => output.match(new RegExp(`${name}: (\\S+)`))![1];

test('create workspaces, issue and revoke tokens; each token sees only its workspace', { timeout: 60_000 }, async () => {
  const acme = await cli('create', 'Acme', '--region', 'EU', '--timezone', 'Europe/Dublin');
  const globex = await cli('create', 'Globex');
  const acmeId = field(acme, 'workspace_id');
  const globexId = field(globex, 'workspace_id');
  assert.match(acmeId, /^[a-z][a-z0-9]{7}$/);
  assert.match(await cli('list'), new RegExp(`${acmeId}\\tAcme\\tEU\\tEurope/Dublin`));

  const second = await cli('token', 'create', acmeId, '--name', 'ci');
  const secondToken = field(second, 'access_token');

  const config = loadConfig([], { DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' });
  const database = await openDatabase(config.database);
  const app = await buildApp({ config, database });
  try {
    const me = async (token: string) => app.inject({ url: '/me', headers: { authorization: `Bearer ${token}` } });
    const acmeMe = (await me(field(acme, 'access_token'))).json();
    assert.equal(acmeMe.app.id_code, acmeId);
    assert.equal(acmeMe.app.region, 'EU');
    assert.equal(acmeMe.app.timezone, 'Europe/Dublin');
    assert.equal((await me(field(globex, 'access_token'))).json().app.id_code, globexId);
    assert.equal((await me(secondToken)).json().app.id_code, acmeId);

    assert.match(await cli('token', 'list', acmeId), /\tci\t/);
    assert.match(await cli('token', 'revoke', secondToken), /^revoked/);
    await new Promise((resolve) => setTimeout(resolve, 2100)); // past the server's token cache
    assert.equal((await me(secondToken)).statusCode, 401);
    assert.equal((await me(field(acme, 'access_token'))).statusCode, 200);
  } finally {
    await app.close();
    await database.close();
  }
});

test('unknown commands and workspaces fail with a usage message', { timeout: 30_000 }, async () => {
  await assert.rejects(cli('frobnicate'), (error: any) => {
    assert.equal(error.code, 1);
    assert.match(error.stderr, /unknown command: frobnicate/);
    return true;
  });
  await assert.rejects(cli('token', 'create', 'nosuchws'), /no workspace nosuchws/);
});

test('webhook subscriptions from the CLI: create, list, update, delete, validated like the API', { timeout: 60_000 }, async () => {
  const created = await cli('create', 'Hooks');
  const workspaceId = field(created, 'workspace_id');
  const subscription = await cli('webhook', 'create', workspaceId, 'http://127.0.0.1:4000/hooks', '--topics', 'contact.user.created,ping');
  const [id] = subscription.trim().split('\t');
  assert.equal(subscription.trim(), `${id}\thttp://127.0.0.1:4000/hooks\tcontact.user.created,ping\tactive`);
  assert.equal((await cli('webhook', 'update', workspaceId, id, '--active', 'false', '--topics', 'ping')).trim(), `${id}\thttp://127.0.0.1:4000/hooks\tping\tinactive`);

  const config = loadConfig([], { DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' });
  const database = await openDatabase(config.database);
  const app = await buildApp({ config, database });
  try {
    const listed = await app.inject({ url: '/_admin/webhooks', headers: { authorization: `Bearer ${field(created, 'access_token')}` } });
    assert.deepEqual(listed.json().data.map((s: any) => [s.id, s.topics, s.active]), [[id, ['ping'], false]]);
  } finally {
    await app.close();
    await database.close();
  }

  await assert.rejects(cli('webhook', 'create', workspaceId, 'ftp://example.com/x', '--topics', 'ping'), (error: any) => {
    assert.equal(error.code, 1);
    assert.match(error.stderr, /url: url must be an http or https URL/);
    return true;
  });
  await assert.rejects(cli('webhook', 'create', workspaceId, 'http://example.com/x', '--topics', 'contact.created'), /topics: Unknown topics/);
  await assert.rejects(cli('webhook', 'delete', workspaceId, '999999'), /Webhook subscription Not Found/);
  assert.match(await cli('webhook', 'delete', workspaceId, id), new RegExp(`^deleted ${id}`));
  assert.equal(await cli('webhook', 'list', workspaceId), '');
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
