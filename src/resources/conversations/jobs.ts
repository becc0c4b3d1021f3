/** The conversation jobs the job runner knows (listed in src/jobs.ts). */
import { outboxEmitter } from '../../core/events.js';
import type { JobKinds } from '../../core/jobs.js';
import { scopeOf } from '../../core/scope.js';
import { applyAction, emitTopics, UNSNOOZE_JOB, type Writer } from './apply.js';
import { conversations } from './store.js';
import { OPERATOR_ID } from './wire.js';

export function conversationJobKinds(): JobKinds {
  return {
    /**
     * A snooze ran out: the conversation reopens, unless it was reopened, closed or snoozed again
     * meanwhile (each snooze schedules its own wake-up; only the one for the current snooze acts).
     */
    [UNSNOOZE_JOB]: {
      async run({ db, job, now, enqueue }) {
        if (!job.workspaceId) return;
        const workspaceId = job.workspaceId;
        const { conversation, until } = job.payload as { conversation: number; until: number };
        const source = scopeOf(db, workspaceId);
        const row = await conversations(source).find(Number(conversation));
        if (!row || row.state !== 'snoozed' || Number(row.snoozed_until) !== until) return;
        const schedule: Writer['enqueue'] = (next) => enqueue({ ...next, workspaceId });
        const writer: Writer = { ...source, now, enqueue: schedule, emit: outboxEmitter(db, workspaceId, () => now, schedule) };
        const applied = await applyAction(writer, row, { kind: 'snooze_expired' }, { type: 'bot', id: OPERATOR_ID });
        await emitTopics(writer, applied.row, applied.topics);
      },
    },
  };
}
