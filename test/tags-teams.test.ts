import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstError, testApi } from './harness.js';

const api = await testApi();

test('createTag: creates; the same name in any case returns the same tag', async () => {
  const ws = await api.newWorkspace();
  const created = await ws.call('POST', '/tags', { body: { name: 'VIP' } });
  assert.equal(created.status, 200);
  assert.deepEqual(Object.keys(created.body).sort(), ['id', 'name', 'type']);
  assert.equal(created.body.type, 'tag');
  assert.match(created.body.id, /^\d+$/);
  const again = await ws.call('POST', '/tags', { body: { name: 'vip' } });
  assert.equal(again.body.id, created.body.id);
  assert.equal(again.body.name, 'VIP');
  const list = await ws.call('GET', '/tags');
  assert.equal(list.body.data.filter((t: any) => t.id === created.body.id).length, 1);
});

test('createTag with id renames; renaming onto another tag\'s name is refused and changes nothing', async () => {
  const ws = await api.newWorkspace();
  const a = (await ws.call('POST', '/tags', { body: { name: 'Alpha' } })).body;
  const b = (await ws.call('POST', '/tags', { body: { name: 'Bravo' } })).body;
  const renamed = await ws.call('POST', '/tags', { body: { id: a.id, name: 'Alpha 2' } });
  assert.equal(renamed.status, 200);
  assert.equal(renamed.body.name, 'Alpha 2');
  assert.equal((await ws.call('GET', `/tags/${a.id}`)).body.name, 'Alpha 2');
  const clash = await ws.call('POST', '/tags', { body: { id: a.id, name: 'bravo' } });
  assert.equal(clash.status, 400);
  assert.equal(firstError(clash).code, 'parameter_invalid');
  assert.equal((await ws.call('GET', `/tags/${a.id}`)).body.name, 'Alpha 2');
  assert.equal((await ws.call('GET', `/tags/${b.id}`)).body.name, 'Bravo');
  const unknown = await ws.call('POST', '/tags', { body: { id: '999999999', name: 'Ghost' } });
  assert.equal(unknown.status, 404);
});

test('createTag: name is required and must be a non-empty string', async () => {
  const ws = await api.newWorkspace();
  const missing = await ws.call('POST', '/tags', { body: {} });
  assert.equal(missing.status, 400);
  assert.equal(firstError(missing).code, 'parameter_not_found');
  const blank = await ws.call('POST', '/tags', { body: { name: '   ' } });
  assert.equal(blank.status, 400);
  assert.deepEqual(firstError(blank), { code: 'parameter_invalid', message: 'invalid tag parameters', field: 'name' });
  assert.equal((await ws.call('GET', '/tags')).body.data.length, 0);
});

test('findTag and deleteTag: 404 not_found for unknown ids; delete removes it', async () => {
  const ws = await api.newWorkspace();
  const tag = (await ws.call('POST', '/tags', { body: { name: 'Temp' } })).body;
  const found = await ws.call('GET', `/tags/${tag.id}`);
  assert.deepEqual(found.body, { type: 'tag', id: tag.id, name: 'Temp', applied_at: null, applied_by: null });
  const deleted = await ws.call('DELETE', `/tags/${tag.id}`);
  assert.equal(deleted.status, 200);
  assert.equal(deleted.raw, '');
  const gone = await ws.call('GET', `/tags/${tag.id}`);
  assert.equal(gone.status, 404);
  assert.deepEqual(firstError(gone), { code: 'not_found', message: 'Resource Not Found' });
  assert.equal((await ws.call('DELETE', `/tags/${tag.id}`)).status, 404);
});

test('tag names are per workspace: two workspaces may both have "VIP"', async () => {
  const one = await api.newWorkspace();
  const two = await api.newWorkspace();
  const a = (await one.call('POST', '/tags', { body: { name: 'VIP' } })).body;
  const b = (await two.call('POST', '/tags', { body: { name: 'VIP' } })).body;
  assert.notEqual(a.id, b.id);
  assert.deepEqual((await two.call('GET', '/tags')).body.data.map((t: any) => t.id), [b.id]);
});

test('listTeams and retrieveTeam: seeded teams with their members; unknown → team_not_found', async () => {
  const ws = await api.newWorkspace();
  const list = await ws.call('GET', '/teams');
  assert.equal(list.body.type, 'team.list');
  assert.deepEqual(list.body.teams.map((t: any) => t.name), ['Support', 'Sales']);
  const team = await ws.call('GET', `/teams/${list.body.teams[0].id}`);
  assert.deepEqual(team.body, list.body.teams[0]);
  assert.ok(team.body.admin_ids.includes(ws.ownerAdminId));
  const unknown = await ws.call('GET', '/teams/42');
  assert.equal(unknown.status, 404);
  assert.deepEqual(firstError(unknown), { code: 'team_not_found', message: 'Team not found' });
});

test('retrieveTeam: malformed, unknown and other workspaces\' team ids are all team_not_found', async () => {
  const ws = await api.newWorkspace();
  const other = await api.newWorkspace();
  const theirs = (await other.call('GET', '/teams')).body.teams[0].id;
  for (const id of ['abc', '0', '-1', '1.5', '99999999999999999999', theirs]) {
    const res = await ws.call('GET', `/teams/${encodeURIComponent(id)}`);
    assert.equal(res.status, 404, `${id}: ${res.raw}`);
    assert.deepEqual(firstError(res), { code: 'team_not_found', message: 'Team not found' });
  }
});

test('createTag: names fold case beyond ASCII — "Été" and "été" are one tag (was a 500 on SQLite)', async () => {
  const ws = await api.newWorkspace();
  const first = await ws.call('POST', '/tags', { body: { name: 'Été' } });
  assert.equal(first.status, 200, first.raw);
  for (const name of ['Été', 'été', 'ÉTÉ']) {
    const again = await ws.call('POST', '/tags', { body: { name } });
    assert.equal(again.status, 200, again.raw);
    assert.equal(again.body.id, first.body.id, name);
  }
  const other = await ws.call('POST', '/tags', { body: { name: 'Ete' } });
  assert.notEqual(other.body.id, first.body.id, 'accents still distinguish names');
  assert.equal((await ws.call('GET', '/tags')).body.data.length, 2);
});

test('deleteTag: of two simultaneous deletes of one tag, exactly one answers 200', async () => {
  const ws = await api.newWorkspace();
  for (let round = 0; round < 5; round++) {
    const tag = (await ws.call('POST', '/tags', { body: { name: `race-${round}` } })).body;
    const answers = await Promise.all([ws.call('DELETE', `/tags/${tag.id}`), ws.call('DELETE', `/tags/${tag.id}`)]);
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 404], `round ${round}`);
  }
});

test('tagging contacts emits contact.<role>.tag.created / .deleted with the tag and the contact; no change, no event', async () => {
  const ws = await api.newWorkspace();
  const user = (await ws.call('POST', '/contacts', { body: { email: 'u@example.com' } })).body;
  const lead = (await ws.call('POST', '/contacts', { body: { role: 'lead' } })).body;
  const before = (await ws.events()).length;
  const tag = (await ws.call('POST', '/tags', { body: { name: 'VIP', users: [{ id: user.id }, { id: lead.id }] } })).body;
  await ws.call('POST', '/tags', { body: { name: 'VIP', users: [{ id: user.id }] } }); // already tagged
  await ws.call('DELETE', `/contacts/${lead.id}/tags/${tag.id}`);
  await ws.call('DELETE', `/contacts/${lead.id}/tags/${tag.id}`); // already untagged
  const events = (await ws.events()).slice(before);
  assert.deepEqual(events.map((e) => e.topic), ['contact.user.tag.created', 'contact.lead.tag.created', 'contact.lead.tag.deleted']);
  const item = events[0].item as any;
  assert.equal(item.type, 'contact_tag');
  assert.equal(item.tag.id, tag.id);
  assert.equal(item.contact.id, user.id);
  assert.equal(item.contact.tags.data[0].id, tag.id, 'the contact as GET shows it after the change');
});
