/** What a client sees when the server itself fails: 500 server_error in error.list, logged with its request id. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { createWorkspace } from '../src/workspaces/store.js';
import { issueToken } from '../src/workspaces/tokens.js';
import { systemClock } from '../src/core/clock.js';
import { TEST_DATABASE_URL } from './harness.js';

test('a failing database gives 500 server_error, logged with the request id and without the token', async () => {
  const config = loadConfig([], { DATABASE_URL: TEST_DATABASE_URL });
  const database = await openDatabase(config.database);
  const { workspace, ownerAdminId } = await createWorkspace(database.db, systemClock, { name: 'Doomed', region: 'US', timezone: 'UTC' });
  const { token } = await issueToken(database.db, { workspaceId: workspace.id_code, adminId: ownerAdminId, now: systemClock.now() });
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
  const app = await buildApp({ config, database, logger: { level: 'error', stream } });
  const headers = { authorization: `Bearer ${token}` };
  assert.equal((await app.inject({ url: '/me', headers })).statusCode, 200); // the token is now cached

  await database.close(); // the database goes away under a running server
  const res = await app.inject({ url: '/admins', headers });
  assert.equal(res.statusCode, 500);
  const body = res.json();
  assert.equal(body.type, 'error.list');
  assert.deepEqual(body.errors, [{ code: 'server_error', message: 'An unexpected error occurred' }]);
  const logged = lines.join('');
  assert.ok(logged.includes(body.request_id), 'the log names the request id');
  assert.ok(!logged.includes(token), 'the log never contains the token');
  await app.close();
});
