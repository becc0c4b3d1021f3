/**
 * Property test: random contacts, random nested queries; the engine (through POST /contacts/search,
 * on whichever engine the suite runs) must return exactly the contacts a plain in-memory evaluation
 * of Intercom's semantics selects, and sorted pages must match an in-memory sort.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { testApi, type TestWorkspace } from './harness.js';
import { dayBounds } from '../src/search/dates.js';
import { searchTuning } from '../src/search/run.js';
import { sourceWordsOf } from '../src/resources/conversations/store-search.js';
import { nextIds } from '../src/db/dialect.js';

const api = await testApi();
const db = api.database.db;

const DAY = 86400;
const BASE = 1709251200; // 2024-03-01 00:00 UTC
const CONTACTS = 140;

type Row = {
  id: string;
  role: 'user' | 'lead';
  name: string | null;
  email: string | null;
  external_id: string | null;
  owner_id: number | null;
  created_at: number;
  last_seen_at: number | null;
  unsubscribed_from_emails: 0 | 1;
  custom: Record<string, unknown>;
  tags: number[];
};

const text = fc.oneof(
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 6, arbitrary: fc.array(fc.constantFrom('a', 'A', 'b', 'B', 'é', 'É', ' ', '%', '_', '.'), { maxLength: 4 }).map((cs) => cs.join('')) },
);
const timestamp = fc.integer({ min: BASE - 3 * DAY, max: BASE + 3 * DAY });
const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null, freq: 4 });

/** Custom attribute values, sometimes of the wrong JSON type (never matched by typed filters). */
const custom = fc.record(
  {
    plan: fc.oneof(text, fc.integer({ min: 0, max: 3 })),
    seats: fc.oneof(nullable(fc.integer({ min: -3, max: 3 })), fc.constant('2')),
    score: nullable(fc.constantFrom(-1.5, 0, 0.25, 1, 2.75)),
    vip: fc.oneof(nullable(fc.boolean()), fc.constant(1)),
    renewal: nullable(timestamp),
  },
  { requiredKeys: [] },
);

function contactArb(tagIds: number[]) {
  return fc.record({
    role: fc.constantFrom('user', 'lead') as fc.Arbitrary<'user' | 'lead'>,
    name: text,
    email: text.map((t) => (t === null ? null : `${t}@x.io`)),
    external_id: text,
    owner_id: nullable(fc.integer({ min: 1, max: 4 })),
    created_at: timestamp,
    last_seen_at: nullable(timestamp),
    unsubscribed_from_emails: fc.constantFrom(0, 1) as fc.Arbitrary<0 | 1>,
    custom,
    tags: fc.subarray(tagIds),
  });
}

interface Fixture {
  ws: TestWorkspace;
  rows: Row[];
  tz: string;
  tagIds: number[];
}

async function setUp(tz: string, seed: number): Promise<Fixture> {
  const ws = await api.newWorkspace();
  await db.updateTable('workspaces').set({ timezone: tz }).where('id_code', '=', ws.id).execute();
  for (const [name, data_type] of [['plan', 'string'], ['seats', 'integer'], ['score', 'float'], ['vip', 'boolean'], ['renewal', 'date']]) {
    assert.equal((await ws.call('POST', '/data_attributes', { body: { name, model: 'contact', data_type } })).status, 200);
  }
  const tagIds: number[] = [];
  for (const name of ['t1', 't2', 't3']) tagIds.push(Number((await ws.call('POST', '/tags', { body: { name } })).body.id));
  const generated = fc.sample(contactArb(tagIds), { numRuns: CONTACTS, seed });
  const rows: Row[] = generated.map((g, i) => ({ ...g, id: (seed * 1000 + i).toString(16).padStart(24, '0') }));
  await db
    .insertInto('contacts')
    .values(
      rows.map((r) => ({
        workspace_id: ws.id, id: r.id, role: r.role, name: r.name, email: r.email, email_domain: r.email ? 'x.io' : null,
        external_id: r.external_id, owner_id: r.owner_id, created_at: r.created_at, updated_at: r.created_at,
        last_seen_at: r.last_seen_at, unsubscribed_from_emails: r.unsubscribed_from_emails, has_hard_bounced: 0 as const,
        marked_email_as_spam: 0 as const, custom_attributes: JSON.stringify(r.custom), archived: 0 as const,
      })),
    )
    .execute();
  // Archived contacts must never match: one per workspace, matching everything else.
  await db.insertInto('contacts').values({ workspace_id: ws.id, id: 'f'.repeat(24), role: 'user', name: 'a', email: 'a@x.io', created_at: BASE,
    updated_at: BASE, unsubscribed_from_emails: 0, has_hard_bounced: 0, marked_email_as_spam: 0, custom_attributes: '{}', archived: 1 }).execute();
  const links = rows.flatMap((r) => r.tags.map((t) => ({ workspace_id: ws.id, contact_id: r.id, tag_id: t, applied_at: BASE, applied_by: null })));
  if (links.length) await db.insertInto('contact_tags').values(links).execute();
  return { ws, rows, tz, tagIds };
}

// ----- the in-memory model -------------------------------------------------------------------

type Kind = 'ci' | 'exact' | 'int' | 'float' | 'bool' | 'date' | 'tag';
const FIELDS: Record<string, { kind: Kind; get: (r: Row) => unknown }> = {
  name: { kind: 'ci', get: (r) => r.name },
  email: { kind: 'ci', get: (r) => r.email },
  role: { kind: 'ci', get: (r) => r.role },
  external_id: { kind: 'exact', get: (r) => r.external_id },
  owner_id: { kind: 'int', get: (r) => r.owner_id },
  created_at: { kind: 'date', get: (r) => r.created_at },
  last_seen_at: { kind: 'date', get: (r) => r.last_seen_at },
  unsubscribed_from_emails: { kind: 'bool', get: (r) => r.unsubscribed_from_emails === 1 },
  'custom_attributes.plan': { kind: 'ci', get: (r) => (typeof r.custom.plan === 'string' ? r.custom.plan : null) },
  'custom_attributes.seats': { kind: 'int', get: (r) => (typeof r.custom.seats === 'number' ? r.custom.seats : null) },
  'custom_attributes.score': { kind: 'float', get: (r) => (typeof r.custom.score === 'number' ? r.custom.score : null) },
  'custom_attributes.vip': { kind: 'bool', get: (r) => (typeof r.custom.vip === 'boolean' ? r.custom.vip : null) },
  'custom_attributes.renewal': { kind: 'date', get: (r) => (typeof r.custom.renewal === 'number' ? r.custom.renewal : null) },
  tag_id: { kind: 'tag', get: (r) => r.tags },
};

// The server's one folding rule (dialect.foldCase): Unicode lower-casing on both engines.
const fold = (s: string) => s.toLowerCase();

type Q = { field: string; operator: string; value: any } | { operator: 'AND' | 'OR'; value: Q[] };

function evaluate(q: Q, r: Row, tz: string): boolean {
  if (q.operator === 'AND') return (q.value as Q[]).every((c) => evaluate(c, r, tz));
  if (q.operator === 'OR') return (q.value as Q[]).some((c) => evaluate(c, r, tz));
  const { field, operator, value } = q as { field: string; operator: string; value: any };
  const spec = FIELDS[field];
  const v = spec.get(r) as any;
  if (spec.kind === 'tag') return (v as number[]).includes(Number(value)) === (operator === '=');
  if (value === null) return operator === '=' ? v === null : v !== null;
  const negative = operator === '!=' || operator === 'NIN' || operator === '!~';
  if (v === null) return negative;
  if (spec.kind === 'date') {
    const [start, next] = dayBounds(Number(value), tz);
    if (operator === '=') return v >= start && v < next;
    if (operator === '>') return v >= next;
    return v < start;
  }
  const norm = (x: any): any => {
    if (spec.kind === 'ci') return fold(String(x));
    if (spec.kind === 'exact') return String(x);
    if (spec.kind === 'bool') return x === true;
    return Number(x);
  };
  const left = norm(v);
  switch (operator) {
    case '=': return left === norm(value);
    case '!=': return left !== norm(value);
    case 'IN': return (value as any[]).map(norm).includes(left);
    case 'NIN': return !(value as any[]).map(norm).includes(left);
    case '~': return left.includes(norm(value));
    case '!~': return !left.includes(norm(value));
    case '^': return left.startsWith(norm(value));
    case '$': return left.endsWith(norm(value));
    case '<': return left < norm(value);
    case '>': return left > norm(value);
    case '<=': return left <= norm(value);
    case '>=': return left >= norm(value);
  }
  throw new Error(`unexpected operator ${operator}`);
}

// ----- random queries ------------------------------------------------------------------------

function filterArb(f: Fixture): fc.Arbitrary<Q> {
  const sample = <T>(get: (r: Row) => T) => fc.constantFrom(...f.rows.map(get));
  const str = (get: (r: Row) => unknown) =>
    fc.oneof(sample((r) => (typeof get(r) === 'string' ? (get(r) as string) : 'a')), text.map((t) => t ?? ''),
      sample((r) => (typeof get(r) === 'string' ? (get(r) as string).toUpperCase() : 'B')));
  const arbs: fc.Arbitrary<Q>[] = [];
  for (const [field, spec] of Object.entries(FIELDS)) {
    let ops: string[];
    let one: fc.Arbitrary<unknown>;
    switch (spec.kind) {
      case 'ci':
      case 'exact':
        ops = ['=', '!=', 'IN', 'NIN', '~', '!~', '^', '$'];
        one = str(spec.get);
        break;
      case 'int':
        ops = ['=', '!=', 'IN', 'NIN', '<', '>', '<=', '>='];
        one = fc.oneof(fc.integer({ min: -3, max: 5 }), fc.integer({ min: -3, max: 5 }).map(String));
        break;
      case 'float':
        ops = ['=', '!=', 'IN', 'NIN', '<', '>', '<=', '>='];
        one = fc.oneof(fc.integer({ min: -2, max: 3 }), fc.constantFrom('-1.5', '0.25', '2.75', '1.0'));
        break;
      case 'bool':
        ops = ['=', '!='];
        one = fc.boolean();
        break;
      case 'date':
        ops = ['=', '<', '>'];
        one = fc.oneof(timestamp, timestamp.map(String));
        break;
      case 'tag':
        ops = ['=', '!='];
        one = fc.oneof(fc.constantFrom(...f.tagIds).map(String), fc.constantFrom(...f.tagIds), fc.constant('123'));
        break;
    }
    arbs.push(
      fc.constantFrom(...ops).chain((operator) => {
        // The 2.11 request schema rejects empty and mixed (string + integer) arrays, so lists are
        // non-empty and all strings as soon as one element is.
        if (operator === 'IN' || operator === 'NIN') {
          return fc.array(one, { minLength: 1, maxLength: 4 }).map((value) => ({
            field,
            operator,
            value: value.some((v) => typeof v === 'string') ? value.map(String) : value,
          }));
        }
        if ((operator === '=' || operator === '!=') && spec.kind !== 'tag') {
          return fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 6, arbitrary: one }).map((value) => ({ field, operator, value }));
        }
        return one.map((value) => ({ field, operator, value }));
      }),
    );
  }
  return fc.oneof(...arbs);
}

function queryArb(f: Fixture): fc.Arbitrary<Q> {
  const leaf = filterArb(f);
  const group = (depth: number): fc.Arbitrary<Q> =>
    fc.record({
      operator: fc.constantFrom('AND', 'OR') as fc.Arbitrary<'AND' | 'OR'>,
      value: fc.array(depth >= 2 ? leaf : fc.oneof({ weight: 3, arbitrary: leaf }, { weight: 1, arbitrary: group(depth + 1) }), { minLength: 1, maxLength: 4 }),
    });
  return fc.oneof({ weight: 1, arbitrary: leaf }, { weight: 3, arbitrary: group(0) });
}

const fixtures = [await setUp('UTC', 1), await setUp('Asia/Kolkata', 2), await setUp('America/New_York', 3)];

test('random nested queries select exactly what the in-memory model selects', async () => {
  for (const f of fixtures) {
    await fc.assert(
      fc.asyncProperty(queryArb(f), async (query) => {
        const res = await f.ws.call('POST', '/contacts/search', { body: { query, pagination: { per_page: 150 } } });
        assert.equal(res.status, 200, res.raw);
        const got = res.body.data.map((c: any) => c.id).sort();
        const expected = f.rows.filter((r) => evaluate(query, r, f.tz)).map((r) => r.id).sort();
        assert.deepEqual(got, expected);
        assert.equal(res.body.total_count, expected.length);
      }),
      { numRuns: 700, seed: 42 },
    );
  }
});

const SORT_FIELDS: Record<string, (r: Row) => string | number | null> = {
  created_at: (r) => r.created_at,
  last_seen_at: (r) => r.last_seen_at,
  owner_id: (r) => r.owner_id,
  name: (r) => r.name,
  'custom_attributes.seats': (r) => (typeof r.custom.seats === 'number' ? r.custom.seats : null),
};

test('sorted cursor pages walk the in-memory order: nulls last, ties by id (both page plans)', async () => {
  for (const [i, f] of fixtures.entries()) {
    // Alternate the page plan: sort the matches (the default on small data) or walk in index order.
    searchTuning.sortMatchesBelow = i % 2 === 0 ? 20_000 : 0;
    await fc.assert(
      fc.asyncProperty(
        filterArb(f),
        fc.constantFrom(...Object.keys(SORT_FIELDS)),
        fc.constantFrom('ascending', 'descending'),
        fc.integer({ min: 7, max: 60 }),
        async (query, field, order, perPage) => {
          const seen: string[] = [];
          let starting_after: string | undefined;
          do {
            const res = await f.ws.call('POST', '/contacts/search', { body: { query, sort: { field, order }, pagination: { per_page: perPage, starting_after } } });
            assert.equal(res.status, 200, res.raw);
            seen.push(...res.body.data.map((c: any) => c.id));
            starting_after = res.body.pages.next?.starting_after;
          } while (starting_after);
          const key = SORT_FIELDS[field];
          const sign = order === 'ascending' ? 1 : -1;
          const expected = f.rows
            .filter((r) => evaluate(query, r, f.tz))
            .sort((a, b) => {
              const x = key(a), y = key(b);
              if (x === null || y === null) return x === y ? sign * (a.id < b.id ? -1 : 1) : x === null ? 1 : -1;
              if (x !== y) return sign * (x < y ? -1 : 1);
              return sign * (a.id < b.id ? -1 : 1);
            })
            .map((r) => r.id);
          assert.deepEqual(seen, expected);
        },
      ),
      { numRuns: 60, seed: 7 },
    );
  }
  searchTuning.sortMatchesBelow = 20_000;
});

test('malformed queries: always 200 or a 400 error.list, never anything else', async () => {
  const f = fixtures[0];
  const field = fc.oneof(fc.constantFrom(...Object.keys(FIELDS), 'nope', 'custom_attributes.nope', 'segment_id', 'location.country', ''), fc.string(), fc.integer());
  const operator = fc.oneof(fc.constantFrom('=', '!=', 'IN', 'NIN', '<', '>', '<=', '>=', '~', '!~', '^', '$', 'AND', 'OR', 'and', 'LIKE'), fc.anything());
  const value = fc.oneof(fc.anything(), fc.array(fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null)), { maxLength: 3 }));
  const node: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    filter: fc.record({ field, operator, value }, { requiredKeys: [] }),
    group: fc.record({ operator: fc.constantFrom('AND', 'OR', 'XOR'), value: fc.oneof(fc.array(tie('node'), { maxLength: 17 }), fc.anything()) }, { requiredKeys: [] }),
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('filter'), tie('group'), fc.anything()),
  })).node;
  const body = fc.record(
    {
      query: node,
      sort: fc.oneof(fc.record({ field, order: fc.oneof(fc.constantFrom('ascending', 'descending', 'desc', 'asc'), fc.anything()) }, { requiredKeys: [] }), fc.anything()),
      pagination: fc.oneof(fc.record({ per_page: fc.oneof(fc.integer({ min: -5, max: 200 }), fc.anything()), starting_after: fc.oneof(fc.string(), fc.anything()) }, { requiredKeys: [] }), fc.anything()),
    },
    { requiredKeys: [] },
  );
  await fc.assert(
    fc.asyncProperty(body, async (b) => {
      const res = await f.ws.call('POST', '/contacts/search', { body: b });
      assert.ok(res.status === 200 || res.status === 400, `${res.status} ${res.raw}`);
      if (res.status === 400) assert.equal(res.body.type, 'error.list');
    }),
    { numRuns: 800, seed: 99 },
  );
});

// ----- conversations: the same engine over the conversation field map ----------------------------

type ConvRow = {
  id: number;
  state: 'open' | 'closed' | 'snoozed';
  read: 0 | 1;
  admin_assignee_id: number | null;
  created_at: number;
  waiting_since: number | null;
  count_reopens: number;
  body: string;
  tags: number[];
};

const WORDS = ['need', 'support', 'Billing', 'refund', 'héllo', 'HÉLLO', 'a', 'refunds'];

function conversationArb(tagIds: number[]) {
  return fc.record({
    state: fc.constantFrom('open', 'closed', 'snoozed') as fc.Arbitrary<ConvRow['state']>,
    read: fc.constantFrom(0, 1) as fc.Arbitrary<0 | 1>,
    admin_assignee_id: nullable(fc.integer({ min: 1, max: 3 })),
    created_at: timestamp,
    waiting_since: nullable(timestamp),
    count_reopens: fc.integer({ min: 0, max: 3 }),
    body: fc.array(fc.constantFrom(...WORDS, ',', '<b>', '</b>', '!'), { maxLength: 5 }).map((ws) => `<p>${ws.join(' ')}</p>`),
    tags: fc.subarray(tagIds),
  });
}

async function setUpConversations(seed: number) {
  const ws = await api.newWorkspace();
  const contact = (await ws.call('POST', '/contacts', { body: { email: `conv-${seed}@x.io` } })).body.id as string;
  const tagIds: number[] = [];
  for (const name of ['c1', 'c2']) tagIds.push(Number((await ws.call('POST', '/tags', { body: { name } })).body.id));
  const rows: ConvRow[] = fc.sample(conversationArb(tagIds), { numRuns: 90, seed }).map((g, i) => ({ ...g, id: seed * 100000 + i + 1 }));
  const searchRowids = await nextIds(db, rows.length);
  await db
    .insertInto('conversations')
    .values(
      rows.map((r, i) => ({
        workspace_id: ws.id, id: r.id, search_rowid: searchRowids[i], state: r.state, read: r.read, admin_assignee_id: r.admin_assignee_id, waiting_since: r.waiting_since,
        count_reopens: r.count_reopens, created_at: r.created_at, updated_at: r.created_at, source_type: 'conversation', source_id: r.id + 50000,
        source_delivered_as: 'customer_initiated', source_body: r.body, source_words: sourceWordsOf(r.body), source_author_type: 'user', source_author_id: contact,
        source_subject: '', source_redacted: 0 as const, source_attachments: '[]', custom_attributes: '{}', priority: 'not_priority', ticket_attributes: '{}',
        reply_times: '[]', count_assignments: 0, count_conversation_parts: 0,
      })),
    )
    .execute();
  const links = rows.flatMap((r) => r.tags.map((t) => ({ workspace_id: ws.id, conversation_id: r.id, tag_id: t, applied_at: BASE, applied_by: null })));
  if (links.length) await db.insertInto('conversation_tags').values(links).execute();
  return { ws, rows, tagIds };
}

const CONV_FIELDS: Record<string, { ops: string[]; value: (tagIds: number[]) => fc.Arbitrary<unknown>; test: (r: ConvRow, op: string, v: any) => boolean }> = {
  state: {
    ops: ['=', '!=', 'IN', 'NIN'],
    value: () => fc.constantFrom('open', 'closed', 'snoozed', 'OPEN'),
    test: (r, op, v) => {
      const hit = Array.isArray(v) ? v.includes(r.state) : r.state === v;
      return op === '=' || op === 'IN' ? hit : !hit;
    },
  },
  read: { ops: ['=', '!='], value: () => fc.boolean(), test: (r, op, v) => (r.read === 1) === v === (op === '=') },
  open: { ops: ['=', '!='], value: () => fc.boolean(), test: (r, op, v) => (r.state !== 'closed') === v === (op === '=') },
  admin_assignee_id: {
    ops: ['=', '!=', '<', '>'],
    value: () => fc.integer({ min: 0, max: 4 }),
    test: (r, op, v) => {
      const a = r.admin_assignee_id;
      if (a === null) return op === '!=';
      return op === '=' ? a === v : op === '!=' ? a !== v : op === '<' ? a < v : a > v;
    },
  },
  'statistics.count_reopens': {
    ops: ['=', '>=', '<='],
    value: () => fc.integer({ min: 0, max: 3 }),
    test: (r, op, v) => (op === '=' ? r.count_reopens === v : op === '>=' ? r.count_reopens >= v : r.count_reopens <= v),
  },
  created_at: {
    ops: ['=', '<', '>'],
    value: () => timestamp,
    test: (r, op, v) => {
      const [start, next] = dayBounds(v, 'UTC');
      return op === '=' ? r.created_at >= start && r.created_at < next : op === '>' ? r.created_at >= next : r.created_at < start;
    },
  },
  tag_ids: { ops: ['=', '!='], value: (tagIds) => fc.constantFrom(...tagIds.map(String), '999'), test: (r, op, v) => r.tags.includes(Number(v)) === (op === '=') },
  // Single words: a multi-word value matches nothing (and its `!=` everything).
  'source.body': {
    ops: ['=', '!='],
    value: () => fc.oneof(fc.constantFrom(...WORDS), fc.constantFrom('need support', 'refund!', 'suppor')),
    test: (r, op, v) => {
      const words = r.body.replace(/<[^>]*>/g, ' ').toLowerCase().split(/[^\p{L}\p{N}]+/u);
      const single = /^[\p{L}\p{N}]+$/u.test(v);
      return (single && words.includes(v.toLowerCase())) === (op === '=');
    },
  },
};

test('conversation search: random nested queries over the conversation field map select what the in-memory model selects', async () => {
  const f = await setUpConversations(5);
  type CQ = { field: string; operator: string; value: any } | { operator: 'AND' | 'OR'; value: CQ[] };
  const leaf: fc.Arbitrary<CQ> = fc.oneof(
    ...Object.entries(CONV_FIELDS).map(([field, spec]) =>
      fc.constantFrom(...spec.ops).chain((operator) =>
        (operator === 'IN' || operator === 'NIN' ? fc.array(spec.value(f.tagIds), { minLength: 1, maxLength: 3 }) : spec.value(f.tagIds)).map((value) => ({ field, operator, value })),
      ),
    ),
  );
  const query: fc.Arbitrary<CQ> = fc.oneof(leaf, fc.record({ operator: fc.constantFrom('AND', 'OR') as fc.Arbitrary<'AND' | 'OR'>, value: fc.array(leaf, { minLength: 1, maxLength: 4 }) }));
  const matches = (q: CQ, r: ConvRow): boolean =>
    q.operator === 'AND' ? (q.value as CQ[]).every((c) => matches(c, r))
      : q.operator === 'OR' ? (q.value as CQ[]).some((c) => matches(c, r))
        : CONV_FIELDS[(q as { field: string }).field].test(r, q.operator, q.value);
  await fc.assert(
    fc.asyncProperty(query, async (q) => {
      const res = await f.ws.call('POST', '/conversations/search', { body: { query: q, pagination: { per_page: 150 } } });
      assert.equal(res.status, 200, res.raw);
      const got = res.body.conversations.map((c: any) => Number(c.id)).sort((a: number, b: number) => a - b);
      const expected = f.rows.filter((r) => matches(q, r)).map((r) => r.id).sort((a, b) => a - b);
      assert.deepEqual(got, expected);
      assert.equal(res.body.total_count, expected.length);
    }),
    { numRuns: 250, seed: 11 },
  );
});
