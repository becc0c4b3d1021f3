/** attachTagToConversation and detachTagFromConversation (a DELETE whose body carries `admin_id`). */
import type { Handlers } from '../../core/context.js';
import { notFound } from '../../errors.js';
import { tags } from '../tags/public.js';
import { emitTopics, writerOf } from './apply.js';
import { requireAdmin } from './people.js';
import { conversations } from './store.js';
import { conversationNotFoundForTags } from './wire.js';

export const tagHandlers: Handlers = {
  /** Tags the conversation (again is a no-op); a new tag records `conversation_part.tag.created`. */
  async attachTagToConversation(ctx, { params, body }) {
    const row = await conversations(ctx).require(params.conversation_id, conversationNotFoundForTags);
    const admin = await requireAdmin(ctx, body?.admin_id);
    const tag = await tags(ctx).require(body?.id);
    const w = writerOf(ctx);
    if (await conversations(ctx).addTag(Number(row.id), Number(tag.id), Number(admin.id), w.now)) {
      await conversations(ctx).update(Number(row.id), { updated_at: w.now });
      await emitTopics(w, (await conversations(ctx).find(Number(row.id)))!, ['conversation_part.tag.created']);
    }
    return { type: 'tag', id: String(tag.id), name: tag.name, applied_at: w.now, applied_by: { type: 'admin', id: String(admin.id) } };
  },

  /** Untags the conversation (a tag it does not have changes nothing). No topic of §14 covers it. */
  async detachTagFromConversation(ctx, { params, body }) {
    const row = await conversations(ctx).require(params.conversation_id, conversationNotFoundForTags);
    await requireAdmin(ctx, body?.admin_id);
    const tagNotFound = () => notFound('Tag not found', 'tag_not_found');
    const tag = /^\d{1,15}$/.test(params.tag_id) ? await tags(ctx).find(Number(params.tag_id)) : undefined;
    if (!tag) throw tagNotFound();
    if (await conversations(ctx).removeTag(Number(row.id), Number(tag.id))) {
      await conversations(ctx).update(Number(row.id), { updated_at: ctx.clock.now() });
    }
    return { type: 'tag', id: String(tag.id), name: tag.name, applied_at: null, applied_by: null };
  },
};
