import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstError, testApi, type TestWorkspace } from './harness.js';

const api = await testApi();

const newVisitor = async (ws: TestWorkspace, body: Record<string, unknown> = {}) => {
  const res = await ws.call('POST', '/_admin/visitors', { body });
  assert.equal(res.status, 200, res.raw);
  return res.body;
};
const topicsDuring = async (ws: TestWorkspace, work: () => Promise<unknown>) => {
  const before = (await ws.events()).length;
  await work();
  return (await ws.events()).slice(before).map((e) => e.topic);
};
const attribute = (ws: TestWorkspace, name: string, data_type = 'string') => ws.call('POST', '/data_attributes', { body: { name, model: 'contact', data_type } });

test('POST /_admin/visitors makes a visitor that GET /visitors?user_id finds; user_id is unique; no events', async () => {
  const ws = await api.newWorkspace();
  const topics = await topicsDuring(ws, async () => {
    const v = await newVisitor(ws);
    assert.equal(v.type, 'visitor');
    assert.match(v.id, /^[0-9a-f]{24}$/);
    assert.match(v.user_id, /^[0-9a-f-]{36}$/, 'a uuid when not given');
    assert.equal(v.anonymous, true);
    assert.equal(v.email, '');
    assert.equal(v.name, null);
    assert.match(v.pseudonym, /^[A-Z][a-z]+ [A-Z][a-z]+$/);
    assert.match(v.avatar.image_url, /pseudonym_avatars_2019\/[a-z]+-[a-z]+\.png$/);
    assert.equal(v.app_id, ws.id);
    assert.equal(v.created_at, ws.clock.now());
    const found = await ws.call('GET', `/visitors?user_id=${v.user_id}`);
    assert.equal(found.status, 200, found.raw);
    assert.deepEqual(found.body, v);
  });
  assert.deepEqual(topics, [], 'Intercom has no topic for a new visitor');

  const named = await newVisitor(ws, { user_id: 'visitor-1', name: 'Gareth', email: 'g@example.com' });
  assert.equal(named.anonymous, false);
  const again = await ws.call('POST', '/_admin/visitors', { body: { user_id: 'visitor-1' } });
  assert.equal(again.status, 409);
  assert.equal(firstError(again).code, 'conflict');
  assert.equal((await ws.call('POST', '/_admin/visitors', { body: { colour: 'red' } })).status, 400);
  assert.equal((await ws.call('POST', '/_admin/visitors', { body: { email: 'not an email' } })).status, 400);
  assert.equal((await ws.call('POST', '/_admin/visitors', { body: {}, token: 'nope' })).status, 401);
});

test('retrieveVisitorWithUserId: unknown or another workspace\'s visitor → 404 "Visitor Not Found"', async () => {
  const ws = await api.newWorkspace();
  const other = await api.newWorkspace();
  const theirs = await newVisitor(other);
  for (const userId of ['nobody', theirs.user_id]) {
    const res = await ws.call('GET', `/visitors?user_id=${userId}`);
    assert.equal(res.status, 404);
    assert.deepEqual(firstError(res), { code: 'not_found', message: 'Visitor Not Found' });
  }
});

test('updateVisitor: by id or user_id; name and custom attributes (checked against contact data attributes, merged)', async () => {
  const ws = await api.newWorkspace();
  await attribute(ws, 'plan');
  await attribute(ws, 'seats', 'integer');
  const v = await newVisitor(ws);
  ws.clock.advance(10);
  const byId = await ws.call('PUT', '/visitors', { body: { id: v.id, name: 'Gareth Bale', custom_attributes: { plan: 'pro', seats: 3 } } });
  assert.equal(byId.status, 200, byId.raw);
  assert.equal(byId.body.name, 'Gareth Bale');
  assert.deepEqual(byId.body.custom_attributes, { plan: 'pro', seats: 3 });
  assert.equal(byId.body.updated_at, ws.clock.now());
  const byUserId = await ws.call('PUT', '/visitors', { body: { user_id: v.user_id, custom_attributes: { seats: null } } });
  assert.deepEqual(byUserId.body.custom_attributes, { plan: 'pro' });
  assert.deepEqual((await ws.call('GET', `/visitors?user_id=${v.user_id}`)).body, byUserId.body);

  const unknown = await ws.call('PUT', '/visitors', { body: { id: v.id, custom_attributes: { colour: 'red' } } });
  assert.equal(unknown.status, 400);
  assert.equal(firstError(unknown).field, 'custom_attributes.colour');
  const wrongType = await ws.call('PUT', '/visitors', { body: { id: v.id, custom_attributes: { seats: 'many' } } });
  assert.equal(wrongType.status, 400);
  const missing = await ws.call('PUT', '/visitors', { body: { user_id: 'fail', name: 'Christian Fail' } });
  assert.equal(missing.status, 404);
  assert.deepEqual(firstError(missing), { code: 'not_found', message: 'Visitor Not Found' });
  assert.equal((await ws.call('PUT', '/visitors', { body: { name: 'x' } })).status, 400);
});

test('convertVisitor to a new user: the contact keeps the visitor\'s id and data, takes the user identifiers; the visitor is gone', async () => {
  const ws = await api.newWorkspace();
  await attribute(ws, 'plan');
  const v = await newVisitor(ws, { name: 'Gareth', phone: '+353 1 555 0100', custom_attributes: { plan: 'pro' } });
  ws.clock.advance(60);
  let res: any;
  const topics = await topicsDuring(ws, async () => {
    res = await ws.call('POST', '/visitors/convert', { body: { type: 'user', user: { user_id: 'gareth-1', email: 'gareth@example.com' }, visitor: { user_id: v.user_id } } });
  });
  assert.equal(res.status, 200, res.raw);
  const c = res.body;
  assert.equal(c.type, 'contact');
  assert.equal(c.id, v.id);
  assert.equal(c.role, 'user');
  assert.equal(c.external_id, 'gareth-1');
  assert.equal(c.email, 'gareth@example.com');
  assert.equal(c.name, 'Gareth');
  assert.equal(c.phone, '+353 1 555 0100');
  assert.deepEqual(c.custom_attributes, { plan: 'pro' });
  assert.equal(c.created_at, v.created_at);
  assert.equal(c.signed_up_at, ws.clock.now());
  assert.deepEqual(topics, ['contact.user.created', 'visitor.signed_up']);
  const events = await ws.events();
  assert.deepEqual(events.at(-1)!.item, c, 'visitor.signed_up carries the user');
  assert.deepEqual((await ws.call('GET', `/contacts/${c.id}`)).body, c);
  assert.equal((await ws.call('GET', `/visitors?user_id=${v.user_id}`)).status, 404, 'the visitor is gone');
  assert.equal((await ws.call('POST', '/visitors/convert', { body: { type: 'user', user: { user_id: 'x' }, visitor: { id: v.id } } })).status, 404);
});

test('convertVisitor to a lead: a new lead, contact.lead.created only', async () => {
  const ws = await api.newWorkspace();
  const v = await newVisitor(ws, { email: 'visitor@example.com' });
  let res: any;
  const topics = await topicsDuring(ws, async () => {
    res = await ws.call('POST', '/visitors/convert', { body: { type: 'lead', user: { user_id: 'lead-1' }, visitor: { email: 'VISITOR@example.com' } } });
  });
  assert.equal(res.status, 200, res.raw);
  assert.equal(res.body.role, 'lead');
  assert.equal(res.body.email, 'visitor@example.com');
  assert.equal(res.body.id, v.id);
  assert.equal(res.body.signed_up_at, null);
  assert.deepEqual(topics, ['contact.lead.created']);
});

test('convertVisitor into an existing user: the visitor merges in (the user keeps its values), then is deleted', async () => {
  const ws = await api.newWorkspace();
  await attribute(ws, 'plan');
  await attribute(ws, 'source');
  const user = (await ws.call('POST', '/contacts', { body: { email: 'kept@example.com', external_id: 'u-1', custom_attributes: { plan: 'basic' } } })).body;
  const v = await newVisitor(ws, { name: 'From Visitor', email: 'other@example.com', custom_attributes: { plan: 'pro', source: 'ad' } });
  let res: any;
  const topics = await topicsDuring(ws, async () => {
    res = await ws.call('POST', '/visitors/convert', { body: { type: 'user', user: { id: user.id, email: 'kept@example.com' }, visitor: { id: v.id } } });
  });
  assert.equal(res.status, 200, res.raw);
  assert.equal(res.body.id, user.id);
  assert.equal(res.body.email, 'kept@example.com', 'the user keeps its email');
  assert.equal(res.body.name, 'From Visitor', 'and gains what it lacked');
  assert.deepEqual(res.body.custom_attributes, { plan: 'basic', source: 'ad' });
  assert.deepEqual(topics, ['contact.user.updated', 'visitor.signed_up']);
  assert.equal((await ws.call('GET', `/visitors?user_id=${v.user_id}`)).status, 404);
});

test('convertVisitor to a user, naming a lead by email: the lead becomes a user and signs up', async () => {
  const ws = await api.newWorkspace();
  const lead = (await ws.call('POST', '/contacts', { body: { role: 'lead', email: 'lead@example.com' } })).body;
  const v = await newVisitor(ws);
  let res: any;
  const topics = await topicsDuring(ws, async () => {
    res = await ws.call('POST', '/visitors/convert', { body: { type: 'user', user: { user_id: 'new-user', email: 'lead@example.com' }, visitor: { id: v.id } } });
  });
  assert.equal(res.status, 200, res.raw);
  assert.equal(res.body.id, lead.id);
  assert.equal(res.body.role, 'user');
  assert.equal(res.body.signed_up_at, ws.clock.now());
  assert.deepEqual(topics, ['contact.user.updated', 'contact.lead.signed_up', 'visitor.signed_up']);
});

test('convertVisitor: bad type 400, unknown visitor or user id 404, another workspace\'s visitor 404; nothing changes', async () => {
  const ws = await api.newWorkspace();
  const other = await api.newWorkspace();
  const v = await newVisitor(ws);
  const theirs = await newVisitor(other);
  const convert = (body: unknown) => ws.call('POST', '/visitors/convert', { body });
  assert.equal((await convert({ type: 'admin', user: { user_id: 'x' }, visitor: { id: v.id } })).status, 400);
  const unknownVisitor = await convert({ type: 'user', user: { user_id: 'x' }, visitor: { user_id: 'nobody' } });
  assert.equal(unknownVisitor.status, 404);
  assert.equal(firstError(unknownVisitor).message, 'Visitor Not Found');
  const unknownUser = await convert({ type: 'user', user: { id: '0123456789abcdef01234567' }, visitor: { id: v.id } });
  assert.equal(unknownUser.status, 404);
  assert.equal(firstError(unknownUser).message, 'User Not Found');
  assert.equal((await convert({ type: 'user', user: { user_id: 'x' }, visitor: { id: theirs.id } })).status, 404);
  assert.equal((await ws.call('GET', `/visitors?user_id=${v.user_id}`)).status, 200, 'the visitor is still there');
  assert.deepEqual((await ws.events()).length, 0);
});

test('convertVisitor: concurrent conversions of one visitor make one contact; the others are 404', async () => {
  const ws = await api.newWorkspace();
  const v = await newVisitor(ws);
  const answers = await Promise.all([1, 2, 3].map((n) => ws.call('POST', '/visitors/convert', { body: { type: 'user', user: { user_id: `racer-${n}` }, visitor: { id: v.id } } })));
  assert.deepEqual(answers.map((r) => r.status).sort(), [200, 404, 404], answers.map((r) => r.raw).join('\n'));
  assert.equal((await ws.events()).filter((e) => e.topic === 'visitor.signed_up').length, 1);
});
