/**
 * Applying the state machine (state.ts) to a stored conversation: the one path through which
 * handlers and jobs change a conversation's state. It writes the row's changes and the parts, schedules
 * the snooze wake-up, and records the transition's topics with the conversation as GET shows it.
 */
import type { Emit } from '../../core/events.js';
import type { Enqueue } from '../../core/jobs.js';
import type { ScopeSource } from '../../core/scope.js';
import type { ConversationPartsTable, ConversationsTable } from '../../db/schema.js';
import { statisticsColumns, statisticsOfRow } from './statistics.js';
import { conversations } from './store.js';
import { transition, type Action, type Actor, type ConversationFacts, type ConversationTopic } from './state.js';
import { conversationWire, type ConversationWire } from './wire.js';

/** What writing needs: the transaction and workspace, the time, and the outbox. `Ctx` provides it through `writerOf`. */
export interface Writer extends ScopeSource {
  now: number;
  emit: Emit;
  enqueue: Enqueue;
}

export const writerOf = (ctx: ScopeSource & { clock: { now(): number }; emit: Emit; enqueue: Enqueue }): Writer => ({
  db: ctx.db,
  workspace: ctx.workspace,
  now: ctx.clock.now(),
  emit: ctx.emit,
  enqueue: ctx.enqueue,
});

/** The job that reopens a snoozed conversation when its snooze runs out. */
export const UNSNOOZE_JOB = 'conversations.unsnooze';

export const factsOf = (row: ConversationsTable): ConversationFacts => ({
  state: row.state as ConversationFacts['state'],
  read: row.read,
  admin_assignee_id: row.admin_assignee_id === null ? null : Number(row.admin_assignee_id),
  team_assignee_id: row.team_assignee_id === null ? null : Number(row.team_assignee_id),
  snoozed_until: row.snoozed_until === null ? null : Number(row.snoozed_until),
  waiting_since: row.waiting_since === null ? null : Number(row.waiting_since),
  created_at: Number(row.created_at),
  ticket_state: row.ticket_state,
});

export interface Applied {
  row: ConversationsTable;
  parts: ConversationPartsTable[];
  topics: ConversationTopic[];
}

/** Runs one action on a conversation and stores the result (events are recorded by `emitTopics`). */
export async function applyAction(w: Writer, row: ConversationsTable, action: Action, actor: Actor): Promise<Applied> {
  const { changes, parts, topics } = transition(factsOf(row), statisticsOfRow(row), action, actor, w.now);
  const store = conversations(w);
  await store.update(Number(row.id), statisticsColumns(changes));
  const written = await store.appendParts(Number(row.id), parts, w.now);
  if (action.kind === 'snooze') {
    await w.enqueue({ kind: UNSNOOZE_JOB, runAt: action.until, payload: { conversation: Number(row.id), until: action.until } });
  }
  const updated = (await store.find(Number(row.id)))!;
  return { row: updated, parts: written, topics };
}

/** The conversation as GET /conversations/{id} shows it, read inside the write's transaction. */
export async function showConversation(source: ScopeSource, row: ConversationsTable, options: { plaintext?: boolean } = {}): Promise<ConversationWire> {
  const [view] = await conversations(source).load([row], { withParts: true });
  return conversationWire(view, options);
}

/** Records each topic with the conversation as it now is. */
export async function emitTopics(w: Writer, row: ConversationsTable, topics: readonly ConversationTopic[]): Promise<ConversationWire> {
  const shown = await showConversation(w, row);
  for (const topic of topics) await w.emit(topic, shown);
  return shown;
}

/** `applyAction` then `emitTopics`: the usual write. Answers the conversation as GET shows it. */
export async function act(w: Writer, row: ConversationsTable, action: Action, actor: Actor): Promise<ConversationWire> {
  const applied = await applyAction(w, row, action, actor);
  return emitTopics(w, applied.row, applied.topics);
}
