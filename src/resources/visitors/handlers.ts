/** Visitors: retrieveVisitorWithUserId, updateVisitor, convertVisitor (into a lead or a user). */
import type { Ctx, Handlers } from '../../core/context.js';
import type { ContactsTable, VisitorsTable } from '../../db/schema.js';
import { badRequest, missingParameter } from '../../errors.js';
import { visitors } from './store.js';
import { visitorNotFound, visitorWire } from './wire.js';
import { mergedAttributes, textField } from './input.js';
import { convertInPlace, mergeInto } from './convert.js';
import { contacts } from '../contacts/public.js';

interface Identifiers {
  id?: unknown;
  user_id?: unknown;
  email?: unknown;
}

const given = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

const throwNotFound = (): never => {
  throw visitorNotFound();
};

/** The visitor a body names by Intercom's `id`, else its `user_id`, else its `email`; 404 "Visitor Not Found". */
async function visitorNamed(ctx: Ctx, ids: Identifiers, field: string): Promise<VisitorsTable> {
  if (given(ids.id)) return visitors(ctx).require(ids.id);
  if (given(ids.user_id)) return (await visitors(ctx).findByUserId(ids.user_id)) ?? throwNotFound();
  if (given(ids.email)) return (await visitors(ctx).findByEmail(ids.email)) ?? throwNotFound();
  throw missingParameter(`${field} needs an id, user_id or email`, field);
}

/**
 * The contact `user` names, if any: by Intercom's `id` (which must exist: 404 "User Not Found"),
 * else by `user_id` (external_id), else by `email`.
 */
async function contactNamed(ctx: Ctx, ids: Identifiers): Promise<ContactsTable | undefined> {
  if (given(ids.id)) return contacts(ctx).require(ids.id);
  if (given(ids.user_id)) {
    const byExternalId = await contacts(ctx).findIdentityClash({ externalId: ids.user_id });
    if (byExternalId) return byExternalId;
  }
  if (given(ids.email)) return contacts(ctx).findIdentityClash({ email: ids.email });
  return undefined;
}

const asObject = (raw: unknown, field: string): Identifiers => {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw missingParameter(`${field} is required`, field);
  return raw as Identifiers;
};

export const visitorHandlers: Handlers = {
  async retrieveVisitorWithUserId(ctx, { query }) {
    return visitorWire((await visitors(ctx).findByUserId(query.user_id)) ?? throwNotFound());
  },

  /**
   * PUT /visitors by `id` or `user_id`: `name` and `custom_attributes` (contact data attributes,
   * merged; null removes one). Other keys are left alone. `updated_at` moves only on a real change;
   * no webhook topic exists for visitor updates.
   */
  async updateVisitor(ctx, { body }) {
    const input = (body ?? {}) as Identifiers & { name?: unknown; custom_attributes?: unknown };
    if (!given(input.id) && !given(input.user_id)) throw missingParameter('id or user_id is required', 'id');
    const visitor = await visitorNamed(ctx, { id: input.id, user_id: input.user_id }, 'id');
    const changes: { name?: string | null; custom_attributes?: string } = {};
    if (input.name !== undefined) changes.name = textField(input.name, 'name');
    if (input.custom_attributes !== undefined) changes.custom_attributes = await mergedAttributes(ctx, input.custom_attributes, visitor.custom_attributes);
    const changed = (changes.name !== undefined && changes.name !== visitor.name) ||
      (changes.custom_attributes !== undefined && changes.custom_attributes !== JSON.stringify(JSON.parse(visitor.custom_attributes || '{}')));
    if (!changed) return visitorWire(visitor);
    const updated = { ...visitor, ...changes, updated_at: ctx.clock.now() };
    await visitors(ctx).update(visitor.id, { ...changes, updated_at: updated.updated_at });
    return visitorWire(updated);
  },

  /**
   * POST /visitors/convert `{type: user|lead, user, visitor}`. When `user` names an existing contact,
   * the visitor is merged into it; otherwise the visitor becomes a new contact (keeping its id) with
   * `user`'s identifiers. Either way the visitor is gone afterwards. Converting to a user records
   * `visitor.signed_up` besides the contact's own topics.
   */
  async convertVisitor(ctx, { body }) {
    const type = body.type;
    if (type !== 'user' && type !== 'lead') throw badRequest("type must be 'user' or 'lead'", 'parameter_invalid', 'type');
    const user = asObject(body.user, 'user');
    const visitor = await visitorNamed(ctx, asObject(body.visitor, 'visitor'), 'visitor');
    const existing = await contactNamed(ctx, user);
    // Deleted first: of two concurrent conversions of one visitor, the second waits on this row and
    // then finds it gone (404) instead of colliding on the contact id it would give the visitor.
    if (!(await visitors(ctx).delete(visitor.id))) throw visitorNotFound();
    const contact = existing
      ? await mergeInto(ctx, visitor, existing, type)
      : await convertInPlace(ctx, visitor, { externalId: given(user.user_id) ? user.user_id : null, email: given(user.email) ? user.email : null }, type);
    if (type === 'user') await ctx.emit('visitor.signed_up', contact);
    return contact;
  },
};
