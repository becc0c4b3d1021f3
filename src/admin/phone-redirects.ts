/**
 * `/_admin/phone_call_redirects…`: the text messages the phone switch would have sent. Intercom
 * texts the caller a Messenger link; this server sends nothing, so a developer reads here which
 * numbers were switched, with which custom attributes (the link it answered leads here too).
 */
import { notFound } from '../errors.js';
import { phoneCallRedirects, recordedRedirectWire } from '../resources/phone-switch/public.js';
import type { AdminHandler } from './webhooks.js';

const REDIRECTS_SHOWN = 50;

export const listRedirects: AdminHandler = async (ctx) => ({
  type: 'list',
  data: (await phoneCallRedirects(ctx).latest(REDIRECTS_SHOWN)).map((row) => recordedRedirectWire(row, ctx.config.publicUrl)),
});

export const showRedirect: AdminHandler = async (ctx, { params }) => {
  const row = await phoneCallRedirects(ctx).find(params.id);
  if (!row) throw notFound('Phone call redirect not found');
  return recordedRedirectWire(row, ctx.config.publicUrl);
};
