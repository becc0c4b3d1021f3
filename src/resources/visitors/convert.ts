/**
 * Turning a visitor into a contact (POST /visitors/convert): a new contact that keeps the visitor's
 * id, or the visitor merged into a contact that already exists. Each records the contact topics
 * the change causes, as the contact operations do.
 */
import type { Ctx } from '../../core/context.js';
import type { ContactsTable, VisitorsTable } from '../../db/schema.js';
import { assertIdentityFree, contactChanges, contacts, EMPTY_CONTACT_ROW, type ContactWire } from '../contacts/public.js';

/**
 * The visitor becomes a new contact with `role`: its id, creation time, name, phone and custom
 * attributes, with `user`'s external_id and email (else the visitor's email). Records
 * `contact.<role>.created`; a user signs up now.
 */
export async function convertInPlace(ctx: Ctx, visitor: VisitorsTable, user: { externalId: string | null; email: string | null }, role: 'user' | 'lead'): Promise<ContactWire> {
  const now = ctx.clock.now();
  const changes = await contactChanges(ctx, {
    role,
    ...(user.externalId !== null ? { external_id: user.externalId } : {}),
    ...((user.email ?? visitor.email) !== null ? { email: (user.email ?? visitor.email) as string } : {}),
    ...(visitor.name !== null ? { name: visitor.name } : {}),
    ...(visitor.phone !== null ? { phone: visitor.phone } : {}),
  });
  await assertIdentityFree(ctx, { email: changes.email, externalId: changes.external_id });
  await contacts(ctx).insert({
    ...EMPTY_CONTACT_ROW,
    ...changes,
    // The visitor's attributes were checked when they were set; they carry over as they are.
    custom_attributes: visitor.custom_attributes,
    id: visitor.id,
    role,
    signed_up_at: role === 'user' ? now : null,
    created_at: Number(visitor.created_at),
    updated_at: now,
  });
  const contact = await contacts(ctx).show(visitor.id);
  await ctx.emit(`contact.${role}.created`, contact);
  return contact;
}

/**
 * The visitor merged into an existing contact: the contact keeps its own values and takes the
 * visitor's name, phone, email (when no other contact holds it) and custom attributes where it has
 * none. Converting to a user makes a lead a user that signs up now. Records `contact.<role>.updated`
 * when something changed, and `contact.lead.signed_up` for a lead that became a user.
 */
export async function mergeInto(ctx: Ctx, visitor: VisitorsTable, target: ContactsTable, type: 'user' | 'lead'): Promise<ContactWire> {
  const fill: Record<string, unknown> = {};
  if (target.name === null && visitor.name !== null) fill.name = visitor.name;
  if (target.phone === null && visitor.phone !== null) fill.phone = visitor.phone;
  if (target.email === null && visitor.email !== null && !(await contacts(ctx).findIdentityClash({ email: visitor.email }, target.id))) {
    Object.assign(fill, await contactChanges(ctx, { email: visitor.email }));
  }
  const current = JSON.parse(target.custom_attributes || '{}') as Record<string, unknown>;
  const attributes = { ...JSON.parse(visitor.custom_attributes || '{}'), ...current };
  if (Object.keys(attributes).length !== Object.keys(current).length) fill.custom_attributes = JSON.stringify(attributes);
  const signsUp = type === 'user' && target.role === 'lead';
  if (signsUp) {
    fill.role = 'user';
    if (target.signed_up_at === null) fill.signed_up_at = ctx.clock.now();
  }
  if (Object.keys(fill).length === 0) return contacts(ctx).show(target.id);
  await contacts(ctx).update(target.id, { ...fill, updated_at: ctx.clock.now() });
  const contact = await contacts(ctx).show(target.id);
  await ctx.emit(`contact.${contact.role === 'lead' ? 'lead' : 'user'}.updated`, contact);
  if (signsUp) await ctx.emit('contact.lead.signed_up', contact);
  if ('email' in fill) await ctx.emit('contact.email.updated', contact);
  return contact;
}
