/**
 * Checking and normalising the writable fields of POST /contacts and PUT /contacts/{id}. The spec's
 * schema has already checked JSON types; this checks values. Everything is checked before anything
 * is written, so a 400 leaves the contact as it was.
 */
import type { Ctx } from '../../core/context.js';
import { foldCase } from '../../db/dialect.js';
import type { ContactsTable } from '../../db/schema.js';
import { badRequest } from '../../errors.js';
import type { components } from '../../generated/types.js';
import { admins } from '../admins/public.js';
import { checkCustomAttributes } from './custom-attributes.js';
import type { ContactChanges } from './store.js';

/** The writable fields of a contact (POST and PUT take the same ones). */
export type ContactInput = components['schemas']['update_contact_request'];

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The domain as stored (and searched): folded by the dialect's one rule. */
export function emailDomain(email: string | null): string | null {
  if (!email) return null;
  return foldCase(email.slice(email.lastIndexOf('@') + 1));
}

function timestamp(name: string, value: number | null | undefined): number | null | undefined {
  if (value === undefined || value === null) return value;
  if (!Number.isSafeInteger(value) || value < 0) throw badRequest(`${name} must be a unix timestamp in seconds`, 'parameter_invalid', name);
  return value;
}

/** NUL cannot be stored in PostgreSQL text, and is never meaningful in these fields. */
export function assertNoNul(name: string, value: string) {
  if (value.includes('\u0000')) throw badRequest(`${name} must not contain NUL characters`, 'parameter_invalid', name);
}

function text(name: string, value: string | null | undefined, max = 255): string | null | undefined {
  if (value === undefined || value === null) return value;
  if (typeof value !== 'string') throw badRequest(`${name} must be a string`, 'parameter_invalid', name);
  assertNoNul(name, value);
  const trimmed = value.trim();
  if (trimmed.length > max) throw badRequest(`${name} must be ${max} characters or fewer`, 'parameter_invalid', name);
  return trimmed === '' ? null : trimmed;
}

/**
 * The column changes an input asks for, checked. `current` is the contact being updated (absent on
 * create). Fields not in the input are not in the result: PUT is partial.
 */
export async function contactChanges(ctx: Ctx, input: ContactInput, current?: ContactsTable): Promise<ContactChanges> {
  const changes: ContactChanges = {};

  if (input.role !== undefined) {
    if (input.role !== 'user' && input.role !== 'lead') throw badRequest("role must be one of: user, lead", 'parameter_invalid', 'role');
    // Decision (behaviour §16 leaves it open): a lead may become a user, but a user never goes back to
    // being a lead, as in Intercom's UI.
    if (current?.role === 'user' && input.role === 'lead') {
      throw badRequest('A user cannot be converted into a lead', 'parameter_invalid', 'role');
    }
    changes.role = input.role;
  }

  if (input.email !== undefined) {
    const email = typeof input.email === 'string' ? input.email.trim() : input.email;
    if (email === null || email === '') {
      // An empty email clears it.
      changes.email = null;
      changes.email_domain = null;
    } else {
      if (!EMAIL.test(email) || email.length > 255 || email.includes('\u0000')) {
        throw badRequest('Invalid email address', 'parameter_invalid', 'email');
      }
      changes.email = email;
      changes.email_domain = emailDomain(email);
    }
  }

  if (input.external_id !== undefined) {
    const externalId = text('external_id', input.external_id);
    changes.external_id = externalId ?? null;
  }

  for (const name of ['phone', 'name'] as const) {
    if (input[name] !== undefined) changes[name] = text(name, input[name]) ?? null;
  }

  if (input.avatar !== undefined) {
    const avatar = text('avatar', input.avatar, 2048) ?? null;
    if (avatar !== null) {
      let ok = false;
      try {
        ok = ['http:', 'https:'].includes(new URL(avatar).protocol);
      } catch {
        ok = false;
      }
      if (!ok) throw badRequest('avatar must be an http(s) URL of an image', 'parameter_invalid', 'avatar');
    }
    changes.avatar = avatar;
  }

  for (const name of ['signed_up_at', 'last_seen_at'] as const) {
    if (input[name] !== undefined) changes[name] = timestamp(name, input[name]) ?? null;
  }

  if (input.owner_id !== undefined) {
    if (input.owner_id === null) changes.owner_id = null;
    else {
      const owner = Number.isSafeInteger(input.owner_id) && (await admins(ctx).find(input.owner_id)) !== undefined;
      if (!owner) throw badRequest('owner_id must be the id of an admin of this workspace', 'parameter_invalid', 'owner_id');
      changes.owner_id = input.owner_id;
    }
  }

  if (input.unsubscribed_from_emails !== undefined && input.unsubscribed_from_emails !== null) {
    changes.unsubscribed_from_emails = input.unsubscribed_from_emails ? 1 : 0;
  }

  if (input.custom_attributes !== undefined && input.custom_attributes !== null) {
    const cleaned = await checkCustomAttributes(ctx, input.custom_attributes);
    // Custom attributes merge: keys sent replace, keys not sent stay.
    const merged = { ...(current ? JSON.parse(current.custom_attributes || '{}') : {}), ...cleaned };
    changes.custom_attributes = JSON.stringify(merged);
  }

  return changes;
}
