/**
 * What admins and contacts write into a conversation: replyConversation (admin comment or note,
 * contact reply; the path id `last`) and manageConversation (close, snooze, open, assign). Each goes
 * through the state machine (state.ts), which decides the parts, the state and the topics.
 */
import type { Ctx, Handlers, Input } from '../../core/context.js';
import { badRequest } from '../../errors.js';
import { act, writerOf, type Writer } from './apply.js';
import { attachmentsOf, storedBody } from './body.js';
import { contactOf, requireAdmin, requireTeam } from './people.js';
import { TransitionError, type Action } from './state.js';
import { conversations } from './store.js';
import { conversationNotFound } from './wire.js';

type ReplyBody = NonNullable<Input<'replyConversation'>['body']>;
type ManageBody = NonNullable<Input<'manageConversation'>['body']>;

/** The writer of a reply, at the reply's `created_at` when it gives one (imported history). */
function writerAt(ctx: Ctx, createdAt: number | undefined): Writer {
  const w = writerOf(ctx);
  return createdAt === undefined ? w : { ...w, now: createdAt };
}

function replyBody(body: ReplyBody): { text: string; attachments: unknown[] } {
  const files = 'attachment_files' in body ? body.attachment_files : undefined;
  const attachments = attachmentsOf(body.attachment_urls, files);
  const text = typeof body.body === 'string' ? body.body : '';
  if (text.trim() === '' && attachments.length === 0) throw badRequest('Body is required', 'parameter_invalid', 'body');
  return { text: text.trim() === '' ? '' : storedBody(text), attachments };
}

async function run(w: Writer, row: Parameters<typeof act>[1], action: Action, actor: Parameters<typeof act>[3]) {
  try {
    return await act(w, row, action, actor);
  } catch (error) {
    if (error instanceof TransitionError) throw badRequest(error.message, 'parameter_invalid');
    throw error;
  }
}

/** "0" unassigns; anything else must name an admin (or a team) of the workspace. */
async function assigneeOf(ctx: Ctx, side: 'admin' | 'team', rawId: string): Promise<number | null> {
  if (String(rawId) === '0') return null;
  const assignee = side === 'admin' ? await requireAdmin(ctx, rawId) : await requireTeam(ctx, rawId);
  return Number(assignee.id);
}

export const partHandlers: Handlers = {
  async replyConversation(ctx, { params, body }) {
    if (body.type === 'admin') {
      const admin = await requireAdmin(ctx, body.admin_id);
      // `last` names a contact's latest conversation: only a contact's reply has one.
      const row = await conversations(ctx).require(params.conversation_id);
      const { text, attachments } = replyBody(body);
      const action: Action = body.message_type === 'note' ? { kind: 'admin_note', body: text, attachments } : { kind: 'admin_comment', body: text, attachments };
      return run(writerAt(ctx, body.created_at), row, action, { type: 'admin', id: String(admin.id) });
    }
    const contact = await contactOf(ctx, body);
    const row =
      params.conversation_id === 'last'
        ? await conversations(ctx).lastOfContact(contact.id)
        : await conversations(ctx).require(params.conversation_id);
    // A contact replies only where it takes part; elsewhere the conversation does not exist for it.
    if (!row || !(await conversations(ctx).contactIdsOf(Number(row.id))).includes(contact.id)) throw conversationNotFound();
    const { text, attachments } = replyBody(body);
    return run(writerAt(ctx, body.created_at), row, { kind: 'contact_reply', body: text, attachments }, { type: 'user', id: contact.id });
  },

  async manageConversation(ctx, { params, body }) {
    const request = body as ManageBody;
    const row = await conversations(ctx).require(params.conversation_id);
    const admin = await requireAdmin(ctx, request.admin_id);
    const actor = { type: 'admin' as const, id: String(admin.id) };
    const w = writerOf(ctx);
    switch (request.message_type) {
      case 'close':
        return run(w, row, { kind: 'close', body: request.body ? storedBody(request.body) : null }, actor);
      case 'snoozed':
        return run(w, row, { kind: 'snooze', until: request.snoozed_until }, actor);
      case 'open':
        return run(w, row, { kind: 'open' }, actor);
      case 'assignment': {
        const assigneeId = await assigneeOf(ctx, request.type, request.assignee_id);
        return run(w, row, { kind: 'assign', side: request.type, assigneeId, body: request.body ? storedBody(request.body) : null }, actor);
      }
    }
    throw badRequest('message_type must be one of close, snoozed, open, assignment', 'parameter_invalid', 'message_type');
  },
};
