/**
 * createPhoneSwitch: Intercom texts the caller a link to the Messenger. This server sends no text
 * message; it checks the number, records the redirect with its custom attributes (see
 * `/_admin/phone_call_redirects`) and answers with the link.
 */
import { randomUUID } from 'node:crypto';
import { withOptions, type Handlers } from '../../core/context.js';
import { ApiError, badRequest } from '../../errors.js';
import { phoneCallRedirects } from './store.js';
import { phoneSwitchError, phoneSwitchWire } from './wire.js';

/** E.164: a plus, a country code that does not start with 0, at most 15 digits in all. */
const E164 = /^\+[1-9]\d{1,14}$/;

/**
 * The number in E.164. Spaces, dots, hyphens and parentheses between digits are dropped first: the
 * spec's own example is "+1 1234567890".
 */
function e164(raw: string): string {
  const compact = raw.trim().replace(/[\s.()-]/g, '');
  if (!E164.test(compact)) throw new ApiError('invalid_phone_number', 'Invalid phone number', 'phone');
  return compact;
}

/** Custom attributes are a flat object: each value a string, number, boolean or null. */
function customAttributes(raw: Record<string, unknown> | undefined): Record<string, unknown> {
  if (raw === undefined) return {};
  for (const [key, value] of Object.entries(raw)) {
    if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) {
      throw badRequest(`custom_attributes.${key} must be a string, a number, a boolean or null`, 'parameter_invalid', `custom_attributes.${key}`);
    }
  }
  return raw;
}

export const phoneSwitchHandlers: Handlers = {
  createPhoneSwitch: withOptions({ errorBody: phoneSwitchError }, async (ctx, { body }) => {
    // The schema requires `phone`; registration reads a missing body as {}, so it is there.
    const row = { id: randomUUID(), phone: e164(body?.phone ?? ''), customAttributes: customAttributes(body?.custom_attributes), now: ctx.clock.now() };
    await phoneCallRedirects(ctx).insert(row);
    const recorded = await phoneCallRedirects(ctx).find(row.id);
    return phoneSwitchWire(recorded!, ctx.config.publicUrl);
  }),
};
