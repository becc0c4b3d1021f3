/** Who a request names: admins, teams and contacts, each with the 404 Intercom answers for them. */
import type { Ctx } from '../../core/context.js';
import type { AdminsTable, ContactsTable, TeamsTable } from '../../db/schema.js';
import { badRequest } from '../../errors.js';
import { admins } from '../admins/public.js';
import { contactNotFound, contacts, findOrCreateLeadByEmail } from '../contacts/public.js';
import { teams } from '../teams/public.js';

/** `admin_id` must name an admin of the workspace (404 `admin_not_found` "Admin not found"). */
export const requireAdmin = (ctx: Ctx, rawId: unknown): Promise<AdminsTable> => admins(ctx).require(rawId);

export const requireTeam = (ctx: Ctx, rawId: unknown): Promise<TeamsTable> => teams(ctx).require(rawId);

/** How Intercom's bodies name a contact: its id, the client's `user_id` (external id) or its email. */
export interface ContactKey {
  intercom_user_id?: string;
  user_id?: string;
  email?: string;
}

/**
 * The contact a body names, or 404 "User Not Found". `createLeadForEmail`: an unknown email makes a
 * new lead (adding a participant does; replying does not).
 */
export async function contactOf(ctx: Ctx, key: ContactKey, options: { createLeadForEmail?: boolean } = {}): Promise<ContactsTable> {
  if (key.intercom_user_id !== undefined) return contacts(ctx).require(key.intercom_user_id);
  if (key.user_id !== undefined) {
    const found = await contacts(ctx).findIdentityClash({ externalId: key.user_id });
    if (!found) throw contactNotFound();
    return found;
  }
  if (key.email !== undefined) {
    if (options.createLeadForEmail) return findOrCreateLeadByEmail(ctx, key.email);
    const found = await contacts(ctx).findIdentityClash({ email: key.email });
    if (!found) throw contactNotFound();
    return found;
  }
  throw badRequest('intercom_user_id, user_id or email is required to name the contact', 'parameter_not_found', 'intercom_user_id');
}
