#!/usr/bin/env node
/**
 * Workspaces and access tokens, for serving several tenants from one server.
 *
 *   npm run workspace -- list
 *   npm run workspace -- create "Acme Support" [--region EU] [--timezone Europe/Dublin]
 *   npm run workspace -- token create <workspace_id> [--name ci]
 *   npm run workspace -- token list <workspace_id>
 *   npm run workspace -- token revoke <token or token id>
 *   npm run workspace -- webhook list|create|update|delete <workspace_id> …   (src/cli/webhooks.ts)
 *
 * Uses the same DATABASE_URL (or --database-url) as the server.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { openDatabase, type Db } from '../db/database.js';
import { systemClock } from '../core/clock.js';
import { ownerAdminId } from '../resources/admins/store.js';
import { createWorkspace, findWorkspace } from '../workspaces/store.js';
import { issueToken, revokeToken } from '../workspaces/tokens.js';
import { webhookCommand, WebhookUsageError } from './webhooks.js';

const USAGE = `usage:
  workspace list
  workspace create <name> [--region US|EU|AU] [--timezone <IANA zone>]
  workspace token create <workspace_id> [--name <label>]
  workspace token list <workspace_id>
  workspace token revoke <token or token id>
  workspace webhook list <workspace_id>
  workspace webhook create <workspace_id> <url> --topics <topic,topic…> [--active true|false]
  workspace webhook update <workspace_id> <subscription_id> [--url <url>] [--topics <…>] [--active true|false]
  workspace webhook delete <workspace_id> <subscription_id>
options: --database-url <url> (default: DATABASE_URL, else ./data/intercom.sqlite)`;

class UsageError extends Error {}

const date = (seconds: number | null) => (seconds ? new Date(seconds * 1000).toISOString() : '-');

async function run(db: Db, args: string[], flags: Record<string, string | undefined>, config: Config) {
  const defaults = { region: config.region, timezone: config.timezone };
  const [command, sub, arg] = args;
  if (command === 'webhook') return webhookCommand(db, config, args.slice(1), flags);
  if (command === 'list') {
    const rows = await db.selectFrom('workspaces').selectAll().orderBy('created_at').execute();
    for (const w of rows) console.log(`${w.id_code}\t${w.name}\t${w.region}\t${w.timezone}${w.is_default ? '\t(default)' : ''}`);
    return;
  }
  if (command === 'create') {
    if (!sub) throw new UsageError('create needs a name');
    const config = loadConfig([], { ...process.env, INTERCOM_REGION: flags.region ?? defaults.region, INTERCOM_TIMEZONE: flags.timezone ?? defaults.timezone });
    const { workspace, ownerAdminId: owner } = await createWorkspace(db, systemClock, { name: sub, region: config.region, timezone: config.timezone });
    const { token } = await issueToken(db, { workspaceId: workspace.id_code, adminId: owner, now: systemClock.now(), name: flags.name ?? 'default' });
    console.log(`workspace_id: ${workspace.id_code}\naccess_token: ${token}`);
    return;
  }
  if (command === 'token' && sub === 'create') {
    const workspace = arg ? await findWorkspace(db, arg) : undefined;
    if (!workspace) throw new UsageError(`no workspace ${arg ?? ''}`);
    const owner = await ownerAdminId(db, workspace.id_code);
    const { id, token } = await issueToken(db, { workspaceId: workspace.id_code, adminId: owner, now: systemClock.now(), name: flags.name ?? 'cli' });
    console.log(`token_id: ${id}\naccess_token: ${token}`);
    return;
  }
  if (command === 'token' && sub === 'list') {
    if (!arg) throw new UsageError('token list needs a workspace id');
    const rows = await db.selectFrom('access_tokens').selectAll().where('workspace_id', '=', arg).orderBy('created_at').execute();
    for (const t of rows) console.log(`${t.id}\t${t.name}\tcreated ${date(t.created_at)}\trevoked ${date(t.revoked_at)}`);
    return;
  }
  if (command === 'token' && sub === 'revoke') {
    if (!arg) throw new UsageError('token revoke needs a token or token id');
    const revoked = await revokeToken(db, arg, systemClock.now());
    console.log(revoked ? 'revoked (running servers stop accepting it within 2 seconds)' : 'no live token matched');
    if (!revoked) process.exitCode = 1;
    return;
  }
  throw new UsageError(command ? `unknown command: ${[command, sub].filter(Boolean).join(' ')}` : 'no command given');
}

async function main() {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      'database-url': { type: 'string' },
      region: { type: 'string' },
      timezone: { type: 'string' },
      name: { type: 'string' },
      url: { type: 'string' },
      topics: { type: 'string' },
      active: { type: 'string' },
    },
  });
  const config = loadConfig(values['database-url'] ? ['--database-url', values['database-url']] : [], process.env);
  const database = await openDatabase(config.database);
  try {
    await run(database.db, positionals, values, config);
  } finally {
    await database.close();
  }
}

main().catch((error) => {
  if (error instanceof WebhookUsageError) {
    process.stderr.write(`workspace: ${error.message}\n`);
  } else if (error instanceof UsageError || error instanceof ConfigError) {
    process.stderr.write(`workspace: ${error.message}\n${error instanceof UsageError ? USAGE + '\n' : ''}`);
  } else {
    process.stderr.write(`workspace: ${(error as Error).message}\n`);
  }
  process.exit(1);
});
