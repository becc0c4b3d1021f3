/** Every kind of job this server runs, listed explicitly (as handlers.ts lists operations). */
import type { Db } from './db/database.js';
import type { DatabaseHandle } from './db/database.js';
import type { Config } from './config.js';
import { EVENT_RETENTION_SECONDS, pruneEvents } from './core/events.js';
import { enqueue, type JobKinds } from './core/jobs.js';
import { webhookJobKinds } from './admin/delivery.js';
import { conversationJobKinds } from './resources/conversations/public.js';
import { dataExportJobKinds } from './resources/data-export/public.js';

export const MAINTENANCE_EVERY_SECONDS = 60 * 60;

export function jobKinds(database: DatabaseHandle, config: Pick<Config, 'webhookTargets'>): JobKinds {
  return {
    /** Webhook fan-out of each event and delivery attempts (src/admin/delivery.ts). */
    ...webhookJobKinds(config.webhookTargets),
    /** Snooze wake-ups (src/resources/conversations/jobs.ts). */
    ...conversationJobKinds(),
    /** Message data exports: writing the file, and dropping it when its download expires (src/resources/data-export/jobs.ts). */
    ...dataExportJobKinds(),
    /** Hourly upkeep: the outbox's retention, SQLite's planner statistics; reschedules itself. */
    maintenance: {
      async run({ db, now, enqueue: next }) {
        await pruneEvents(db, now - EVENT_RETENTION_SECONDS);
        await database.maintain();
        await next(maintenanceJob(now + MAINTENANCE_EVERY_SECONDS));
      },
    },
  };
}

const maintenanceJob = (runAt: number) => ({ kind: 'maintenance', uniqueKey: 'maintenance', runAt });

/** Makes sure the recurring jobs exist (every process calls it at start; the unique key keeps one). */
export async function scheduleRecurringJobs(db: Db, now: number): Promise<void> {
  await enqueue(db, maintenanceJob(now + MAINTENANCE_EVERY_SECONDS), now);
}
