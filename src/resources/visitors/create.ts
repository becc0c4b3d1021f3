/**
 * Making a visitor. Intercom's Messenger creates visitors as people browse; this server has no
 * Messenger, so its own namespace offers POST /_admin/visitors (src/admin/visitors.ts), which uses this.
 */
import { randomUUID } from 'node:crypto';
import type { Ctx } from '../../core/context.js';
import { hexId } from '../../core/ids.js';
import { badRequest, conflict } from '../../errors.js';
import { emailField, mergedAttributes, textField } from './input.js';
import { visitors } from './store.js';
import { pseudonymFor, visitorWire } from './wire.js';

export interface NewVisitor {
  user_id?: unknown;
  name?: unknown;
  email?: unknown;
  phone?: unknown;
  custom_attributes?: unknown;
}

const KNOWN = new Set(['user_id', 'name', 'email', 'phone', 'custom_attributes']);

/** Creates a visitor (its `user_id` a fresh uuid unless given) and answers it as GET /visitors shows it. */
export async function createVisitor(ctx: Ctx, input: NewVisitor) {
  for (const key of Object.keys(input)) if (!KNOWN.has(key)) throw badRequest(`bad '${key}' parameter`, 'bad_request', key);
  const userId = input.user_id === undefined ? randomUUID() : textField(input.user_id, 'user_id');
  if (userId === null) throw badRequest('user_id must not be empty', 'parameter_invalid', 'user_id');
  const now = ctx.clock.now();
  const id = hexId(now);
  const row = {
    id,
    user_id: userId,
    name: input.name === undefined ? null : textField(input.name, 'name'),
    email: input.email === undefined ? null : emailField(input.email),
    phone: input.phone === undefined ? null : textField(input.phone, 'phone'),
    pseudonym: pseudonymFor(id),
    custom_attributes: await mergedAttributes(ctx, input.custom_attributes),
    created_at: now,
    updated_at: now,
  };
  if (!(await visitors(ctx).insert(row))) throw conflict(`A visitor with user_id ${userId} already exists`);
  return visitorWire({ ...row, workspace_id: ctx.workspace.id });
}
