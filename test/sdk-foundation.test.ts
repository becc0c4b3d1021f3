/** The official client, intercom-client@6.4.0, unmodified, against a real listening server. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IntercomClient, IntercomError } from 'intercom-client';
import { testApi } from './harness.js';

const api = await testApi();
const baseUrl = await api.listen();

async function client() {
  const ws = await api.newWorkspace('SDK Workspace');
  return { ws, intercom: new IntercomClient({ token: ws.token, baseUrl }) };
}

test('SDK admins: identify, list, find, away, listAllActivityLogs', async () => {
  const { ws, intercom } = await client();
  const me = await intercom.admins.identify();
  assert.equal(me.id, String(ws.ownerAdminId));
  assert.equal(me.app?.id_code, ws.id);

  const list = await intercom.admins.list();
  assert.ok((list.admins ?? []).length >= 3);
  const other = list.admins!.find((a) => a.id !== me.id)!;
  const found = await intercom.admins.find({ admin_id: other.id });
  assert.equal(found.email, other.email);

  const since = String(ws.clock.now() - 1);
  const away = await intercom.admins.away({ admin_id: other.id, away_mode_enabled: true, away_mode_reassign: false });
  assert.equal(away.away_mode_enabled, true);
  const logs = await intercom.admins.listAllActivityLogs({ created_at_after: since });
  assert.equal(logs.activity_logs?.[0]?.activity_type, 'admin_away_mode_change');
});

test('SDK admins: listAllActivityLogs with ISO-8601 bounds (the SDK passes its string bounds through)', async () => {
  const { ws, intercom } = await client();
  ws.clock.set(Date.UTC(2024, 4, 1, 12) / 1000);
  await intercom.admins.away({ admin_id: String(ws.ownerAdminId), away_mode_enabled: true, away_mode_reassign: false });
  const logs = await intercom.admins.listAllActivityLogs({ created_at_after: '2024-05-01T00:00:00Z', created_at_before: '2024-05-02T00:00:00Z' });
  assert.equal(logs.activity_logs?.length, 1);
  assert.equal(logs.activity_logs?.[0]?.created_at, ws.clock.now());
  const later = await intercom.admins.listAllActivityLogs({ created_at_after: '2024-05-01T12:00:01Z' });
  assert.deepEqual(later.activity_logs, []);
});

test('SDK subscriptions: the first listed type attached with opt_in, as the SDK\'s own usage does, opts the contact in', async () => {
  const { ws, intercom } = await client();
  const [first] = (await intercom.subscriptionTypes.list()).data ?? [];
  assert.equal(first.consent_type, 'opt_out', 'the seeded first type is an opt-out one');
  const contact = await intercom.contacts.create({ email: 'sdk-subscriber@example.com' });
  const attached = await intercom.contacts.attachSubscription({ contact_id: contact.id, id: first.id, consent_type: 'opt_in' });
  assert.equal(attached.id, first.id);
  const listed = await intercom.contacts.listAttachedSubscriptions({ contact_id: contact.id });
  assert.deepEqual(listed.data?.map((t) => t.id), [first.id]);
  // The SDK's Contact type does not declare the subscription sub-lists: read them over HTTP.
  const shown = (await ws.call('GET', `/contacts/${contact.id}`)).body;
  assert.deepEqual(shown.opted_in_subscription_types.data.map((t: any) => t.id), [first.id]);
  assert.deepEqual(shown.opted_out_subscription_types.data, []);
});

test('SDK teams: list and find', async () => {
  const { intercom } = await client();
  const teams = await intercom.teams.list();
  assert.ok((teams.teams ?? []).length >= 2);
  const team = await intercom.teams.find({ team_id: teams.teams![0].id });
  assert.equal(team.name, teams.teams![0].name);
  assert.ok((team.admin_ids ?? []).length > 0);
});

test('SDK tags: create, rename, find, list, delete; errors surface as IntercomError', async () => {
  const { intercom } = await client();
  const tag = await intercom.tags.create({ name: 'Beta testers' });
  assert.equal(tag.name, 'Beta testers');
  const renamed = await intercom.tags.create({ id: tag.id, name: 'Beta' });
  assert.equal(renamed.id, tag.id);
  assert.equal((await intercom.tags.find({ tag_id: tag.id })).name, 'Beta');
  assert.ok((await intercom.tags.list()).data?.some((t) => t.id === tag.id));
  await intercom.tags.delete({ tag_id: tag.id });
  await assert.rejects(intercom.tags.find({ tag_id: tag.id }), (error: unknown) => {
    assert.ok(error instanceof IntercomError);
    assert.equal(error.statusCode, 404);
    return true;
  });
});

test('SDK with a bad token gets 401', async () => {
  const intercom = new IntercomClient({ token: 'wrong', baseUrl });
  await assert.rejects(intercom.admins.identify(), (error: unknown) => {
    assert.ok(error instanceof IntercomError);
    assert.equal(error.statusCode, 401);
    return true;
  });
});
