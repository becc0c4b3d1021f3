/** News items and newsfeeds as Intercom sends them. */
import type { NewsfeedsTable, NewsItemsTable } from '../../db/schema.js';
import { notFound } from '../../errors.js';
import type { components } from '../../generated/types.js';
import type { Assignment } from './store.js';

export const newsItemNotFound = () => notFound('Resource Not Found');
export const newsfeedNotFound = () => notFound('Resource Not Found');

export type NewsItemWire = components['schemas']['news_item'];

export function newsItemWire(row: NewsItemsTable, assignments: Assignment[]): NewsItemWire {
  return {
    type: 'news-item',
    id: String(row.id),
    workspace_id: row.workspace_id,
    title: row.title,
    body: row.body,
    sender_id: Number(row.sender_id),
    state: row.state as NewsItemWire['state'],
    labels: JSON.parse(row.labels),
    // Items are written through the API only, which has no cover image field.
    cover_image_url: null,
    reactions: JSON.parse(row.reactions),
    deliver_silently: Boolean(Number(row.deliver_silently)),
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
    newsfeed_assignments: assignments.map((a) => ({ newsfeed_id: a.newsfeed_id, published_at: a.published_at as number })),
  };
}

export function newsfeedWire(row: NewsfeedsTable): components['schemas']['newsfeed'] {
  return { type: 'newsfeed', id: String(row.id), name: row.name, created_at: Number(row.created_at), updated_at: Number(row.updated_at) };
}

export const deletedNewsItem = (id: number) => ({ id: String(id), object: 'news-item' as const, deleted: true });
