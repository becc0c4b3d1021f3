import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Scope } from '../src/core/scope.js';
import { notesResource } from '../src/resources/notes/index.js';
import { firstError, testApi, type TestWorkspace } from './harness.js';

const api = await testApi();

async function contact(ws: TestWorkspace, email = 'n@example.com') {
  return (await ws.call('POST', '/contacts', { body: { email } })).body;
}

test('createNote: plain text is wrapped in <p>, the author is the token\'s admin, the contact is referenced', async () => {
  const ws = await api.newWorkspace();
  const c = await contact(ws);
  const res = await ws.call('POST', `/contacts/${c.id}/notes`, { body: { body: 'Hello' } });
  assert.equal(res.status, 200, res.raw);
  assert.equal(res.body.type, 'note');
  assert.match(res.body.id, /^\d+$/);
  assert.equal(res.body.body, '<p>Hello</p>');
  assert.equal(res.body.created_at, ws.clock.now());
  assert.deepEqual(res.body.contact, { type: 'contact', id: c.id });
  assert.equal(res.body.author.type, 'admin');
  assert.equal(res.body.author.id, String(ws.ownerAdminId));
  assert.equal((await ws.call('GET', `/contacts/${c.id}`)).body.notes.total_count, 1);
});

test('createNote: HTML is kept; text is escaped; blank lines make paragraphs', async () => {
  const ws = await api.newWorkspace();
  const c = await contact(ws);
  const html = await ws.call('POST', `/contacts/${c.id}/notes`, { body: { body: '<p>Already <b>HTML</b></p>' } });
  assert.equal(html.body.body, '<p>Already <b>HTML</b></p>');
  const text = await ws.call('POST', `/contacts/${c.id}/notes`, { body: { body: 'a < b & c\n\nsecond\nline' } });
  assert.equal(text.body.body, '<p>a &lt; b &amp; c</p><p>second<br>line</p>');
});

test('createNote: admin_id chooses the author; unknown admin is 404 not_found; bad bodies are 400', async () => {
  const ws = await api.newWorkspace();
  const c = await contact(ws);
  const admins = (await ws.call('GET', '/admins')).body.admins;
  const other = admins.find((a: any) => a.id !== String(ws.ownerAdminId));
  const res = await ws.call('POST', `/contacts/${c.id}/notes`, { body: { body: 'by other', admin_id: other.id } });
  assert.equal(res.status, 200);
  assert.equal(res.body.author.id, other.id);
  assert.equal(res.body.author.name, other.name);
  const foreign = await api.newWorkspace();
  for (const admin_id of ['999999999', 'abc', String(foreign.ownerAdminId)]) {
    const bad = await ws.call('POST', `/contacts/${c.id}/notes`, { body: { body: 'x', admin_id } });
    assert.equal(bad.status, 404, admin_id);
    assert.equal(firstError(bad).code, 'not_found');
  }
  for (const body of [{}, { body: '' }, { body: '   ' }, { body: 42 }, { body: 'x', admin_id: 5 }]) {
    const bad = await ws.call('POST', `/contacts/${c.id}/notes`, { body });
    assert.equal(bad.status, 400, JSON.stringify(body));
  }
  const missing = await ws.call('POST', '/contacts/0123456789abcdef01234567/notes', { body: { body: 'x' } });
  assert.equal(missing.status, 404);
  assert.deepEqual(firstError(missing), { code: 'not_found', message: 'User Not Found' });
  assert.equal((await ws.call('GET', `/contacts/${c.id}/notes`)).body.total_count, 1, 'failed calls wrote nothing');
});

test('listNotes: newest first, page/per_page, pages past the end are empty', async () => {
  const ws = await api.newWorkspace();
  const c = await contact(ws);
  const ids: string[] = [];
  for (let i = 0; i < 7; i++) {
    ws.clock.advance(i % 2); // some notes share a created_at
    ids.push((await ws.call('POST', `/contacts/${c.id}/notes`, { body: { body: `note ${i}` } })).body.id);
  }
  const newestFirst = [...ids].reverse();
  const all = await ws.call('GET', `/contacts/${c.id}/notes`);
  assert.equal(all.status, 200);
  assert.equal(all.body.type, 'list');
  assert.equal(all.body.total_count, 7);
  assert.deepEqual(all.body.data.map((n: any) => n.id), newestFirst);
  assert.equal(all.body.data[0].body, '<p>note 6</p>');
  const seen: string[] = [];
  for (let page = 1; page <= 4; page++) {
    const res = await ws.call('GET', `/contacts/${c.id}/notes?page=${page}&per_page=3`);
    assert.equal(res.status, 200);
    assert.equal(res.body.pages.page, page);
    assert.equal(res.body.pages.per_page, 3);
    assert.equal(res.body.pages.total_pages, 3);
    seen.push(...res.body.data.map((n: any) => n.id));
    if (page === 4) assert.deepEqual(res.body.data, []);
  }
  assert.deepEqual(seen, newestFirst);
  for (const q of ['page=0', 'per_page=151', 'page=x']) {
    assert.equal((await ws.call('GET', `/contacts/${c.id}/notes?${q}`)).status, 400, q);
  }
  const other = await contact(ws, 'other@example.com');
  assert.deepEqual((await ws.call('GET', `/contacts/${other.id}/notes`)).body.data, []);
  const missing = await ws.call('GET', '/contacts/0123456789abcdef01234567/notes');
  assert.equal(missing.status, 404);
});

test('retrieveNote: by id; unknown and other-workspace notes are 404 Resource Not Found', async () => {
  const ws = await api.newWorkspace();
  const c = await contact(ws);
  const note = (await ws.call('POST', `/contacts/${c.id}/notes`, { body: { body: 'find me' } })).body;
  const res = await ws.call('GET', `/notes/${note.id}`);
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, note);
  const other = await api.newWorkspace();
  for (const [caller, id] of [[other, note.id], [ws, '999999999'], [ws, 'abc']] as const) {
    const miss = await caller.call('GET', `/notes/${id}`);
    assert.equal(miss.status, 404);
    assert.deepEqual(firstError(miss), { code: 'not_found', message: 'Resource Not Found' });
  }
  // A deleted contact takes its notes with it.
  await ws.call('DELETE', `/contacts/${c.id}`);
  assert.equal((await ws.call('GET', `/notes/${note.id}`)).status, 404);
});

test('merge: the lead\'s notes move to the user, newest first among the user\'s own', async () => {
  const ws = await api.newWorkspace();
  const lead = (await ws.call('POST', '/contacts', { body: { role: 'lead' } })).body;
  const user = await contact(ws, 'merge-notes@example.com');
  const own = (await ws.call('POST', `/contacts/${user.id}/notes`, { body: { body: 'user note' } })).body;
  ws.clock.advance(10);
  const moved = (await ws.call('POST', `/contacts/${lead.id}/notes`, { body: { body: 'lead note' } })).body;
  const merged = await ws.call('POST', '/contacts/merge', { body: { from: lead.id, into: user.id } });
  assert.equal(merged.status, 200, merged.raw);
  assert.deepEqual(merged.body.notes.data.map((n: any) => n.id), [moved.id, own.id]);
  const listed = (await ws.call('GET', `/contacts/${user.id}/notes`)).body;
  assert.deepEqual(listed.data.map((n: any) => n.id), [moved.id, own.id]);
  assert.deepEqual((await ws.call('GET', `/notes/${moved.id}`)).body, { ...moved, contact: { type: 'contact', id: user.id } });
});

test('contact dependent "notes": onMerge moves every note, and running it twice changes nothing more', async () => {
  const ws = await api.newWorkspace();
  const from = await contact(ws, 'from@example.com');
  const into = await contact(ws, 'into@example.com');
  const ids = [];
  for (const body of ['one', 'two']) ids.push((await ws.call('POST', `/contacts/${from.id}/notes`, { body: { body } })).body.id);
  const dependent = notesResource.contactDependents?.find((d) => d.name === 'notes');
  assert.ok(dependent?.onMerge);
  // Another workspace's scope moves nothing of this one.
  const other = await api.newWorkspace();
  await dependent.onMerge(new Scope(api.database.db, other.id), from.id, into.id);
  assert.equal((await ws.call('GET', `/contacts/${from.id}/notes`)).body.total_count, 2);
  for (let i = 0; i < 2; i++) {
    await dependent.onMerge(new Scope(api.database.db, ws.id), from.id, into.id);
    assert.equal((await ws.call('GET', `/contacts/${from.id}/notes`)).body.total_count, 0);
    assert.deepEqual((await ws.call('GET', `/contacts/${into.id}/notes`)).body.data.map((n: any) => n.id).sort(), ids.sort());
  }
});

test('createNote: NUL in the body is a 400, not a database error', async () => {
  const ws = await api.newWorkspace();
  const c = await contact(ws);
  const res = await ws.call('POST', `/contacts/${c.id}/notes`, { body: { body: 'a\u0000b' } });
  assert.equal(res.status, 400, res.raw);
  assert.equal(firstError(res).code, 'parameter_invalid');
});
