import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { testApi, type TestWorkspace } from './harness.js';

// GET /contacts takes total_count from contact_counts, which triggers on contacts keep (migration
// 0005). These tests hold it to the number of live contacts through every API path that changes it.

const api = await testApi();

async function create(ws: TestWorkspace, body: Record<string, unknown> = {}) {
  const res = await ws.call('POST', '/contacts', { body });
  assert.equal(res.status, 200, res.raw);
  return res.body;
}

async function totalCount(ws: TestWorkspace): Promise<number> {
  const res = await ws.call('GET', '/contacts');
  assert.equal(res.status, 200, res.raw);
  return res.body.total_count;
}

async function ok(ws: TestWorkspace, method: string, url: string, body?: unknown) {
  const res = await ws.call(method, url, body === undefined ? {} : { body });
  assert.equal(res.status, 200, `${method} ${url}: ${res.raw}`);
  return res.body;
}

/** The stored counter next to a real count of the workspace's live contacts. */
async function storedAndReal(workspaceId: string): Promise<{ stored: number; real: number }> {
  const db = api.database.db;
  const row = await db.selectFrom('contact_counts').select('live').where('workspace_id', '=', workspaceId).executeTakeFirst();
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM contacts WHERE workspace_id = ${workspaceId} AND archived = 0`.execute(db);
  return { stored: Number(row?.live ?? 0), real: Number(rows[0].n) };
}

test('a new workspace lists 0 contacts', async () => {
  const ws = await api.newWorkspace();
  assert.equal(await totalCount(ws), 0);
});

test('total_count follows create, archive, unarchive and delete', async () => {
  const ws = await api.newWorkspace();
  const a = await create(ws, { email: 'a@example.com' });
  const b = await create(ws, { email: 'b@example.com' });
  const c = await create(ws, { role: 'lead' });
  assert.equal(await totalCount(ws), 3);

  await ok(ws, 'POST', `/contacts/${a.id}/archive`);
  assert.equal(await totalCount(ws), 2);
  // Archiving again changes nothing.
  await ok(ws, 'POST', `/contacts/${a.id}/archive`);
  assert.equal(await totalCount(ws), 2);

  await ok(ws, 'POST', `/contacts/${a.id}/unarchive`);
  assert.equal(await totalCount(ws), 3);
  // Unarchiving a live contact changes nothing.
  await ok(ws, 'POST', `/contacts/${a.id}/unarchive`);
  assert.equal(await totalCount(ws), 3);

  await ok(ws, 'DELETE', `/contacts/${b.id}`);
  assert.equal(await totalCount(ws), 2);

  // Deleting an archived contact leaves the live count alone.
  await ok(ws, 'POST', `/contacts/${c.id}/archive`);
  assert.equal(await totalCount(ws), 1);
  await ok(ws, 'DELETE', `/contacts/${c.id}`);
  assert.equal(await totalCount(ws), 1);

  await ok(ws, 'DELETE', `/contacts/${a.id}`);
  assert.equal(await totalCount(ws), 0);
  assert.deepEqual((await ws.call('GET', '/contacts')).body.data, []);
});

test('total_count counts every live contact, not just the page shown', async () => {
  const ws = await api.newWorkspace();
  for (let i = 0; i < 7; i++) await create(ws, { email: `p${i}@example.com` });
  const page = await ws.call('GET', '/contacts?per_page=2');
  assert.equal(page.status, 200, page.raw);
  assert.equal(page.body.data.length, 2);
  assert.equal(page.body.total_count, 7);
});

test('a merge removes the lead from the count', async () => {
  const ws = await api.newWorkspace();
  const lead = await create(ws, { role: 'lead' });
  const user = await create(ws, { email: 'u@example.com' });
  assert.equal(await totalCount(ws), 2);
  const merged = await ok(ws, 'POST', '/contacts/merge', { from: lead.id, into: user.id });
  assert.equal(merged.id, user.id);
  assert.equal(await totalCount(ws), 1);
});

test('a create refused as a duplicate does not change the count', async () => {
  const ws = await api.newWorkspace();
  const first = await create(ws, { email: 'dup@example.com' });
  assert.equal(await totalCount(ws), 1);
  const again = await ws.call('POST', '/contacts', { body: { email: 'DUP@example.com' } });
  assert.equal(again.status, 409, again.raw);
  assert.equal(await totalCount(ws), 1);

  // Nor does one clashing with an archived contact.
  await ok(ws, 'POST', `/contacts/${first.id}/archive`);
  assert.equal(await totalCount(ws), 0);
  const clash = await ws.call('POST', '/contacts', { body: { email: 'dup@example.com' } });
  assert.equal(clash.status, 409, clash.raw);
  assert.equal(await totalCount(ws), 0);
});

test("another workspace's contacts never count", async () => {
  const mine = await api.newWorkspace();
  const theirs = await api.newWorkspace();
  await create(mine, { email: 'same@example.com' });
  const t1 = await create(theirs, { email: 'same@example.com' });
  await create(theirs, { role: 'lead' });
  await create(theirs, { external_id: 't-3' });
  assert.equal(await totalCount(mine), 1);
  assert.equal(await totalCount(theirs), 3);

  await ok(theirs, 'POST', `/contacts/${t1.id}/archive`);
  await ok(theirs, 'DELETE', `/contacts/${t1.id}`);
  assert.equal(await totalCount(mine), 1);
  assert.equal(await totalCount(theirs), 2);
});

test('after a random run of creates, archives, unarchives, deletes and merges the counter equals count(*)', async () => {
  const ws = await api.newWorkspace();
  const other = await api.newWorkspace();
  await create(other, { email: 'bystander@example.com' });

  // A small fixed-seed generator (mulberry32) so a failure replays the same way.
  let seed = 0x5eed;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: T[]): T | undefined => (items.length ? items[Math.floor(random() * items.length)] : undefined);

  const contacts = new Map<string, { role: 'user' | 'lead'; archived: boolean; email: string | null }>();
  let emails = 0;
  const done = { create: 0, duplicate: 0, archive: 0, unarchive: 0, delete: 0, merge: 0 };
  for (let step = 0; step < 150; step++) {
    const roll = random();
    const all = [...contacts.keys()];
    if (roll < 0.35 || all.length === 0) {
      const role = random() < 0.5 ? 'lead' : 'user';
      // Now and then reuse a taken email: the 409 must leave the count alone.
      const taken = [...contacts.values()].filter((c) => c.email).map((c) => c.email as string);
      const reuse = random() < 0.15 ? pick(taken) : undefined;
      const email = reuse ?? (random() < 0.7 ? `c${emails++}@example.com` : null);
      const res = await ws.call('POST', '/contacts', { body: email ? { role, email } : { role } });
      if (reuse) {
        assert.equal(res.status, 409, res.raw);
        done.duplicate++;
      } else {
        assert.equal(res.status, 200, res.raw);
        contacts.set(res.body.id, { role, archived: false, email });
        done.create++;
      }
    } else if (roll < 0.55) {
      const id = pick(all)!;
      await ok(ws, 'POST', `/contacts/${id}/archive`);
      contacts.get(id)!.archived = true;
      done.archive++;
    } else if (roll < 0.7) {
      const id = pick(all)!;
      await ok(ws, 'POST', `/contacts/${id}/unarchive`);
      contacts.get(id)!.archived = false;
      done.unarchive++;
    } else if (roll < 0.85) {
      const id = pick(all)!;
      await ok(ws, 'DELETE', `/contacts/${id}`);
      contacts.delete(id);
      done.delete++;
    } else {
      const lead = pick(all.filter((id) => contacts.get(id)!.role === 'lead'));
      const user = pick(all.filter((id) => contacts.get(id)!.role === 'user'));
      if (!lead || !user) continue;
      await ok(ws, 'POST', '/contacts/merge', { from: lead, into: user });
      contacts.delete(lead);
      done.merge++;
    }
    if (step % 10 === 0) {
      const { stored, real } = await storedAndReal(ws.id);
      assert.equal(stored, real, `after step ${step}`);
    }
  }

  for (const [kind, n] of Object.entries(done)) assert.ok(n > 0, `the run never did a ${kind}`);
  const live = [...contacts.values()].filter((c) => !c.archived).length;
  const { stored, real } = await storedAndReal(ws.id);
  assert.equal(real, live, 'the test kept track of the contacts correctly');
  assert.equal(stored, real);
  assert.equal(await totalCount(ws), live);
  assert.deepEqual(await storedAndReal(other.id), { stored: 1, real: 1 });
});
