/**
 * The export file's rows: one per message and contact who received it, with the columns of
 * Intercom's message data export (the spec's `data_export_csv`), in its order.
 *
 * What this server records fills the columns it can: who received what and when, and when they
 * first replied. It tracks no opens, clicks, completions, series or goals, and sends no email that
 * could bounce, so those cells are empty; `series_id` is -1 (no series), as `company_id` is for a
 * contact without a company, as Intercom writes them.
 */
import type { ContactWire } from '../contacts/public.js';
import type { SentMessage } from './store-messages.js';

export const COLUMNS = [
  'user_id',
  'user_external_id',
  'company_id',
  'email',
  'name',
  'ruleset_id',
  'content_id',
  'content_type',
  'content_title',
  'ruleset_version_id',
  'receipt_id',
  'received_at',
  'series_id',
  'series_title',
  'node_id',
  'first_reply',
  'first_completion',
  'first_series_completion',
  'first_series_disengagement',
  'first_series_exit',
  'first_goal_success',
  'first_open',
  'first_click',
  'first_dismisall',
  'first_unsubscribe',
  'first_hard_bounce',
] as const;

type Cell = string | number | null | undefined;

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function field(value: Cell): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: readonly Cell[]) => cells.map(field).join(',') + '\r\n';

export const HEADER = csvLine(COLUMNS);

/** Intercom's content types: email for email conversations, chat for the Messenger's. */
const contentType = (channel: string) => (channel === 'email' ? 'email' : 'chat');

/** One receipt: `message` as `contact` received it, and when the contact first replied after it (if in range). */
export function receiptLine(message: SentMessage, contact: ContactWire, firstReply: number | undefined): string {
  const row: Record<(typeof COLUMNS)[number], Cell> = {
    user_id: contact.id,
    user_external_id: contact.external_id,
    company_id: contact.companies.data[0]?.id ?? '-1',
    email: contact.email,
    name: contact.name,
    ruleset_id: message.id,
    content_id: message.id,
    content_type: contentType(message.channel),
    content_title: message.title,
    ruleset_version_id: message.id,
    receipt_id: `${message.id}-${contact.id}`,
    received_at: message.sentAt,
    series_id: '-1',
    series_title: '',
    node_id: '',
    first_reply: firstReply,
    first_completion: null,
    first_series_completion: null,
    first_series_disengagement: null,
    first_series_exit: null,
    first_goal_success: null,
    first_open: null,
    first_click: null,
    first_dismisall: null,
    first_unsubscribe: null,
    first_hard_bounce: null,
  };
  return csvLine(COLUMNS.map((c) => row[c]));
}
