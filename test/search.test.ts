import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstError, testApi, type TestWorkspace } from './harness.js';
import { sql } from 'kysely';
import { isReadOnly, type Ctx } from '../src/core/context.js';
import { hexId } from '../src/core/ids.js';
import { runOperation } from '../src/core/operation.js';
import { handlers } from '../src/handlers.js';
import { dayBounds } from '../src/search/dates.js';
import { defineSearch, type SearchBody } from '../src/search/define.js';
import type { ColumnField } from '../src/search/types.js';

const api = await testApi();
const db = api.database.db;

// Fixed instants: 2024-03-10 12:00:00 UTC and neighbours.
const T = 1710072000;
const DAY = 86400;

/** Inserts contacts straight into the table (fast, and every column under the test's control). */
async function insertContacts(ws: TestWorkspace, rows: Record<string, unknown>[]): Promise<string[]> {
  const ids: string[] = [];
  const values = rows.map((r, i) => {
    const id = (r.id as string) ?? hexId(T) ;
    ids.push(id);
    return {
      workspace_id: ws.id,
      id,
      role: 'user',
      has_hard_bounced: 0,
      marked_email_as_spam: 0,
      unsubscribed_from_emails: 0,
      archived: 0,
      created_at: T + i,
      updated_at: T + i,
      ...r,
      custom_attributes: JSON.stringify(r.custom_attributes ?? {}),
    };
  });
  await db.insertInto('contacts').values(values as any).execute();
  return ids;
}

async function search(ws: TestWorkspace, query: unknown, extra: Record<string, unknown> = {}) {
  return ws.call('POST', '/contacts/search', { body: { query, ...extra } });
}

async function ids(ws: TestWorkspace, query: unknown, extra: Record<string, unknown> = {}): Promise<string[]> {
  const res = await search(ws, query, { pagination: { per_page: 150 }, ...extra });
  assert.equal(res.status, 200, res.raw);
  return res.body.data.map((c: any) => c.id);
}

const sorted = (a: string[]) => [...a].sort();

async function fixture() {
  const ws = await api.newWorkspace();
  for (const [name, data_type] of [['plan', 'string'], ['seats', 'integer'], ['score', 'float'], ['vip', 'boolean'], ['renewal', 'date']]) {
    const res = await ws.call('POST', '/data_attributes', { body: { name, model: 'contact', data_type } });
    assert.equal(res.status, 200);
  }
  const tag = (await ws.call('POST', '/tags', { body: { name: 'vip' } })).body;
  const [a, b, c, d, e] = await insertContacts(ws, [
    { name: 'Alice Smith', email: 'Alice@Example.com', email_domain: 'example.com', owner_id: 10, last_seen_at: T, location_country: 'France', location_city: 'Paris',
      custom_attributes: { plan: 'Pro', seats: 5, score: 1.5, vip: true, renewal: T + DAY } },
    { name: 'Bob Jones', email: 'bob@test.org', email_domain: 'test.org', owner_id: 20, last_seen_at: T - DAY, role: 'lead', location_country: 'Germany',
      custom_attributes: { plan: 'free', seats: 1, score: -2, vip: false } },
    { name: 'carol', email: 'carol@example.com', email_domain: 'example.com', last_seen_at: T + DAY, unsubscribed_from_emails: 1,
      custom_attributes: { plan: 'pro', seats: 50 } },
    { name: null, email: null, phone: '+15551234', external_id: 'EXT-1', custom_attributes: {} },
    { name: 'archived one', email: 'gone@example.com', archived: 1 },
  ]);
  await db.insertInto('contact_tags').values([{ workspace_id: ws.id, contact_id: a, tag_id: Number(tag.id), applied_at: T, applied_by: null }]).execute();
  return { ws, a, b, c, d, e, tagId: tag.id as string };
}

test('SearchContacts: response shape, archived contacts never match', async () => {
  const { ws, a, b, c, d } = await fixture();
  const res = await search(ws, { field: 'created_at', operator: '>', value: 0 });
  assert.equal(res.status, 200);
  assert.equal(res.body.type, 'list');
  assert.equal(res.body.total_count, 4);
  assert.equal(res.body.pages.type, 'pages');
  assert.equal(res.body.pages.next, undefined);
  assert.deepEqual(sorted(res.body.data.map((x: any) => x.id)), sorted([a, b, c, d]));
  assert.equal(res.body.data[0].type, 'contact');
});

test('string operators: = (case-insensitive on email), !=, IN, NIN, ~, !~, ^, $', async () => {
  const { ws, a, b, c, d } = await fixture();
  assert.deepEqual(await ids(ws, { field: 'email', operator: '=', value: 'alice@example.COM' }), [a]);
  assert.deepEqual(sorted(await ids(ws, { field: 'email', operator: '!=', value: 'alice@example.com' })), sorted([b, c, d]));
  assert.deepEqual(sorted(await ids(ws, { field: 'name', operator: 'IN', value: ['alice smith', 'CAROL'] })), sorted([a, c]));
  assert.deepEqual(sorted(await ids(ws, { field: 'name', operator: 'NIN', value: ['alice smith', 'CAROL'] })), sorted([b, d]));
  assert.deepEqual(sorted(await ids(ws, { field: 'email', operator: '~', value: 'EXAMPLE' })), sorted([a, c]));
  assert.deepEqual(sorted(await ids(ws, { field: 'email', operator: '!~', value: 'example' })), sorted([b, d]));
  assert.deepEqual(await ids(ws, { field: 'name', operator: '^', value: 'bo' }), [b]);
  assert.deepEqual(await ids(ws, { field: 'name', operator: '$', value: 'SMITH' }), [a]);
  assert.deepEqual(sorted(await ids(ws, { field: 'email_domain', operator: '=', value: 'example.com' })), sorted([a, c]));
  assert.deepEqual(await ids(ws, { field: 'location.country', operator: '=', value: 'france' }), [a]);
  assert.deepEqual(await ids(ws, { field: 'location.city', operator: '^', value: 'Par' }), [a]);
  assert.deepEqual(await ids(ws, { field: 'role', operator: '=', value: 'lead' }), [b]);
  assert.deepEqual(await ids(ws, { field: 'phone', operator: '=', value: '+15551234' }), [d]);
  // Identifiers are exact.
  assert.deepEqual(await ids(ws, { field: 'external_id', operator: '=', value: 'EXT-1' }), [d]);
  assert.deepEqual(await ids(ws, { field: 'external_id', operator: '=', value: 'ext-1' }), []);
  assert.deepEqual(await ids(ws, { field: 'id', operator: '=', value: a }), [a]);
});

test('null checks: = null and != null', async () => {
  const { ws, a, b, c, d } = await fixture();
  assert.deepEqual(await ids(ws, { field: 'email', operator: '=', value: null }), [d]);
  assert.deepEqual(sorted(await ids(ws, { field: 'email', operator: '!=', value: null })), sorted([a, b, c]));
  assert.deepEqual(sorted(await ids(ws, { field: 'owner_id', operator: '=', value: null })), sorted([c, d]));
  assert.deepEqual(sorted(await ids(ws, { field: 'custom_attributes.vip', operator: '!=', value: null })), sorted([a, b]));
  assert.deepEqual(await ids(ws, { field: 'last_seen_at', operator: '=', value: null }), [d]);
});

test('number operators on owner_id and custom integer/float attributes', async () => {
  const { ws, a, b, c, d } = await fixture();
  assert.deepEqual(await ids(ws, { field: 'owner_id', operator: '=', value: 10 }), [a]);
  assert.deepEqual(sorted(await ids(ws, { field: 'owner_id', operator: '!=', value: 10 })), sorted([b, c, d]));
  assert.deepEqual(await ids(ws, { field: 'owner_id', operator: '>', value: 10 }), [b]);
  assert.deepEqual(sorted(await ids(ws, { field: 'owner_id', operator: '>=', value: 10 })), sorted([a, b]));
  assert.deepEqual(await ids(ws, { field: 'owner_id', operator: '<', value: 20 }), [a]);
  assert.deepEqual(sorted(await ids(ws, { field: 'owner_id', operator: '<=', value: 20 })), sorted([a, b]));
  assert.deepEqual(sorted(await ids(ws, { field: 'owner_id', operator: 'IN', value: [10, 20] })), sorted([a, b]));
  assert.deepEqual(sorted(await ids(ws, { field: 'owner_id', operator: 'NIN', value: [10] })), sorted([b, c, d]));
  assert.deepEqual(sorted(await ids(ws, { field: 'custom_attributes.seats', operator: '>=', value: 5 })), sorted([a, c]));
  assert.deepEqual(await ids(ws, { field: 'custom_attributes.seats', operator: '=', value: '50' }), [c]);
  // Floats travel as text: the 2.11 request schema admits only integer numbers.
  assert.deepEqual(await ids(ws, { field: 'custom_attributes.score', operator: '>', value: '1.25' }), [a]);
  assert.deepEqual(await ids(ws, { field: 'custom_attributes.score', operator: '<', value: 0 }), [b]);
});

test('booleans and custom string attributes', async () => {
  const { ws, a, b, c, d } = await fixture();
  assert.deepEqual(await ids(ws, { field: 'unsubscribed_from_emails', operator: '=', value: true }), [c]);
  assert.deepEqual(sorted(await ids(ws, { field: 'unsubscribed_from_emails', operator: '!=', value: true })), sorted([a, b, d]));
  assert.deepEqual(await ids(ws, { field: 'custom_attributes.vip', operator: '=', value: true }), [a]);
  assert.deepEqual(sorted(await ids(ws, { field: 'custom_attributes.vip', operator: '!=', value: true })), sorted([b, c, d]));
  assert.deepEqual(sorted(await ids(ws, { field: 'custom_attributes.plan', operator: '=', value: 'PRO' })), sorted([a, c]));
  assert.deepEqual(await ids(ws, { field: 'custom_attributes.plan', operator: '^', value: 'fr' }), [b]);
});

test('dates compare by calendar day in the workspace timezone', async () => {
  const { ws, a, b, c } = await fixture();
  // a was last seen at T (2024-03-10 12:00 UTC), b the day before, c the day after.
  const morning = T - 11 * 3600; // same day, 01:00
  assert.deepEqual(await ids(ws, { field: 'last_seen_at', operator: '=', value: morning }), [a]);
  assert.deepEqual(await ids(ws, { field: 'last_seen_at', operator: '>', value: morning }), [c]);
  assert.deepEqual(await ids(ws, { field: 'last_seen_at', operator: '<', value: morning }), [b]);
  assert.deepEqual(await ids(ws, { field: 'last_seen_at', operator: '=', value: String(T) }), [a]);
  assert.deepEqual(await ids(ws, { field: 'custom_attributes.renewal', operator: '>', value: T }), [a]);
  for (const operator of ['!=', '>=', '<=', 'IN', 'NIN']) {
    const res = await search(ws, { field: 'last_seen_at', operator, value: operator.endsWith('IN') ? [T] : T });
    assert.equal(res.status, 400, operator);
    assert.equal(firstError(res).code, 'parameter_invalid');
  }
  // In another timezone the day boundaries move (and 2024-03-10 has 23 hours in New York: DST starts).
  const [start, next] = dayBounds(T, 'America/New_York');
  assert.equal(new Date(start * 1000).toISOString(), '2024-03-10T05:00:00.000Z');
  assert.equal(new Date(next * 1000).toISOString(), '2024-03-11T04:00:00.000Z');
  const [nextStart, nextNext] = dayBounds(T + DAY, 'America/New_York');
  assert.equal(nextStart, next);
  assert.equal(nextNext - nextStart, DAY);
  const [tokyo] = dayBounds(T, 'Asia/Tokyo');
  assert.equal(new Date(tokyo * 1000).toISOString(), '2024-03-09T15:00:00.000Z');
});

test('tag_id: = and != only', async () => {
  const { ws, a, b, c, d, tagId } = await fixture();
  assert.deepEqual(await ids(ws, { field: 'tag_id', operator: '=', value: tagId }), [a]);
  assert.deepEqual(await ids(ws, { field: 'tag_id', operator: '=', value: Number(tagId) }), [a]);
  assert.deepEqual(sorted(await ids(ws, { field: 'tag_id', operator: '!=', value: tagId })), sorted([b, c, d]));
  assert.deepEqual(await ids(ws, { field: 'tag_id', operator: '=', value: '999' }), []);
  const res = await search(ws, { field: 'tag_id', operator: 'IN', value: [tagId] });
  assert.equal(res.status, 400);
});

test('nested AND / OR groups', async () => {
  const { ws, a, b, c } = await fixture();
  const q = {
    operator: 'OR',
    value: [
      { operator: 'AND', value: [{ field: 'email_domain', operator: '=', value: 'example.com' }, { field: 'owner_id', operator: '=', value: 10 }] },
      { field: 'role', operator: '=', value: 'lead' },
    ],
  };
  assert.deepEqual(sorted(await ids(ws, q)), sorted([a, b]));
  const deep = { operator: 'AND', value: [{ operator: 'OR', value: [{ operator: 'AND', value: [{ field: 'name', operator: '=', value: 'carol' }] }] }] };
  assert.deepEqual(await ids(ws, deep), [c]);
});

test('limits and errors: 400 error.list, never 5xx', async () => {
  const { ws } = await fixture();
  const expect = async (body: unknown, code: string, pattern?: RegExp) => {
    const res = await ws.call('POST', '/contacts/search', { body });
    assert.equal(res.status, 400, JSON.stringify(body) + ' ' + res.raw);
    const error = firstError(res);
    assert.equal(error.code, code, JSON.stringify(body));
    if (pattern) assert.match(error.message, pattern);
  };
  const f = { field: 'name', operator: '=', value: 'x' };
  await expect({ query: { field: 'nope', operator: '=', value: 'x' } }, 'invalid_field', /nope is not a valid search field/);
  await expect({ query: { field: 'custom_attributes.nope', operator: '=', value: 'x' } }, 'invalid_field');
  await expect({ query: { operator: 'AND', value: Array(16).fill(f) } }, 'parameter_invalid', /at most 15/);
  await expect(
    { query: { operator: 'AND', value: [{ operator: 'OR', value: [{ operator: 'AND', value: [{ operator: 'OR', value: [f] }] }] }] } },
    'parameter_invalid',
    /nested/,
  );
  await expect({ query: { field: 'name', operator: '>', value: 'x' } }, 'parameter_invalid', /not supported/);
  await expect({ query: { field: 'owner_id', operator: '~', value: 1 } }, 'parameter_invalid');
  await expect({ query: { field: 'owner_id', operator: '=', value: 'ten' } }, 'parameter_invalid', /integer/);
  await expect({ query: { field: 'name', operator: '=', value: 3 } }, 'parameter_invalid', /string/);
  await expect({ query: { field: 'name', operator: 'IN', value: 'x' } }, 'parameter_invalid', /array/);
  await expect({ query: { field: 'unsubscribed_from_emails', operator: '=', value: 'yes' } }, 'parameter_invalid');
  await expect({ query: { field: 'name', operator: '~', value: null } }, 'parameter_invalid');
  await expect({ query: { operator: 'AND', value: [] } }, 'parameter_invalid');
  await expect({ query: f, sort: { field: 'name', order: 'desc' } }, 'invalid_sort_order', /Invalid sort order 'desc'. Must be one of: ascending, descending/);
  await expect({ query: f, sort: { field: 'tag_id', order: 'ascending' } }, 'invalid_field');
  await expect({ query: f, pagination: { per_page: 151 } }, 'parameter_invalid');
  await expect({ query: f, pagination: { per_page: 10, starting_after: 'garbage' } }, 'parameter_invalid');
  await expect({}, 'parameter_not_found');
});

test('sort: every direction, nulls last, ties broken by id; cursor pagination is complete and stable', async () => {
  const ws = await api.newWorkspace();
  // 23 contacts, owner_id with many ties and some nulls, same created_at for all.
  const rows = Array.from({ length: 23 }, (_, i) => ({ owner_id: i % 4 === 0 ? null : i % 3, created_at: T, name: `n${i % 5}` }));
  const all = await insertContacts(ws, rows);
  for (const [field, order] of [['owner_id', 'ascending'], ['owner_id', 'descending'], ['created_at', 'descending'], ['name', 'ascending']] as const) {
    const seen: any[] = [];
    let starting_after: string | undefined;
    let pages = 0;
    do {
      const res = await search(ws, { field: 'created_at', operator: '=', value: T }, { sort: { field, order }, pagination: { per_page: 5, starting_after } });
      assert.equal(res.status, 200, res.raw);
      assert.equal(res.body.total_count, 23);
      assert.equal(res.body.pages.total_pages, 5);
      seen.push(...res.body.data);
      starting_after = res.body.pages.next?.starting_after;
      pages++;
    } while (starting_after);
    assert.equal(pages, 5);
    assert.deepEqual(sorted(seen.map((c) => c.id)), sorted(all), `${field} ${order}: every contact exactly once`);
    const values = seen.map((c) => c[field] ?? null);
    const present = values.filter((v) => v !== null);
    assert.deepEqual(values.slice(present.length).every((v) => v === null), true, 'nulls last');
    const expected = [...present].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    if (order === 'descending') expected.reverse();
    assert.deepEqual(present, expected);
  }
  // Default: created_at descending.
  const res = await search(ws, { field: 'created_at', operator: '>', value: 0 });
  assert.equal(res.body.data.length, 23);
});

test('pagination: 50 per page by default, next only while more remain, a cursor from another sort is refused', async () => {
  const ws = await api.newWorkspace();
  await insertContacts(ws, Array.from({ length: 60 }, (_, i) => ({ owner_id: i % 2 === 0 ? null : i })));
  const q = { field: 'created_at', operator: '>', value: 0 };
  const first = await search(ws, q);
  assert.equal(first.body.data.length, 50);
  assert.equal(first.body.total_count, 60);
  assert.deepEqual({ ...first.body.pages, next: undefined }, { type: 'pages', page: 1, per_page: 50, total_pages: 2, next: undefined });
  assert.equal(first.body.pages.next.per_page, 50);
  const second = await search(ws, q, { pagination: { per_page: 50, starting_after: first.body.pages.next.starting_after } });
  assert.equal(second.body.data.length, 10);
  assert.equal(second.body.pages.page, 2);
  assert.equal(second.body.pages.next, undefined);
  // A cursor that ended on a contact without owner_id does not fit a created_at (never NULL) sort.
  const byOwner = await search(ws, q, { sort: { field: 'owner_id', order: 'ascending' }, pagination: { per_page: 40 } });
  const ownerCursor = byOwner.body.pages.next.starting_after;
  const mismatched = await search(ws, q, { pagination: { per_page: 40, starting_after: ownerCursor } });
  assert.equal(mismatched.status, 400);
  const empty = await search(ws, { field: 'email', operator: '=', value: 'nobody@example.com' });
  assert.deepEqual(empty.body, { type: 'list', data: [], total_count: 0, pages: { type: 'pages', page: 1, per_page: 50, total_pages: 0 } });
});

test('another workspace\'s contacts, tags and attributes are invisible to search', async () => {
  const { ws, tagId } = await fixture();
  const other = await api.newWorkspace();
  assert.deepEqual(await ids(other, { field: 'email_domain', operator: '=', value: 'example.com' }), []);
  assert.deepEqual(await ids(other, { field: 'tag_id', operator: '=', value: tagId }), []);
  const res = await search(other, { field: 'custom_attributes.plan', operator: '=', value: 'pro' });
  assert.equal(res.status, 400);
  assert.equal(firstError(res).code, 'invalid_field');
  assert.ok((await ids(ws, { field: 'custom_attributes.plan', operator: '=', value: 'pro' })).length > 0);
});

test('SearchContacts: decimals, empty IN/NIN lists; mixed-type lists and objects are 400', async () => {
  const ws = await api.newWorkspace();
  await ws.call('POST', '/data_attributes', { body: { name: 'price', model: 'contact', data_type: 'float' } });
  const a = await ws.call('POST', '/contacts', { body: { email: 'dear@example.com', custom_attributes: { price: 9.75 } } });
  await ws.call('POST', '/contacts', { body: { email: 'cheap@example.com', custom_attributes: { price: 3.5 } } });
  const emails = async (query: unknown) => {
    const res = await ws.call('POST', '/contacts/search', { body: { query } });
    assert.equal(res.status, 200, res.raw);
    return res.body.data.map((c: any) => c.email).sort();
  };
  assert.deepEqual(await emails({ field: 'custom_attributes.price', operator: '>', value: 9.5 }), ['dear@example.com']);
  assert.deepEqual(await emails({ field: 'email', operator: 'IN', value: [] }), []);
  assert.deepEqual(await emails({ field: 'email', operator: 'NIN', value: [] }), ['cheap@example.com', 'dear@example.com']);
  assert.ok(a.body.id);
  for (const value of [['dear@example.com', 5], { nested: true }]) {
    const res = await ws.call('POST', '/contacts/search', { body: { query: { field: 'email', operator: 'IN', value } } });
    assert.equal(res.status, 400, res.raw);
    assert.equal(firstError(res).code, 'parameter_invalid');
  }
});

test('SearchContacts is read-only: it runs outside a transaction, like a GET', () => {
  assert.equal(isReadOnly(handlers.SearchContacts), true);
});

/** A search over tags, defined like any resource's: numeric ids, its own list type and key. */
const TAG_FIELDS: Record<string, ColumnField> = {
  name: { kind: 'column', type: 'string', expr: () => sql.ref('t.name') },
  created_at: { kind: 'column', type: 'date', notNull: true, expr: () => sql.ref('t.created_at') },
};
const searchTags = defineSearch({
  alias: 't',
  fields: async () => (name) => (Object.hasOwn(TAG_FIELDS, name) ? TAG_FIELDS[name] : undefined),
  base: (s) => s.fromAs('tags', 't').selectAll('t'),
  idKind: 'numeric',
  defaultSort: { field: 'created_at', order: 'descending' },
  defaultPerPage: 3,
  list: { type: 'ticket.list', key: 'tickets' },
  wire: (row) => ({ type: 'tag', id: String(row.id), name: row.name }),
});

async function runTagSearch(ws: TestWorkspace, body: SearchBody) {
  const deps = { db: api.database.db, clocks: api.clocks, config: api.config };
  const workspace = { id: ws.id, name: 'x', region: 'US', timezone: 'UTC', createdAt: 0 };
  return runOperation(deps, { workspace, adminId: ws.ownerAdminId }, { id: 'req', log: api.app.log }, false, (ctx: Ctx) => searchTags(ctx, body));
}

test('defineSearch: numeric ids key the cursor; the answer has the definition\'s list type and key', async () => {
  const ws = await api.newWorkspace();
  const tags: { id: string; name: string; created_at: number }[] = [];
  for (let i = 0; i < 8; i++) {
    if (i % 3 === 0) ws.clock.advance(1); // several tags share a created_at: the numeric id breaks ties
    const tag = (await ws.call('POST', '/tags', { body: { name: `tag-${String.fromCharCode(104 - i)}` } })).body;
    tags.push({ ...tag, created_at: ws.clock.now() });
  }
  const other = await api.newWorkspace();
  await other.call('POST', '/tags', { body: { name: 'tag-other' } });

  const pageThrough = async (body: SearchBody) => {
    const seen: string[] = [];
    let starting_after: string | undefined;
    for (let pages = 1; ; pages++) {
      const res = await runTagSearch(ws, { ...body, pagination: { per_page: 3, starting_after } });
      assert.equal(res.type, 'ticket.list');
      assert.equal(res.total_count, 8);
      assert.equal(res.pages.page, pages);
      assert.equal(res.pages.total_pages, 3);
      seen.push(...res.tickets.map((t) => t.id));
      if (!res.pages.next) break;
      starting_after = res.pages.next.starting_after;
    }
    return seen;
  };
  const query = { field: 'name', operator: '^', value: 'tag-' };
  const newestFirst = [...tags].sort((a, b) => b.created_at - a.created_at || Number(b.id) - Number(a.id)).map((t) => t.id);
  assert.deepEqual(await pageThrough({ query }), newestFirst);
  const byName = [...tags].sort((a, b) => (a.name < b.name ? -1 : 1)).map((t) => t.id);
  assert.deepEqual(await pageThrough({ query, sort: { field: 'name', order: 'ascending' } }), byName);

  // A cursor whose id is not a number is not one of this search's cursors.
  const forged = Buffer.from(JSON.stringify([2, 1, tags[0].created_at, 'abc'])).toString('base64url');
  await assert.rejects(runTagSearch(ws, { query, pagination: { per_page: 3, starting_after: forged } }), /not a valid pagination cursor/);
});
