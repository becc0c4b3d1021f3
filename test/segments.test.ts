import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstError, testApi, type TestWorkspace } from './harness.js';
import type { KyselyPlugin } from 'kysely';
import type { Ctx } from '../src/core/context.js';
import { hexId } from '../src/core/ids.js';
import { runOperation } from '../src/core/operation.js';
import { scopeOf } from '../src/core/scope.js';
import { handlers } from '../src/handlers.js';
import { segmentsUsingField } from '../src/resources/segments/public.js';

const api = await testApi();
const DAY = 86400;

async function createContact(ws: TestWorkspace, body: Record<string, unknown>): Promise<string> {
  const res = await ws.call('POST', '/contacts', { body });
  assert.equal(res.status, 200, res.raw);
  return res.body.id;
}

async function segmentsByName(ws: TestWorkspace, query = '') {
  const res = await ws.call('GET', `/segments${query}`);
  assert.equal(res.status, 200, res.raw);
  assert.equal(res.body.type, 'segment.list');
  return Object.fromEntries(res.body.segments.map((s: any) => [s.name, s]));
}

test('listSegments: every workspace starts with the default segments; include_count adds live counts', async () => {
  const ws = await api.newWorkspace();
  const plain = await segmentsByName(ws);
  assert.deepEqual(Object.keys(plain).sort(), ['Active', 'All leads', 'All users', 'New', 'Slipping away']);
  for (const s of Object.values<any>(plain)) {
    assert.equal(s.type, 'segment');
    assert.match(s.id, /^[0-9a-f]{24}$/);
    assert.equal(s.count, undefined);
  }
  assert.equal(plain['All users'].person_type, 'user');
  assert.equal(plain['All leads'].person_type, 'contact');

  const now = ws.clock.now();
  await createContact(ws, { role: 'user', email: 'active@example.com', last_seen_at: now - 2 * DAY, signed_up_at: now - 30 * DAY });
  await createContact(ws, { role: 'user', email: 'old@example.com', last_seen_at: now - 90 * DAY, signed_up_at: now - 100 * DAY });
  await createContact(ws, { role: 'user', email: 'new@example.com', signed_up_at: now - 2 * DAY });
  await createContact(ws, { role: 'lead', name: 'A lead', last_seen_at: now - DAY });
  const archived = await createContact(ws, { role: 'user', email: 'archived@example.com', last_seen_at: now });
  assert.equal((await ws.call('POST', `/contacts/${archived}/archive`)).status, 200);

  const counted = await segmentsByName(ws, '?include_count=true');
  assert.equal(counted['All users'].count, 3);
  assert.equal(counted['All leads'].count, 1);
  assert.equal(counted['Active'].count, 1);
  assert.equal(counted['New'].count, 1);
  assert.equal(counted['Slipping away'].count, 1);
});

test('relative segments are evaluated against now, not against when they were created', async () => {
  const ws = await api.newWorkspace();
  const start = ws.clock.now();
  await createContact(ws, { role: 'user', email: 'a@example.com', last_seen_at: start });
  assert.equal((await segmentsByName(ws, '?include_count=true'))['Active'].count, 1);
  ws.clock.advance(45 * DAY);
  const later = await segmentsByName(ws, '?include_count=true');
  assert.equal(later['Active'].count, 0);
  assert.equal(later['Slipping away'].count, 1);
});

test('retrieveSegment: found, and 404 not_found for unknown, malformed or other-workspace ids', async () => {
  const ws = await api.newWorkspace();
  const segment = (await segmentsByName(ws))['All users'];
  const res = await ws.call('GET', `/segments/${segment.id}`);
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, segment);
  const other = await api.newWorkspace();
  for (const [who, id] of [[ws, hexId(ws.clock.now())], [ws, 'nope'], [other, segment.id]] as const) {
    const missing = await who.call('GET', `/segments/${id}`);
    assert.equal(missing.status, 404);
    assert.deepEqual(firstError(missing), { code: 'not_found', message: 'Resource Not Found' });
  }
});

test('listSegmentsForAContact: the segments the contact is in now; 404 for unknown contacts', async () => {
  const ws = await api.newWorkspace();
  const now = ws.clock.now();
  const user = await createContact(ws, { role: 'user', email: 'u@example.com', last_seen_at: now - DAY, signed_up_at: now - 60 * DAY });
  const lead = await createContact(ws, { role: 'lead', name: 'Lead' });
  const names = async (id: string) => {
    const res = await ws.call('GET', `/contacts/${id}/segments`);
    assert.equal(res.status, 200, res.raw);
    assert.equal(res.body.type, 'list');
    return res.body.data.map((s: any) => s.name).sort();
  };
  assert.deepEqual(await names(user), ['Active', 'All users']);
  assert.deepEqual(await names(lead), ['All leads']);
  const missing = await ws.call('GET', `/contacts/${hexId(ws.clock.now())}/segments`);
  assert.equal(missing.status, 404);
  const other = await api.newWorkspace();
  assert.equal((await other.call('GET', `/contacts/${user}/segments`)).status, 404);
});

test('segment_id in search uses the same evaluation as the segment', async () => {
  const ws = await api.newWorkspace();
  const now = ws.clock.now();
  const active = await createContact(ws, { role: 'user', email: 'active@example.com', last_seen_at: now - DAY });
  const idle = await createContact(ws, { role: 'user', email: 'idle@example.com', last_seen_at: now - 60 * DAY });
  const lead = await createContact(ws, { role: 'lead', name: 'lead', last_seen_at: now - DAY });
  const segments = await segmentsByName(ws);
  const search = async (query: unknown) => {
    const res = await ws.call('POST', '/contacts/search', { body: { query } });
    assert.equal(res.status, 200, res.raw);
    return res.body.data.map((c: any) => c.id).sort();
  };
  assert.deepEqual(await search({ field: 'segment_id', operator: '=', value: segments['Active'].id }), [active]);
  assert.deepEqual(await search({ field: 'segment_id', operator: '!=', value: segments['Active'].id }), [idle, lead].sort());
  assert.deepEqual(await search({ field: 'segment_id', operator: '=', value: segments['All leads'].id }), [lead]);
  assert.deepEqual(
    await search({ operator: 'AND', value: [{ field: 'segment_id', operator: '=', value: segments['All users'].id }, { field: 'email', operator: '^', value: 'idle' }] }),
    [idle],
  );
  assert.deepEqual(await search({ field: 'segment_id', operator: '=', value: hexId(ws.clock.now()) }), []);
  const bad = await ws.call('POST', '/contacts/search', { body: { query: { field: 'segment_id', operator: '~', value: 'x' } } });
  assert.equal(bad.status, 400);
});

test('archiving a custom attribute a segment uses → 422 data_invalid', async () => {
  const ws = await api.newWorkspace();
  const attr = (await ws.call('POST', '/data_attributes', { body: { name: 'plan', model: 'contact', data_type: 'string' } })).body;
  const now = ws.clock.now();
  await api.database.db
    .insertInto('segments')
    .values({ workspace_id: ws.id, id: hexId(ws.clock.now()), name: 'Pro', person_type: 'user', query: JSON.stringify({ field: 'custom_attributes.plan', operator: '=', value: 'pro' }), created_at: now, updated_at: now })
    .execute();
  const res = await ws.call('PUT', `/data_attributes/${attr.id}`, { body: { archived: true } });
  assert.equal(res.status, 422);
  assert.deepEqual(firstError(res), { code: 'data_invalid', message: 'The Data Attribute you are trying to archive has a dependant object' });
  await createContact(ws, { role: 'user', email: 'p@example.com', custom_attributes: { plan: 'Pro' } });
  const counted = await segmentsByName(ws, '?include_count=true');
  assert.equal(counted['Pro'].count, 1);
});

/** Runs one read operation of `ws` on a database handle that counts the statements it executes. */
async function countingStatements<T>(ws: TestWorkspace, work: (ctx: Ctx) => Promise<T>): Promise<{ result: T; statements: number }> {
  let statements = 0;
  const plugin: KyselyPlugin = {
    transformQuery: (args) => args.node,
    async transformResult(args) {
      statements++;
      return args.result;
    },
  };
  const deps = { db: api.database.db.withPlugin(plugin), clocks: api.clocks, config: api.config };
  const workspace = { id: ws.id, name: 'x', region: 'US', timezone: 'UTC', createdAt: 0 };
  const result = await runOperation(deps, { workspace, adminId: ws.ownerAdminId }, { id: 'req', log: api.app.log }, false, work);
  return { result, statements };
}

test('listSegmentsForAContact and include_count evaluate every segment in one statement, however many segments there are', async () => {
  const ws = await api.newWorkspace();
  assert.equal((await ws.call('POST', '/data_attributes', { body: { name: 'plan', model: 'contact', data_type: 'string' } })).status, 200);
  const now = ws.clock.now();
  const user = await createContact(ws, { role: 'user', email: 'x3@example.com', last_seen_at: now - DAY, custom_attributes: { plan: 'pro' } });
  await createContact(ws, { role: 'user', email: 'x4@example.com', custom_attributes: { plan: 'free' } });
  const measure = async () => {
    const members = await countingStatements(ws, (ctx) => handlers.listSegmentsForAContact!(ctx, { params: { contact_id: user }, query: {}, body: undefined }));
    const counts = await countingStatements(ws, (ctx) => handlers.listSegments!(ctx, { params: {}, query: { include_count: true }, body: undefined }));
    return { members, counts };
  };
  const before = await measure();

  const rules = [
    ...Array.from({ length: 12 }, (_, i) => ({ field: 'email', operator: '^', value: `x${i}@` })),
    { field: 'custom_attributes.plan', operator: '=', value: 'pro' },
    { operator: 'OR', value: [{ field: 'custom_attributes.plan', operator: '=', value: 'free' }, { field: 'last_seen_at', operator: '>', value: { days_ago: 2 } }] },
    { field: 'segment_id', operator: '=', value: hexId(ws.clock.now()) }, // segments never reference segments: matches nobody
  ];
  await api.database.db
    .insertInto('segments')
    .values(rules.map((rule, i) => ({ workspace_id: ws.id, id: hexId(ws.clock.now()), name: `Extra ${String(i).padStart(2, '0')}`, person_type: 'user', query: JSON.stringify(rule), created_at: now + 1, updated_at: now + 1 })))
    .execute();
  const after = await measure();
  assert.equal(after.members.statements, before.members.statements, 'no statement per segment');
  assert.equal(after.counts.statements, before.counts.statements, 'no statement per segment');
  // The contact, the segments, the data attributes, then one evaluation.
  assert.ok(after.members.statements <= 4, `${after.members.statements} statements`);

  const names = ((after.members.result as any).data as any[]).map((s) => s.name).sort();
  assert.deepEqual(names, ['Active', 'All users', 'Extra 03', 'Extra 12', 'Extra 13', 'New']);
  const counted = Object.fromEntries(((after.counts.result as any).segments as any[]).map((s) => [s.name, s.count]));
  assert.equal(counted['All users'], 2);
  assert.equal(counted['Extra 03'], 1);
  assert.equal(counted['Extra 04'], 1);
  assert.equal(counted['Extra 05'], 0);
  assert.equal(counted['Extra 12'], 1);
  assert.equal(counted['Extra 13'], 2);
  assert.equal(counted['Extra 14'], 0);
  // The same answers over HTTP.
  assert.deepEqual((await ws.call('GET', `/contacts/${user}/segments`)).body, after.members.result);
  assert.deepEqual((await ws.call('GET', '/segments?include_count=true')).body, after.counts.result);
});

test('segmentsUsingField (segments public.ts, for data attributes): the segments whose rule names a field', async () => {
  const ws = await api.newWorkspace();
  const now = ws.clock.now();
  const rule = { operator: 'OR', value: [{ field: 'custom_attributes.plan', operator: '=', value: 'pro' }, { field: 'email', operator: '~', value: 'x' }] };
  await api.database.db
    .insertInto('segments')
    .values({ workspace_id: ws.id, id: hexId(ws.clock.now()), name: 'Pro or x', person_type: 'user', query: JSON.stringify(rule), created_at: now, updated_at: now })
    .execute();
  const byContext = await segmentsUsingField(scopeOf(api.database.db, ws.id), 'custom_attributes.plan');
  assert.deepEqual(byContext.map((s) => s.name), ['Pro or x']);
  assert.deepEqual((await segmentsUsingField(scopeOf(api.database.db, ws.id), 'last_seen_at')).map((s) => s.name).sort(), ['Active', 'Slipping away']);
  assert.deepEqual(await segmentsUsingField(scopeOf(api.database.db, (await api.newWorkspace()).id), 'custom_attributes.plan'), []);
});
