#!/usr/bin/env node
/** Entry point: configuration → database → default workspace → listen. */
import { performance } from 'node:perf_hooks';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase } from './db/database.js';
import { Clocks } from './core/clock.js';
import { JobRunner, type RunnerOptions } from './core/jobs.js';
import { jobKinds, scheduleRecurringJobs } from './jobs.js';
import { syncStoredClocks } from './admin/controls/service.js';
import { loadSeedFile, SeedFileError } from './admin/controls/seed-file.js';
import { ownerAdminId } from './resources/admins/public.js';
import { ensureDefaultWorkspace, StartupError } from './workspaces/default.js';

function fail(message: string): never {
  process.stderr.write(`intercom-server: ${message}\n`);
  process.exit(1);
}

function describeDatabase(config: Config): string {
  if (config.database.engine === 'sqlite') return `SQLite ${config.database.file}`;
  const url = new URL(config.database.url);
  return `PostgreSQL ${url.host}${url.pathname}`; // never the password
}

/** JSON lines; on a terminal, pretty-printed in-process (a stream, not a worker-thread transport). */
async function loggerOptions(config: Config) {
  if (config.logLevel === 'silent') return false;
  if (!process.stdout.isTTY) return { level: config.logLevel };
  const { default: pretty } = await import('pino-pretty');
  return { level: config.logLevel, stream: pretty({ ignore: 'pid,hostname' }) };
}

async function main() {
  const started = performance.now();
  let config: Config;
  try {
    config = loadConfig(process.argv.slice(2));
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }

  let database;
  try {
    database = await openDatabase(config.database);
  } catch (error) {
    fail(`cannot open the database (${describeDatabase(config)}): ${(error as Error).message}`);
  }

  const clocks = new Clocks();
  let defaults;
  try {
    defaults = await ensureDefaultWorkspace(database.db, config, clocks.base);
  } catch (error) {
    if (error instanceof StartupError) fail(error.message);
    throw error;
  }

  // The job runner belongs to the process, not to the app: tests build apps without one and drive
  // jobs themselves. It follows the workspace clocks other processes set (developer controls).
  const runnerOptions: RunnerOptions = { db: database.db, clocks, kinds: jobKinds(database, config), syncClocks: () => syncStoredClocks(database.db, clocks) };
  const runner = new JobRunner(runnerOptions);
  const app = await buildApp({ config, database, clocks, jobs: runner, logger: await loggerOptions(config) });
  runnerOptions.log = app.log;
  await scheduleRecurringJobs(database.db, clocks.base.now());

  let seeded = '';
  if (config.seedFile) {
    if (!defaults.created) {
      seeded = `  seed:         ${config.seedFile} not loaded: the workspace already existed (POST /_admin/reset, then /_admin/fixtures)`;
    } else {
      const w = defaults.workspace;
      const caller = {
        adminId: await ownerAdminId(database.db, w.id_code),
        workspace: { id: w.id_code, name: w.name, region: w.region, timezone: w.timezone, createdAt: Number(w.created_at) },
      };
      try {
        const loaded = await loadSeedFile({ db: database.db, clocks, config }, caller, config.seedFile, app.log);
        const counts = Object.entries(loaded.created).map(([k, n]) => `${n} ${k}`).join(', ');
        seeded = `  seed:         ${config.seedFile} loaded (${counts || 'nothing'})`;
      } catch (error) {
        if (error instanceof SeedFileError) fail(`--seed: ${error.message}`);
        throw error;
      }
    }
  }
  runner.start();
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    fail(`cannot listen on ${config.host}:${config.port}: ${(error as Error).message}`);
  }

  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const { workspace, created, generatedToken } = defaults;
  const token = generatedToken
    ? generatedToken
    : config.accessToken
      ? '(the value of INTERCOM_ACCESS_TOKEN)'
      : '(shown on first start only; issue another with `npm run workspace -- token create ' + workspace.id_code + '`)';
  process.stdout.write(
    [
      `Intercom API 2.11 server listening on http://${host}:${port}`,
      `  database:     ${describeDatabase(config)}`,
      `  workspace:    ${workspace.name} (${workspace.id_code})${created ? ', created and seeded now' : ''}`,
      `  access token: ${token}`,
      ...(seeded ? [seeded] : []),
      `  ready in ${Math.round(performance.now() - started)} ms`,
      '',
    ].join('\n'),
  );

  const shutdown = async (signal: string) => {
    app.log.info(`${signal} received, closing`);
    await runner.stop();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  process.stderr.write(`intercom-server: ${error?.stack ?? error}\n`);
  process.exit(1);
});
