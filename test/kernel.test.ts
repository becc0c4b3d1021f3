/** The operation kernel: clocks, one transaction per write, the event outbox, and the job runner. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Clocks } from '../src/core/clock.js';
import { EVENT_RETENTION_SECONDS, eventsOf } from '../src/core/events.js';
import { enqueue, JobRunner, pendingJobs } from '../src/core/jobs.js';
import { runOperation } from '../src/core/operation.js';
import { testApi } from './harness.js';

const api = await testApi();
const silentLog = api.app.log;

test('Clocks: a workspace clock follows the base clock until frozen, offset or set; others are untouched', () => {
  let base = 1_000_000;
  const clocks = new Clocks({ now: () => base });
  const a = clocks.for('a');
  const b = clocks.for('b');
  assert.equal(a.now(), 1_000_000);
  a.advance(60);
  assert.equal(a.now(), 1_000_060);
  base += 5;
  assert.equal(a.now(), 1_000_065, 'an offset clock keeps running');
  assert.equal(b.now(), 1_000_005, 'another workspace sees the base clock');
  a.freeze();
  base += 100;
  assert.equal(a.now(), 1_000_065, 'a frozen clock stands still');
  a.set(2_000_000);
  assert.equal(a.now(), 2_000_000, 'setting a frozen clock keeps it frozen there');
  a.unfreeze();
  base += 10;
  assert.equal(a.now(), 2_000_010);
  assert.deepEqual(clocks.departed(), ['a']);
  a.reset();
  assert.equal(a.now(), base);
  assert.deepEqual(clocks.departed(), []);
});

async function operation(ws: { id: string; ownerAdminId: number }, writes: boolean, work: Parameters<typeof runOperation>[4]) {
  const workspace = { id: ws.id, name: 'x', region: 'US', timezone: 'UTC', createdAt: 0 };
  const deps = { db: api.database.db, clocks: api.clocks, config: api.config };
  return runOperation(deps, { workspace, adminId: ws.ownerAdminId }, { id: 'req-1', log: silentLog }, writes, work);
}

test('emit: a committed write records its events in order; a rolled-back one records none and keeps no row', async () => {
  const ws = await api.newWorkspace();
  await operation(ws, true, async (ctx) => {
    await ctx.emit('contact.user.created', { type: 'contact', id: 'a' });
    await ctx.emit('contact.deleted', { type: 'contact', id: 'a' });
  });
  await assert.rejects(
    operation(ws, true, async (ctx) => {
      await ctx.db.insertInto('tags').values({ workspace_id: ws.id, id: 999_999_999_001, name: 'ghost', created_at: 1, updated_at: 1 }).execute();
      await ctx.emit('contact.user.created', { type: 'contact', id: 'b' });
      throw new Error('boom');
    }),
    /boom/,
  );
  const events = await ws.events();
  assert.deepEqual(events.map((e) => [e.topic, (e.item as { id: string }).id]), [['contact.user.created', 'a'], ['contact.deleted', 'a']]);
  assert.equal(events[0].created_at, ws.clock.now());
  const ghost = await api.database.db.selectFrom('tags').select('id').where('workspace_id', '=', ws.id).where('name', '=', 'ghost').execute();
  assert.equal(ghost.length, 0, 'the failed operation wrote nothing');
});

test('a read-only operation cannot emit or schedule', async () => {
  const ws = await api.newWorkspace();
  await assert.rejects(operation(ws, false, (ctx) => ctx.emit('ping', {})), /read-only/);
  await assert.rejects(operation(ws, false, (ctx) => ctx.enqueue({ kind: 'x', runAt: 0 })), /read-only/);
  assert.equal((await eventsOf(api.database.db, ws.id)).length, 0);
});

test('jobs: due on their workspace clock, run once, retried with backoff on failure, never scheduled by a rolled-back write', async () => {
  const ws = await api.newWorkspace();
  const ran: unknown[] = [];
  let failuresLeft = 2;
  const runner = new JobRunner({
    db: api.database.db,
    clocks: api.clocks,
    kinds: {
      remember: { run: async ({ job }) => void ran.push(job.payload) },
      flaky: {
        run: async () => {
          if (failuresLeft-- > 0) throw new Error('not yet');
          ran.push('flaky done');
        },
      },
    },
  });
  const now = ws.clock.now();
  await operation(ws, true, (ctx) => ctx.enqueue({ kind: 'remember', runAt: now + 3600, payload: { n: 1 } }));
  await assert.rejects(operation(ws, true, async (ctx) => {
    await ctx.enqueue({ kind: 'remember', runAt: now, payload: { n: 2 } });
    throw new Error('rolled back');
  }));
  assert.equal(await runner.runDue({ workspaceId: ws.id }), 0, 'nothing is due yet');
  ws.clock.advance(3600);
  assert.equal(await runner.runDue({ workspaceId: ws.id }), 1);
  assert.deepEqual(ran, [{ n: 1 }]);
  assert.equal(await runner.runDue({ workspaceId: ws.id }), 0, 'a job runs once');

  await operation(ws, true, (ctx) => ctx.enqueue({ kind: 'flaky', runAt: ws.clock.now() }));
  assert.equal(await runner.runDue({ workspaceId: ws.id }), 1);
  const [retry] = (await pendingJobs(api.database.db, 'flaky')).filter((j) => j.workspace_id === ws.id);
  assert.equal(retry.last_error, 'not yet');
  assert.ok(Number(retry.run_at) > ws.clock.now(), 'a failed job waits before its next attempt');
  ws.clock.advance(60);
  await runner.runDue({ workspaceId: ws.id });
  ws.clock.advance(60);
  await runner.runDue({ workspaceId: ws.id });
  assert.deepEqual(ran.slice(1), ['flaky done']);
  assert.equal((await pendingJobs(api.database.db, 'flaky')).filter((j) => j.workspace_id === ws.id).length, 0);
});

test('jobs: a unique key keeps one job however often it is scheduled; the maintenance job reschedules itself', async () => {
  const db = api.database.db;
  const now = api.clocks.base.now();
  // A database reused from an earlier run may hold that run's next maintenance: start from none.
  await db.deleteFrom('jobs').where('unique_key', '=', 'maintenance').execute();
  await enqueue(db, { kind: 'maintenance', uniqueKey: 'maintenance', runAt: now - 1 }, now);
  await enqueue(db, { kind: 'maintenance', uniqueKey: 'maintenance', runAt: now - 1 }, now);
  assert.equal((await pendingJobs(db, 'maintenance')).length, 1);
  assert.ok((await api.jobs.runDue()) >= 1);
  const [next] = await pendingJobs(db, 'maintenance');
  assert.ok(next && Number(next.run_at) >= now + 3600 - 1, 'the next run is an hour later');
});

test('maintenance drops outbox events past their retention, and only those', async () => {
  const ws = await api.newWorkspace();
  const now = api.clocks.base.now();
  await db().insertInto('events').values([
    { workspace_id: ws.id, id: 990_000_000_001, topic: 'ping', item: '{}', created_at: now - EVENT_RETENTION_SECONDS - 10 },
    { workspace_id: ws.id, id: 990_000_000_002, topic: 'ping', item: '{}', created_at: now - 10 },
  ]).execute();
  await db().deleteFrom('jobs').where('unique_key', '=', 'maintenance').execute();
  await enqueue(db(), { kind: 'maintenance', uniqueKey: 'maintenance', runAt: now - 1 }, now);
  await api.jobs.runDue();
  assert.deepEqual((await ws.events()).map((e) => e.id), [990_000_000_002]);
});

const db = () => api.database.db;
