/**
 * Conversations for the benchmarks, made by the server's own state machine (src/resources/
 * conversations/state.ts): each has a story — a contact or an admin starts it, then assignments,
 * replies, notes, closes, reopens and snoozes at increasing times — and the row and parts are what
 * the server would have stored after those requests.
 *
 * `storyOf` picks a story; `playStory` folds it without a database (conversations-1m.ts bulk-loads
 * the results); `writeStory` writes it through the conversations store and `applyAction`, as the
 * handlers do (seed.ts).
 */
import type { ConversationPartsTable, ConversationsTable } from '../../src/db/schema.js';
import { applyAction, factsOf, type Writer } from '../../src/resources/conversations/apply.js';
import { startingColumns } from '../../src/resources/conversations/start.js';
import { transition, type Action, type Actor } from '../../src/resources/conversations/state.js';
import { statisticsColumns, statisticsOfRow } from '../../src/resources/conversations/statistics.js';
import { sourceWordsOf } from '../../src/resources/conversations/store-search.js';
import { conversations, CONVERSATION_DEFAULTS } from '../../src/resources/conversations/store.js';

/** The people a story can involve. */
export interface Cast {
  /** Admins with an inbox seat. */
  adminIds: number[];
  teamIds: number[];
  contactIds: string[];
}

export interface Step {
  action: Action;
  actor: Actor;
  at: number;
}

export interface Story {
  startedBy: 'contact' | 'admin';
  contactId: string;
  /** The admin who wrote the first message (admin-started stories). */
  adminId: number;
  channel: 'conversation' | 'email';
  subject: string;
  body: string;
  createdAt: number;
  steps: Step[];
  /** A tag put on the conversation by an admin, if any. */
  tagIndex: number | null;
}

// A vocabulary of 3,000 made-up words with a Zipf-like skew: some words start most conversations,
// most words few (the `source.body` search matches single words).
const SYLLABLES = ['ka', 'lo', 'mi', 'ter', 'van', 'sul', 'dro', 'pe', 'nix', 'ra', 'bo', 'che', 'fu', 'gar', 'hi', 'jon'];
export const VOCABULARY = Array.from({ length: 3000 }, (_, i) => {
  let word = '';
  for (let n = i + 7; n > 0; n = Math.floor(n / SYLLABLES.length)) word += SYLLABLES[n % SYLLABLES.length];
  return word;
});

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;

/**
 * A story starting at `createdAt`, no step later than `now`. About 90% of conversations are started
 * by a contact; most get assigned and answered, most end closed, some are reopened by the contact,
 * a few stay snoozed (until after `now`).
 */
export function storyOf(random: () => number, cast: Cast, createdAt: number, now: number): Story {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const words = (n: number) => Array.from({ length: n }, () => VOCABULARY[Math.min(VOCABULARY.length - 1, Math.floor(random() ** 3 * VOCABULARY.length))]).join(' ');
  const contactId = pick(cast.contactIds);
  const admin = pick(cast.adminIds);
  const byContact = random() < 0.9;
  const steps: Step[] = [];
  let at = createdAt;
  const later = (spread: number) => (at = Math.min(now, at + 1 + Math.floor(random() * spread)));
  const asAdmin: Actor = { type: 'admin', id: String(admin) };
  const asContact: Actor = { type: 'user', id: contactId };
  if (byContact) {
    if (random() < 0.7) steps.push({ action: { kind: 'assign', side: 'admin', assigneeId: admin }, actor: asAdmin, at: later(30 * MINUTE) });
    if (cast.teamIds.length && random() < 0.3) steps.push({ action: { kind: 'assign', side: 'team', assigneeId: pick(cast.teamIds) }, actor: asAdmin, at: later(10 * MINUTE) });
    if (random() < 0.8) steps.push({ action: { kind: 'admin_comment', body: words(6 + Math.floor(random() * 20)) }, actor: asAdmin, at: later(4 * HOUR) });
    if (random() < 0.15) steps.push({ action: { kind: 'admin_note', body: words(8) }, actor: asAdmin, at: later(HOUR) });
    if (random() < 0.4) {
      steps.push({ action: { kind: 'contact_reply', body: words(4 + Math.floor(random() * 12)) }, actor: asContact, at: later(DAY) });
      if (random() < 0.8) steps.push({ action: { kind: 'admin_comment', body: words(10) }, actor: asAdmin, at: later(4 * HOUR) });
    }
  } else if (random() < 0.5) {
    steps.push({ action: { kind: 'contact_reply', body: words(5) }, actor: asContact, at: later(2 * DAY) });
    steps.push({ action: { kind: 'admin_comment', body: words(8) }, actor: asAdmin, at: later(4 * HOUR) });
  }
  // Recent conversations are more often still open.
  const age = now - createdAt;
  const ending = random();
  if (age > 2 * DAY ? ending < 0.85 : ending < 0.4) {
    steps.push({ action: { kind: 'close' }, actor: asAdmin, at: later(DAY) });
    if (random() < 0.08) {
      steps.push({ action: { kind: 'contact_reply', body: words(6) }, actor: asContact, at: later(7 * DAY) });
      steps.push({ action: { kind: 'close' }, actor: asAdmin, at: later(DAY) });
    }
  } else if (ending > 0.97) {
    const snoozeAt = later(HOUR);
    steps.push({ action: { kind: 'snooze', until: Math.max(now, snoozeAt) + 1 + Math.floor(random() * 7 * DAY) }, actor: asAdmin, at: snoozeAt });
  }
  return {
    startedBy: byContact ? 'contact' : 'admin',
    contactId,
    adminId: admin,
    channel: byContact || random() < 0.5 ? 'conversation' : 'email',
    subject: byContact ? '' : words(4),
    body: words(5 + Math.floor(random() * 25)),
    createdAt,
    steps,
    tagIndex: random() < 0.1 ? Math.floor(random() * 1000) : null,
  };
}

/** How the story's conversation begins, as the handlers start it (`startingColumns`). */
const startOf = (story: Story) =>
  startingColumns(
    story.startedBy === 'contact' ? { by: 'contact', contactId: story.contactId } : { by: 'admin', adminId: story.adminId, channel: story.channel },
    { body: story.body, subject: story.subject },
    story.createdAt,
  );

/** Columns the insert leaves to the database: null until something sets them. */
const NULL_COLUMNS = Object.fromEntries(
  ['title', 'admin_assignee_id', 'team_assignee_id', 'snoozed_until', 'source_url', 'first_contact_reply_type', 'first_contact_reply_url', 'ticket_type_id',
    'ticket_state', 'ticket_number', 'ticket_category', 'is_shared', 'first_contact_reply_at', 'first_assignment_at', 'first_admin_reply_at', 'first_close_at',
    'last_assignment_at', 'last_assignment_admin_reply_at', 'last_contact_reply_at', 'last_admin_reply_at', 'last_close_at', 'last_closed_by_id',
    'median_time_to_reply'].map((c) => [c, null]),
);

export type PlayedPart = Omit<ConversationPartsTable, 'workspace_id' | 'id' | 'conversation_id'>;

/**
 * The story folded through the state machine without a database: the row (ids aside) and the
 * parts, exactly as `applyAction` would leave them after each step.
 */
export function playStory(story: Story): { row: Omit<ConversationsTable, 'workspace_id' | 'id' | 'source_id'>; parts: PlayedPart[] } {
  const start = startOf(story);
  let row = { ...NULL_COLUMNS, ...CONVERSATION_DEFAULTS, ...start, source_words: sourceWordsOf(start.source_body) } as unknown as ConversationsTable;
  const parts: PlayedPart[] = [];
  for (const step of story.steps) {
    const { changes, parts: written } = transition(factsOf(row), statisticsOfRow(row), step.action, step.actor, step.at);
    row = { ...row, ...statisticsColumns(changes) } as ConversationsTable;
    for (const p of written) {
      parts.push({
        part_type: p.part_type, body: p.body, author_type: p.author.type, author_id: p.author.id,
        assigned_to_type: p.assigned_to?.type ?? null, assigned_to_id: p.assigned_to?.id ?? null, redacted: 0, external_id: null,
        attachments: JSON.stringify(p.attachments), ticket_state: null, previous_ticket_state: null, notified_at: step.at, created_at: step.at, updated_at: step.at,
      });
    }
  }
  return { row, parts };
}

/**
 * The story written as the handlers write it: the conversation through the store, its contact, then
 * each step through `applyAction` at its time. Answers the conversation's id. Events and the snooze
 * wake-up go to whatever the writer does with them.
 */
export async function writeStory(w: Writer, story: Story): Promise<number> {
  const store = conversations(w);
  const inserted = await store.insert(startOf(story));
  const id = Number(inserted.id);
  await store.addContact(id, story.contactId, story.createdAt);
  let row = inserted;
  for (const step of story.steps) row = (await applyAction({ ...w, now: step.at }, row, step.action, step.actor)).row;
  return id;
}
