/**
 * createMessage: an admin's in-app message or email to one contact. Intercom files it as a
 * conversation started by the admin (its source is the message); the conversation is closed and
 * unread until the contact answers, whose reply then reopens it. A message `from` a contact is a
 * conversation the contact starts, as POST /conversations.
 */
import type { Handlers } from '../../core/context.js';
import { badRequest, unprocessable } from '../../errors.js';
import { admins } from '../admins/public.js';
import { contacts } from '../contacts/public.js';
import { writerOf } from './apply.js';
import { requireAdmin } from './people.js';
import { startByAdmin, startByContact } from './start.js';
import { userMessageWire } from './wire.js';

/** The request as its schema describes it (the generator types the `anyOf` as unknown). */
interface MessageRequest {
  message_type?: 'in_app' | 'inapp' | 'email';
  subject?: string;
  body?: string | null;
  template?: string;
  from?: { type: 'admin' | 'user' | 'lead' | 'contact'; id: number | string };
  to?: { type: 'user' | 'lead'; id: string };
  created_at?: number;
  create_conversation_without_contact_reply?: boolean;
}

export const messageHandlers: Handlers = {
  async createMessage(ctx, { body }) {
    const request = (body ?? {}) as MessageRequest;
    if (typeof request.body !== 'string' || request.body.trim() === '') throw badRequest('Body is required', 'parameter_invalid', 'body');
    if (!request.from) throw badRequest('from is a required parameter.', 'parameter_not_found', 'from');
    const now = request.created_at ?? ctx.clock.now();
    const w = { ...writerOf(ctx), now };

    if (request.from.type !== 'admin') {
      // A contact's message starts a conversation, in-app, as POST /conversations does.
      const contact = await contacts(ctx).require(String(request.from.id));
      const row = await startByContact(w, contact, { body: request.body });
      return userMessageWire(row);
    }

    const email = request.message_type === 'email';
    if (email && (typeof request.subject !== 'string' || request.subject.trim() === '')) {
      throw unprocessable('No subject supplied for email message', 'parameter_not_found', 'subject');
    }
    const admin = await requireAdmin(ctx, request.from.id);
    if (!request.to) throw badRequest('to is a required parameter.', 'parameter_not_found', 'to');
    const contact = await contacts(ctx).require(request.to.id);
    const row = await startByAdmin(w, Number(admin.id), contact, { body: request.body, subject: request.subject, channel: email ? 'email' : 'conversation' });
    const [owner] = await admins(ctx).show([admin]);
    return {
      type: 'admin_message',
      id: String(row.source_id),
      created_at: now,
      subject: row.source_subject,
      body: row.source_body,
      message_type: email ? 'email' : 'inapp',
      conversation_id: String(row.id),
      owner,
    };
  },
};
