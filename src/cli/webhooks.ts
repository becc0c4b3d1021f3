/**
 * `workspace webhook …`: a workspace's webhook subscriptions from the command line, validated by the
 * same rules as `/_admin/webhooks` (WEBHOOK_SCHEMES and WEBHOOK_ADDRESSES included).
 *
 *   workspace webhook list <workspace_id>
 *   workspace webhook create <workspace_id> <url> --topics contact.user.created,ping [--active false]
 *   workspace webhook update <workspace_id> <subscription_id> [--url <url>] [--topics …] [--active true|false]
 *   workspace webhook delete <workspace_id> <subscription_id>
 */
import type { Config } from '../config.js';
import { systemClock } from '../core/clock.js';
import { scopeOf } from '../core/scope.js';
import type { Db } from '../db/database.js';
import { resumeDeliveries } from '../admin/delivery.js';
import { webhookSubscriptions, type SubscriptionRow } from '../admin/store.js';
import { enqueue } from '../core/jobs.js';
import { subscriptionFields } from '../admin/webhooks.js';
import { ApiError } from '../errors.js';
import { findWorkspace } from '../workspaces/store.js';

export class WebhookUsageError extends Error {}

const line = (row: SubscriptionRow) =>
  `${row.id}\t${row.url}\t${(JSON.parse(row.topics) as string[]).join(',')}\t${Number(row.active) === 1 ? 'active' : 'inactive'}`;

/** `--topics a,b` and `--active true|false` as the API's body fields (validated there). */
function body(flags: Record<string, string | undefined>, url?: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (url !== undefined) fields.url = url;
  if (flags.url !== undefined) fields.url = flags.url;
  if (flags.topics !== undefined) fields.topics = flags.topics.split(',').map((t) => t.trim()).filter(Boolean);
  if (flags.active !== undefined) fields.active = flags.active === 'true' ? true : flags.active === 'false' ? false : flags.active;
  return fields;
}

export async function webhookCommand(db: Db, config: Config, args: string[], flags: Record<string, string | undefined>): Promise<void> {
  const [action, workspaceId, arg] = args;
  const workspace = workspaceId ? await findWorkspace(db, workspaceId) : undefined;
  if (!workspace) throw new WebhookUsageError(workspaceId ? `no workspace ${workspaceId}` : `webhook ${action ?? ''} needs a workspace id`);
  const now = systemClock.now();
  try {
    await db.transaction().execute(async (trx) => {
      const store = webhookSubscriptions(scopeOf(trx, workspace.id_code));
      if (action === 'list') {
        for (const row of await store.list()) console.log(line(row));
      } else if (action === 'create') {
        if (!arg) throw new WebhookUsageError('webhook create needs a url');
        const fields = subscriptionFields(config.webhookTargets, body(flags, arg), true);
        const id = await store.create({ url: fields.url!, topics: fields.topics!, active: fields.active!, now });
        console.log(line(await store.require(id)));
      } else if (action === 'update') {
        const row = await store.require(arg);
        const changes = subscriptionFields(config.webhookTargets, body(flags), false);
        await store.update(Number(row.id), { ...changes, now });
        if (changes.active === true && Number(row.active) !== 1) {
          await resumeDeliveries(scopeOf(trx, workspace.id_code), (job) => enqueue(trx, job, now), Number(row.id), now);
        }
        console.log(line(await store.require(row.id)));
      } else if (action === 'delete') {
        const row = await store.require(arg);
        await store.remove(Number(row.id));
        console.log(`deleted ${row.id}`);
      } else {
        throw new WebhookUsageError(`unknown command: webhook ${action ?? ''}`.trim());
      }
    });
  } catch (error) {
    // The API's refusals, in one line naming the field.
    if (error instanceof ApiError) throw new WebhookUsageError(error.field ? `${error.field}: ${error.message}` : error.message);
    throw error;
  }
}
