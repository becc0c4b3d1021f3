/**
 * Events: what happened, recorded by the operation that made it happen, in its own transaction
 * (the outbox). `ctx.emit(topic, item)` is the only way in. The item is the API object as the API
 * itself would show it at that moment; for `*.deleted` topics, its identifiers only.
 */
import type { Db } from '../db/database.js';
import type { OperationId } from '../generated/operations.js';
import type { Enqueue } from './jobs.js';
import { Scope } from './scope.js';

/** Intercom's webhook topics (behaviour reference §14). */
export const TOPICS = [
  'conversation.user.created', 'conversation.user.replied',
  'conversation.admin.replied', 'conversation.admin.single.created', 'conversation.admin.assigned', 'conversation.admin.noted',
  'conversation.admin.closed', 'conversation.admin.opened', 'conversation.admin.snoozed', 'conversation.admin.unsnoozed',
  'conversation.rating.added', 'conversation.deleted', 'conversation_part.tag.created', 'conversation_part.redacted',
  'contact.user.created', 'contact.user.updated', 'contact.user.tag.created', 'contact.user.tag.deleted',
  'contact.lead.created', 'contact.lead.updated', 'contact.lead.tag.created', 'contact.lead.tag.deleted', 'contact.lead.signed_up',
  'contact.deleted', 'contact.archived', 'contact.unarchived', 'contact.email.updated', 'contact.subscribed', 'contact.unsubscribed',
  'company.created', 'company.updated', 'company.deleted', 'company.contact.attached', 'company.contact.detached',
  'ticket.created', 'ticket.state.updated', 'ticket.admin.assigned', 'ticket.team.assigned', 'ticket.note.created',
  'ticket.contact.attached', 'ticket.contact.detached', 'ticket.attribute.updated', 'ticket.admin.replied', 'ticket.contact.replied',
  'visitor.signed_up', 'event.created',
  'admin.added_to_workspace', 'admin.removed_from_workspace', 'admin.away_mode_updated', 'admin.logged_in', 'admin.logged_out',
  'ping',
] as const;

export type Topic = (typeof TOPICS)[number];

export type Emit = (topic: Topic, item: object) => Promise<void>;

/** Per operation, the topics it may emit. */
export type Emits = { readonly [Id in OperationId]?: readonly Topic[] };

/**
 * Wraps an operation's emitter so that it emits only the topics its resource declares: a topic
 * emitted without being declared is a programming error (the operation fails), so the declared
 * lists, and the README table made from them, cannot fall behind the code.
 */
export function declaredEmitter(emit: Emit, operationId: string, declared: readonly Topic[] | undefined): Emit {
  return async (topic, item) => {
    if (!declared?.includes(topic)) {
      throw new Error(`${operationId} emitted ${topic}, which its resource's \`emits\` does not list for it`);
    }
    return emit(topic, item);
  };
}

/** Every resource's declarations, merged (an operation declared twice is a programming error). */
export function mergeEmits(...lists: Emits[]): Emits {
  const merged: Record<string, readonly Topic[]> = {};
  for (const list of lists) {
    for (const [id, topics] of Object.entries(list)) {
      if (id in merged) throw new Error(`emits declared twice for ${id}`);
      merged[id] = topics as readonly Topic[];
    }
  }
  return merged as Emits;
}

/**
 * The job each event schedules with itself: its consumers (webhook delivery, src/admin/delivery.ts)
 * start from it. The event is marked `pending_fanout` until the fan-out has taken it; one fan-out
 * job takes every event of the workspace then waiting, in id order. Scheduled in the event's own transaction, so a committed event always has its job
 * and a rolled-back one has neither; the job lives in the jobs table until it has run, so a restart
 * loses nothing.
 */
export const EVENT_FANOUT_JOB = 'events.fanout';

/** An emitter writing to the outbox through `db` (the operation's transaction). */
export function outboxEmitter(db: Db, workspaceId: string, now: () => number, enqueue: Enqueue): Emit {
  const scope = new Scope(db, workspaceId);
  return async (topic, item) => {
    const id = await scope.nextId();
    await scope.insert('events', { id, topic, item: JSON.stringify(item), created_at: now(), pending_fanout: 1 }).execute();
    await enqueue({ kind: EVENT_FANOUT_JOB, runAt: now(), payload: { event: id } });
  };
}

/** For reads: an operation that answers GET never changes anything, so it has nothing to emit. */
export const noEmit: Emit = async (topic) => {
  throw new Error(`a read-only operation tried to emit ${topic}`);
};

/**
 * How long the outbox keeps an event. Consumers (webhook delivery) finish with an event within
 * hours; the outbox is not an archive, and without a bound every write would grow it forever.
 */
export const EVENT_RETENTION_SECONDS = 30 * 24 * 60 * 60;

/** Drops events recorded before `before` (unix seconds), in every workspace: the maintenance job's. */
export async function pruneEvents(db: Db, before: number): Promise<number> {
  const result = await db.deleteFrom('events').where('created_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export interface RecordedEvent {
  id: number;
  topic: Topic;
  item: unknown;
  created_at: number;
}

/** A workspace's events in the order they were recorded (for consumers and tests). */
export async function eventsOf(db: Db, workspaceId: string, options: { afterId?: number; limit?: number } = {}): Promise<RecordedEvent[]> {
  let query = new Scope(db, workspaceId).from('events').selectAll().orderBy('id');
  if (options.afterId !== undefined) query = query.where('id', '>', options.afterId);
  const rows = await query.limit(options.limit ?? 1000).execute();
  return rows.map((row) => ({ id: Number(row.id), topic: row.topic as Topic, item: JSON.parse(row.item), created_at: Number(row.created_at) }));
}
