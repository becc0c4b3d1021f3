/** Help centers and collections as Intercom sends them. */
import type { CollectionsTable, HelpCentersTable } from '../../db/schema.js';
import { notFound } from '../../errors.js';
import type { components } from '../../generated/types.js';

/** Intercom's 404 for a help center or a collection ("Resource Not Found", as for every help center object). */
export const helpCenterNotFound = () => notFound();
export const collectionNotFound = () => notFound();

export type HelpCenterWire = components['schemas']['help_center'];
export type CollectionWire = components['schemas']['collection'];

/** Where a help center is published: its custom domain when it has one. */
export const helpCenterUrl = (row: HelpCentersTable) => (row.custom_domain ? `https://${row.custom_domain}` : `https://intercom.help/${row.identifier}`);

/** The locales a help center's content may be written in (its default first). */
export const localesOf = (row: HelpCentersTable): string[] => JSON.parse(row.locales) as string[];

/** A URL path segment from a title: lower-case words joined by dashes, as Intercom's article and collection URLs read. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

export function helpCenterWire(row: HelpCentersTable): HelpCenterWire {
  return {
    id: String(row.id),
    workspace_id: row.workspace_id,
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
    identifier: row.identifier,
    website_turned_on: row.website_turned_on === 1,
    display_name: row.display_name,
    url: helpCenterUrl(row),
    custom_domain: row.custom_domain,
  };
}

/** One locale's name and description of a collection. */
export interface GroupContent {
  name: string;
  description: string;
}

/** A collection's content in every locale it has, the default locale's first. */
export function collectionContents(row: CollectionsTable, defaultLocale: string): Record<string, GroupContent> {
  return { [defaultLocale]: { name: row.name, description: row.description }, ...(JSON.parse(row.translations) as Record<string, GroupContent>) };
}

/** A collection, with its help center (for its locale and URL). */
export function collectionWire(row: CollectionsTable, helpCenter: HelpCentersTable): CollectionWire {
  const locale = helpCenter.default_locale;
  const translated: Record<string, unknown> = { type: 'group_translated_content' };
  for (const [code, content] of Object.entries(collectionContents(row, locale))) {
    translated[code] = { type: 'group_content', name: content.name, description: content.description };
  }
  return {
    id: String(row.id),
    workspace_id: row.workspace_id,
    name: row.name,
    description: row.description,
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
    url: `${helpCenterUrl(helpCenter)}/${locale}/collections/${row.id}-${slug(row.name)}`,
    icon: row.icon,
    order: Number(row.position),
    default_locale: locale,
    translated_content: translated as CollectionWire['translated_content'],
    parent_id: row.parent_id === null ? null : String(row.parent_id),
    help_center_id: Number(row.help_center_id),
  };
}

export const deletedCollection = (id: number) => ({ id: String(id), object: 'collection' as const, deleted: true });
