import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstError, testApi, type TestWorkspace } from './harness.js';

const api = await testApi();

const createType = (ws: TestWorkspace, body: Record<string, unknown>) => ws.call('POST', '/ticket_types', { body });
const createAttribute = (ws: TestWorkspace, typeId: string, body: Record<string, unknown>) =>
  ws.call('POST', `/ticket_types/${typeId}/attributes`, { body: { description: '', ...body } });

test('listTicketTypes: a new workspace has a Customer and a Back-office type, each with the two default attributes', async () => {
  const ws = await api.newWorkspace();
  const res = await ws.call('GET', '/ticket_types');
  assert.equal(res.status, 200, res.raw);
  assert.equal(res.body.type, 'ticket_type_attributes.list');
  assert.deepEqual(res.body.data, res.body.ticket_types, 'both keys carry the types');
  assert.deepEqual(res.body.ticket_types.map((t: any) => t.category), ['Customer', 'Back-office']);
  for (const type of res.body.ticket_types) {
    assert.equal(type.workspace_id, ws.id);
    assert.deepEqual(
      type.ticket_type_attributes.ticket_type_attributes.map((a: any) => [a.name, a.default, a.order, a.input_options]),
      [
        ['_default_title_', true, 0, { multiline: false }],
        ['_default_description_', true, 1, { multiline: true }],
      ],
    );
  }
});

test('createTicketType: defaults (icon 🎟️, Customer, not internal), the default attributes; getTicketType shows the same', async () => {
  const ws = await api.newWorkspace();
  const res = await createType(ws, { name: '  Bug Report ' });
  assert.equal(res.status, 200, res.raw);
  const type = res.body;
  assert.equal(type.type, 'ticket_type');
  assert.match(type.id, /^\d+$/);
  assert.equal(type.name, 'Bug Report');
  assert.equal(type.description, '');
  assert.equal(type.icon, '🎟️');
  assert.equal(type.category, 'Customer');
  assert.equal(type.is_internal, false);
  assert.equal(type.archived, false);
  assert.equal(type.created_at, ws.clock.now());
  const attrs = type.ticket_type_attributes.ticket_type_attributes;
  assert.deepEqual(attrs.map((a: any) => a.name), ['_default_title_', '_default_description_']);
  assert.ok(attrs.every((a: any) => a.ticket_type_id === Number(type.id) && a.data_type === 'string' && a.visible_on_create && a.visible_to_contacts && !a.required_to_create));
  assert.deepEqual((await ws.call('GET', `/ticket_types/${type.id}`)).body, type);

  const full = await createType(ws, { name: 'Refund', description: 'Money back', icon: '💸', category: 'Back-office', is_internal: true });
  assert.equal(full.status, 200, full.raw);
  assert.deepEqual([full.body.description, full.body.icon, full.body.category, full.body.is_internal], ['Money back', '💸', 'Back-office', true]);
  const listed = (await ws.call('GET', '/ticket_types')).body.ticket_types.map((t: any) => t.name);
  assert.deepEqual(listed.slice(-2), ['Bug Report', 'Refund']);
});

test('createTicketType: missing or blank name, unknown category → 400, nothing created', async () => {
  const ws = await api.newWorkspace();
  for (const body of [{}, { name: '   ' }, { name: 'X', category: 'Internal' }]) {
    const res = await createType(ws, body);
    assert.equal(res.status, 400, res.raw);
    firstError(res);
  }
  assert.equal((await ws.call('GET', '/ticket_types')).body.ticket_types.length, 2);
});

test('updateTicketType: changes only what is sent; archive; another workspace cannot see it', async () => {
  const ws = await api.newWorkspace();
  const type = (await createType(ws, { name: 'Bug', description: 'Bugs', icon: '🐞' })).body;
  ws.clock.advance(30);
  const res = await ws.call('PUT', `/ticket_types/${type.id}`, { body: { name: 'Bug Report 2', archived: true, category: 'Tracker' } });
  assert.equal(res.status, 200, res.raw);
  assert.equal(res.body.name, 'Bug Report 2');
  assert.equal(res.body.description, 'Bugs');
  assert.equal(res.body.icon, '🐞');
  assert.equal(res.body.category, 'Tracker');
  assert.equal(res.body.archived, true);
  assert.equal(res.body.updated_at, type.created_at + 30);
  assert.equal(res.body.created_at, type.created_at);
  assert.equal((await ws.call('PUT', `/ticket_types/${type.id}`, { body: { name: '' } })).status, 400);

  const other = await api.newWorkspace();
  assert.equal((await other.call('GET', `/ticket_types/${type.id}`)).status, 404);
  assert.equal((await other.call('PUT', `/ticket_types/${type.id}`, { body: { name: 'Mine' } })).status, 404);
  assert.equal((await ws.call('GET', `/ticket_types/${type.id}`)).body.name, 'Bug Report 2');
});

test('createTicketTypeAttribute: every data type with its input options, flags default, order after the others', async () => {
  const ws = await api.newWorkspace();
  const type = (await createType(ws, { name: 'Bug' })).body;
  const cases: [Record<string, unknown>, (options: any) => void][] = [
    [{ data_type: 'string' }, (o) => assert.deepEqual(o, { multiline: false })],
    [{ data_type: 'string', multiline: true }, (o) => assert.deepEqual(o, { multiline: true })],
    [
      { data_type: 'list', list_items: 'Low, Medium,High,,Low' },
      (o) => {
        assert.deepEqual(o.list_options.map((i: any) => [i.label, i.archived]), [['Low', false], ['Medium', false], ['High', false]]);
        for (const item of o.list_options) assert.match(item.id, /^[0-9a-f-]{36}$/);
      },
    ],
    [{ data_type: 'integer' }, (o) => assert.deepEqual(o, {})],
    [{ data_type: 'decimal' }, (o) => assert.deepEqual(o, {})],
    [{ data_type: 'boolean' }, (o) => assert.deepEqual(o, {})],
    [{ data_type: 'datetime' }, (o) => assert.deepEqual(o, {})],
    [{ data_type: 'files', allow_multiple_values: true }, (o) => assert.deepEqual(o, { allow_multiple_values: true })],
  ];
  let order = 2;
  for (const [body, check] of cases) {
    const res = await createAttribute(ws, type.id, { name: `attr ${order}`, description: 'd', ...body });
    assert.equal(res.status, 200, `${JSON.stringify(body)}: ${res.raw}`);
    const attr = res.body;
    assert.equal(attr.type, 'ticket_type_attribute');
    assert.equal(attr.data_type, body.data_type);
    assert.equal(attr.order, order++);
    assert.equal(attr.ticket_type_id, Number(type.id));
    assert.equal(attr.workspace_id, ws.id);
    assert.deepEqual([attr.required_to_create, attr.required_to_create_for_contacts, attr.visible_on_create, attr.visible_to_contacts, attr.default, attr.archived], [false, false, true, true, false, false]);
    check(attr.input_options);
  }
  const shown = (await ws.call('GET', `/ticket_types/${type.id}`)).body.ticket_type_attributes.ticket_type_attributes;
  assert.equal(shown.length, 2 + cases.length);

  const flags = await createAttribute(ws, type.id, { name: 'Severity', data_type: 'integer', required_to_create: true, required_to_create_for_contacts: true, visible_on_create: false, visible_to_contacts: false });
  assert.deepEqual([flags.body.required_to_create, flags.body.required_to_create_for_contacts, flags.body.visible_on_create, flags.body.visible_to_contacts], [true, true, false, false]);
});

test('createTicketTypeAttribute: a taken name, a list without items, options of another type, an unknown data type → 400', async () => {
  const ws = await api.newWorkspace();
  const type = (await createType(ws, { name: 'Bug' })).body;
  const bad: Record<string, unknown>[] = [
    { name: '_default_title_', data_type: 'string' },
    { name: 'Priority', data_type: 'list' },
    { name: 'Priority', data_type: 'list', list_items: ' , ' },
    { name: 'Count', data_type: 'integer', multiline: true },
    { name: 'Count', data_type: 'string', list_items: 'a,b' },
    { name: 'Count', data_type: 'boolean', allow_multiple_values: true },
    { name: 'Count', data_type: 'money' },
    { name: ' ', data_type: 'string' },
  ];
  for (const body of bad) {
    const res = await createAttribute(ws, type.id, body);
    assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.raw}`);
    firstError(res);
  }
  assert.equal((await ws.call('GET', `/ticket_types/${type.id}`)).body.ticket_type_attributes.ticket_type_attributes.length, 2);
  assert.equal((await createAttribute(ws, '999999999', { name: 'x', data_type: 'string' })).status, 404);
});

test('updateTicketTypeAttribute: flags, description, name; list items keep their ids, dropped ones are archived; archive', async () => {
  const ws = await api.newWorkspace();
  const type = (await createType(ws, { name: 'Bug' })).body;
  const attr = (await createAttribute(ws, type.id, { name: 'Priority', data_type: 'list', list_items: 'Low,High' })).body;
  const [low, high] = attr.input_options.list_options;
  ws.clock.advance(10);
  const path = `/ticket_types/${type.id}/attributes/${attr.id}`;
  const res = await ws.call('PUT', path, { body: { name: 'Urgency', description: 'How urgent', visible_to_contacts: false, required_to_create: true, list_items: 'High,Critical' } });
  assert.equal(res.status, 200, res.raw);
  assert.equal(res.body.name, 'Urgency');
  assert.equal(res.body.description, 'How urgent');
  assert.equal(res.body.visible_to_contacts, false);
  assert.equal(res.body.visible_on_create, true, 'unchanged');
  assert.equal(res.body.required_to_create, true);
  assert.equal(res.body.updated_at, attr.created_at + 10);
  const options = res.body.input_options.list_options;
  assert.deepEqual(options.map((o: any) => [o.label, o.archived]), [['High', false], ['Critical', false], ['Low', true]]);
  assert.equal(options[0].id, high.id);
  assert.equal(options[2].id, low.id);

  const archived = await ws.call('PUT', path, { body: { archived: true } });
  assert.equal(archived.body.archived, true);
  const shown = (await ws.call('GET', `/ticket_types/${type.id}`)).body;
  assert.equal(shown.ticket_type_attributes.ticket_type_attributes.find((a: any) => a.id === attr.id).archived, true);
  assert.equal(shown.updated_at, ws.clock.now(), 'the type changed with its attribute');

  const text = (await createAttribute(ws, type.id, { name: 'Notes', data_type: 'string' })).body;
  const multiline = await ws.call('PUT', `/ticket_types/${type.id}/attributes/${text.id}`, { body: { multiline: true } });
  assert.deepEqual(multiline.body.input_options, { multiline: true });
  const taken = await ws.call('PUT', `/ticket_types/${type.id}/attributes/${text.id}`, { body: { name: 'Urgency' } });
  assert.equal(taken.status, 400, taken.raw);
  const wrongOption = await ws.call('PUT', `/ticket_types/${type.id}/attributes/${text.id}`, { body: { list_items: 'a' } });
  assert.equal(wrongOption.status, 400, wrongOption.raw);
});

test('updateTicketTypeAttribute: default attributes keep their name and cannot be archived; other flags change', async () => {
  const ws = await api.newWorkspace();
  const type = (await createType(ws, { name: 'Bug' })).body;
  const title = type.ticket_type_attributes.ticket_type_attributes[0];
  const path = `/ticket_types/${type.id}/attributes/${title.id}`;
  assert.equal((await ws.call('PUT', path, { body: { name: 'Title' } })).status, 400);
  assert.equal((await ws.call('PUT', path, { body: { archived: true } })).status, 400);
  const res = await ws.call('PUT', path, { body: { required_to_create: true, description: 'Short summary' } });
  assert.equal(res.status, 200, res.raw);
  assert.equal(res.body.required_to_create, true);
  assert.equal(res.body.name, '_default_title_');
});

test("updateTicketTypeAttribute: another type's attribute, and another workspace's, are not found", async () => {
  const ws = await api.newWorkspace();
  const one = (await createType(ws, { name: 'One' })).body;
  const two = (await createType(ws, { name: 'Two' })).body;
  const attr = (await createAttribute(ws, one.id, { name: 'Field', data_type: 'string' })).body;
  assert.equal((await ws.call('PUT', `/ticket_types/${two.id}/attributes/${attr.id}`, { body: { description: 'x' } })).status, 404);
  const other = await api.newWorkspace();
  assert.equal((await other.call('PUT', `/ticket_types/${one.id}/attributes/${attr.id}`, { body: { description: 'x' } })).status, 404);
  assert.equal((await ws.call('GET', `/ticket_types/${one.id}`)).body.ticket_type_attributes.ticket_type_attributes[2].description, '');
});
