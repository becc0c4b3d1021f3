/**
 * Translated content in requests (`translated_content` of articles and collections): an object of
 * locale → content, plus an optional `type`. Only the workspace's help center locales are accepted.
 */
import { badRequest } from '../../errors.js';

/** The locales every new workspace's help center is written in, its default first. */
export const SEEDED_LOCALES = ['en', 'fr', 'de', 'es'];

/** The locale entries of a request's `translated_content`, each checked against `allowed`. */
export function translatedEntries(raw: unknown, allowed: readonly string[]): [string, Record<string, unknown>][] {
  if (raw === undefined || raw === null) return [];
  const entries: [string, Record<string, unknown>][] = [];
  for (const [locale, content] of Object.entries(raw as Record<string, unknown>)) {
    if (locale === 'type') continue;
    if (!allowed.includes(locale)) {
      throw badRequest(`Locale '${locale}' is not a language of this Help Center (${allowed.join(', ')})`, 'parameter_invalid', `translated_content.${locale}`);
    }
    entries.push([locale, (content ?? {}) as Record<string, unknown>]);
  }
  return entries;
}
