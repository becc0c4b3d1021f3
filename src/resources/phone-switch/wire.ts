/** Phone switch redirects as the API answers them, and the endpoint's own error shape. */
import type { PhoneCallRedirectsTable } from '../../db/schema.js';
import type { ApiError } from '../../errors.js';

/**
 * The Messenger link the text message carries. This server sends no text messages; the link leads
 * to the redirect as recorded (`GET /_admin/phone_call_redirects/{id}`), where a developer sees
 * what would have been sent.
 */
export const redirectUrl = (publicUrl: string, id: string) => `${publicUrl}/_admin/phone_call_redirects/${id}`;

/** Intercom answers with the link (`url`, its example) and the number (`phone`, its schema): both are here. */
export const phoneSwitchWire = (row: PhoneCallRedirectsTable, publicUrl: string) => ({
  type: 'phone_call_redirect' as const,
  phone: row.phone,
  url: redirectUrl(publicUrl, row.id),
});

/** The redirect as recorded, for the server's own namespace: with its custom attributes and time. */
export const recordedRedirectWire = (row: PhoneCallRedirectsTable, publicUrl: string) => ({
  ...phoneSwitchWire(row, publicUrl),
  id: row.id,
  custom_attributes: JSON.parse(row.custom_attributes) as Record<string, unknown>,
  created_at: Number(row.created_at),
});

/**
 * The phone switch's errors are not `error.list` but `{error_key, message}` (behaviour §13). A
 * missing or mistyped `phone` is the endpoint's `invalid_phone_number`, whatever check caught it.
 */
export const phoneSwitchError = (error: ApiError) => ({
  error_key: error.field === 'phone' ? 'invalid_phone_number' : error.code,
  message: error.message,
});
