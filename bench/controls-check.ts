/**
 * What reading a workspace's clock and fault settings on every request costs (CONTROLS_CHECK_MS=0,
 * the default) against reusing them for a second: the statement alone, and GET /me end to end
 * through app.inject. Run: `node --import tsx bench/controls-check.ts [--database-url=…]`.
 */
import { performance } from 'node:perf_hooks';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { Clocks } from '../src/core/clock.js';
import { scopeOf } from '../src/core/scope.js';
import { controlSettings } from '../src/admin/controls/store-settings.js';
import { createWorkspace } from '../src/workspaces/store.js';
import { issueToken } from '../src/workspaces/tokens.js';
import { ownerAdminId } from '../src/resources/admins/public.js';

const url = process.argv.find((a) => a.startsWith('--database-url='))?.slice('--database-url='.length) ?? 'sqlite::memory:';
const N = 3000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const check of ['0', '1000']) {
  const config = loadConfig([], { DATABASE_URL: url, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0', CONTROLS_CHECK_MS: check, JOURNAL_MAX_ENTRIES: '0' });
  const database = await openDatabase(config.database);
  const clocks = new Clocks();
  const app = await buildApp({ config, database, clocks });
  const { workspace } = await createWorkspace(database.db, clocks.base, { name: 'Bench', region: 'US', timezone: 'UTC' });
  const { token } = await issueToken(database.db, { workspaceId: workspace.id_code, adminId: await ownerAdminId(database.db, workspace.id_code), now: clocks.base.now() });
  const store = controlSettings(scopeOf(database.db, workspace.id_code));
  if (check === '0') {
    for (let i = 0; i < 200; i++) await store.read();
    const t = performance.now();
    for (let i = 0; i < N; i++) await store.read();
    console.log(`settings read alone: ${(((performance.now() - t) / N) * 1000).toFixed(1)} µs`);
  }
  const rounds: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    for (let i = 0; i < N / 5; i++) await app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${token}` } });
    rounds.push(((performance.now() - t) / (N / 5)) * 1000);
  }
  console.log(`CONTROLS_CHECK_MS=${check}: GET /me ${median(rounds).toFixed(0)} µs per request (median of 5 rounds)`);
  await app.close();
  await database.close();
}
