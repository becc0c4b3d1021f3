import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstError, testApi } from './harness.js';

const api = await testApi();

test('identifyAdmin: /me is the token\'s admin with the workspace as app', async () => {
  const ws = await api.newWorkspace('Acme');
  const res = await ws.call('GET', '/me');
  assert.equal(res.status, 200);
  assert.equal(res.body.type, 'admin');
  assert.equal(res.body.id, String(ws.ownerAdminId));
  assert.equal(res.body.app.id_code, ws.id);
  assert.equal(res.body.app.name, 'Acme');
  assert.equal(res.body.app.region, 'US');
  assert.equal(res.body.app.timezone, 'UTC');
  assert.equal(res.body.email_verified, true);
});

test('listAdmins: the seeded admins, two with inbox seats, with their team ids', async () => {
  const ws = await api.newWorkspace();
  const res = await ws.call('GET', '/admins');
  assert.equal(res.status, 200);
  assert.equal(res.body.type, 'admin.list');
  assert.ok(res.body.admins.length >= 3);
  assert.ok(res.body.admins.filter((a: any) => a.has_inbox_seat).length >= 2);
  const teams = await ws.call('GET', '/teams');
  const owner = res.body.admins.find((a: any) => a.id === String(ws.ownerAdminId));
  for (const team of teams.body.teams) {
    assert.equal(owner.team_ids.includes(Number(team.id)), team.admin_ids.includes(ws.ownerAdminId));
  }
  assert.equal(owner.avatar, undefined, 'avatar only with display_avatar=true');
  const withAvatar = await ws.call('GET', '/admins?display_avatar=true');
  assert.ok('avatar' in withAvatar.body.admins[0]);
});

test('retrieveAdmin: found, and 404 admin_not_found for unknown or malformed ids', async () => {
  const ws = await api.newWorkspace();
  const ok = await ws.call('GET', `/admins/${ws.ownerAdminId}`);
  assert.equal(ok.status, 200);
  assert.equal(ok.body.id, String(ws.ownerAdminId));
  for (const id of ['999999999', 'abc', '0']) {
    const res = await ws.call('GET', `/admins/${id}`);
    assert.equal(res.status, 404);
    assert.deepEqual(firstError(res), { code: 'admin_not_found', message: 'Admin not found' });
  }
});

test('setAwayAdmin: changes away mode, persists it, and records an activity log entry', async () => {
  const ws = await api.newWorkspace();
  const admins = (await ws.call('GET', '/admins')).body.admins;
  const target = admins[1];
  const before = ws.clock.now();
  const res = await ws.call('PUT', `/admins/${target.id}/away`, { body: { away_mode_enabled: true, away_mode_reassign: true } });
  assert.equal(res.status, 200);
  assert.equal(res.body.away_mode_enabled, true);
  assert.equal(res.body.away_mode_reassign, true);
  assert.equal((await ws.call('GET', `/admins/${target.id}`)).body.away_mode_enabled, true);

  const logs = await ws.call('GET', `/admins/activity_logs?created_at_after=${before - 1}`);
  assert.equal(logs.status, 200);
  assert.equal(logs.body.type, 'activity_log.list');
  const entry = logs.body.activity_logs[0];
  assert.equal(entry.activity_type, 'admin_away_mode_change');
  assert.equal(entry.performed_by.id, String(ws.ownerAdminId));
  assert.equal(entry.metadata.away_mode, true);
  assert.equal(entry.metadata.reassign_conversations, true);
});

test('setAwayAdmin: both flags are required, must be booleans, and the admin must exist', async () => {
  const ws = await api.newWorkspace();
  const missing = await ws.call('PUT', `/admins/${ws.ownerAdminId}/away`, { body: { away_mode_enabled: true } });
  assert.equal(missing.status, 400);
  assert.equal(firstError(missing).code, 'parameter_not_found');
  assert.match(firstError(missing).message, /away_mode_reassign/);
  const wrongType = await ws.call('PUT', `/admins/${ws.ownerAdminId}/away`, { body: { away_mode_enabled: 'yes', away_mode_reassign: false } });
  assert.equal(wrongType.status, 400);
  assert.equal(firstError(wrongType).code, 'parameter_invalid');
  assert.match(firstError(wrongType).message, /away_mode_enabled/);
  const unknown = await ws.call('PUT', '/admins/123/away', { body: { away_mode_enabled: true, away_mode_reassign: false } });
  assert.equal(unknown.status, 404);
  assert.deepEqual(firstError(unknown), { code: 'admin_not_found', message: 'Admin for admin_id not found' });
  // Nothing changed.
  assert.equal((await ws.call('GET', `/admins/${ws.ownerAdminId}`)).body.away_mode_enabled, false);
});

test('listActivityLogs: filtered by created_at_after/before, newest first, paged by cursor', async () => {
  const ws = await api.newWorkspace();
  const start = ws.clock.now();
  for (let i = 0; i < 25; i++) {
    ws.clock.advance(10);
    await ws.call('PUT', `/admins/${ws.ownerAdminId}/away`, { body: { away_mode_enabled: i % 2 === 0, away_mode_reassign: false } });
  }
  const first = await ws.call('GET', `/admins/activity_logs?created_at_after=${start}`);
  assert.equal(first.body.activity_logs.length, 20);
  assert.equal(first.body.pages.total_pages, 2);
  const times = first.body.activity_logs.map((l: any) => l.created_at);
  assert.deepEqual(times, [...times].sort((a, b) => b - a));
  const next = first.body.pages.next.starting_after;
  const second = await ws.call('GET', `/admins/activity_logs?created_at_after=${start}&starting_after=${encodeURIComponent(next)}`);
  assert.equal(second.body.activity_logs.length, 5);
  assert.equal(second.body.pages.next, undefined);
  const ids = new Set([...first.body.activity_logs, ...second.body.activity_logs].map((l: any) => l.id));
  assert.equal(ids.size, 25);

  const window = await ws.call('GET', `/admins/activity_logs?created_at_after=${start + 45}&created_at_before=${start + 100}`);
  assert.equal(window.body.activity_logs.length, 6); // t = 50, 60, …, 100
  const missing = await ws.call('GET', '/admins/activity_logs');
  assert.equal(missing.status, 400);
  assert.equal(firstError(missing).code, 'parameter_not_found');
  const bad = await ws.call('GET', '/admins/activity_logs?created_at_after=yesterday');
  assert.equal(bad.status, 400);
});

test('listActivityLogs: a forged or foreign starting_after is a 400, never a 5xx', async () => {
  const ws = await api.newWorkspace();
  const forge = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  for (const cursor of [forge([2, 1.5, 'x']), forge([2, 'abc', 'x']), forge([0, 1, 'x']), forge([2, 1]), forge({ a: 1 }), 'garbage!!']) {
    const res = await ws.call('GET', `/admins/activity_logs?created_at_after=0&starting_after=${encodeURIComponent(cursor)}`);
    assert.equal(res.status, 400, `${cursor}: ${res.raw}`);
    assert.equal(firstError(res).code, 'parameter_invalid');
  }
});

test('setAwayAdmin: emits admin.away_mode_updated with the admin as retrieveAdmin shows it; a failed call emits nothing', async () => {
  const ws = await api.newWorkspace();
  const target = (await ws.call('GET', '/admins')).body.admins[1];
  const before = (await ws.events()).length;
  const missing = await ws.call('PUT', '/admins/999999999/away', { body: { away_mode_enabled: true, away_mode_reassign: true } });
  assert.equal(missing.status, 404);
  assert.equal((await ws.events()).length, before, 'nothing recorded for a 404');

  const res = await ws.call('PUT', `/admins/${target.id}/away`, { body: { away_mode_enabled: true, away_mode_reassign: true } });
  assert.equal(res.status, 200, res.raw);
  const events = (await ws.events()).slice(before);
  assert.deepEqual(events.map((e) => e.topic), ['admin.away_mode_updated']);
  const shown = (await ws.call('GET', `/admins/${target.id}`)).body;
  assert.deepEqual(events[0].item, shown);
  assert.deepEqual(res.body, shown);
  assert.equal(shown.away_mode_enabled, true);
  assert.equal(events[0].created_at, ws.clock.now());

  ws.clock.advance(5);
  await ws.call('PUT', `/admins/${target.id}/away`, { body: { away_mode_enabled: false, away_mode_reassign: false } });
  const last = (await ws.events()).at(-1)!;
  assert.equal(last.topic, 'admin.away_mode_updated');
  assert.deepEqual(last.item, { ...shown, away_mode_enabled: false, away_mode_reassign: false });
});

test('listActivityLogs: created_at_after/before may be ISO-8601 (sent as plain strings through the official SDK), or unix seconds', async () => {
  const ws = await api.newWorkspace();
  const may1 = Date.UTC(2024, 4, 1) / 1000;
  ws.clock.set(may1 - 3600); // 2024-04-30T23:00:00Z
  for (let i = 0; i < 4; i++) {
    await ws.call('PUT', `/admins/${ws.ownerAdminId}/away`, { body: { away_mode_enabled: i % 2 === 0, away_mode_reassign: false } });
    ws.clock.advance(3600); // entries at 23:00 (April 30), then 00:00, 01:00, 02:00 (May 1)
  }
  const times = async (query: string) => {
    const res = await ws.call('GET', `/admins/activity_logs?${query}`);
    assert.equal(res.status, 200, `${query}: ${res.raw}`);
    return res.body.activity_logs.map((l: any) => l.created_at);
  };
  const fromMay1 = [may1 + 7200, may1 + 3600, may1];
  assert.deepEqual(await times(`created_at_after=${may1}`), fromMay1);
  for (const after of ['2024-05-01T00:00:00Z', '2024-05-01T00:00:00.000Z', '2024-05-01T02:00:00+02:00', '2024-05-01T02:00+0200', '2024-05-01', '2024-05-01T00:00:00']) {
    assert.deepEqual(await times(`created_at_after=${encodeURIComponent(after)}`), fromMay1, after);
  }
  assert.deepEqual(await times(`created_at_after=${encodeURIComponent('2024-04-30T23:00:00-01:00')}`), fromMay1, 'a negative offset');
  assert.deepEqual(
    await times(`created_at_after=${encodeURIComponent('2024-04-30T00:00:00Z')}&created_at_before=${encodeURIComponent('2024-05-01T01:00:00Z')}`),
    [may1 + 3600, may1, may1 - 3600],
    'both bounds inclusive',
  );
  assert.deepEqual(await times(`created_at_after=2024-04-30&created_at_before=${may1 - 1}`), [may1 - 3600], 'the two forms mix');

  for (const [name, value] of [
    ['created_at_after', 'yesterday'],
    ['created_at_after', '2024-02-30T00:00:00Z'],
    ['created_at_after', '2024-05-01T24:00:00Z'],
    ['created_at_after', '2024-05-01T00:00:00+25'],
    ['created_at_after', '1.7e9'],
    ['created_at_after', '-5'],
    ['created_at_before', '05/01/2024'],
  ]) {
    const query = name === 'created_at_after' ? `created_at_after=${encodeURIComponent(value)}` : `created_at_after=0&${name}=${encodeURIComponent(value)}`;
    const res = await ws.call('GET', `/admins/activity_logs?${query}`);
    assert.equal(res.status, 400, `${name}=${value}: ${res.raw}`);
    const error = firstError(res);
    assert.equal(error.code, 'parameter_invalid');
    assert.equal(error.field, name);
    assert.match(error.message, new RegExp(name));
  }
});
