import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstError, testApi } from './harness.js';
import { scopeOf } from '../src/core/scope.js';
import { dataAttributes, validateCustomAttributes } from '../src/resources/data-attributes/public.js';

const api = await testApi();

test('listDataAttributes: built-in attributes per model, then custom ones', async () => {
  const ws = await api.newWorkspace();
  const all = await ws.call('GET', '/data_attributes');
  assert.equal(all.status, 200);
  assert.equal(all.body.type, 'list');
  const models = new Set(all.body.data.map((a: any) => a.model));
  assert.deepEqual([...models].sort(), ['company', 'contact']);
  const contact = await ws.call('GET', '/data_attributes?model=contact');
  assert.ok(contact.body.data.every((a: any) => a.model === 'contact'));
  const email = contact.body.data.find((a: any) => a.name === 'email');
  assert.equal(email.custom, false);
  assert.equal(email.full_name, 'email');
  const conversation = await ws.call('GET', '/data_attributes?model=conversation');
  assert.equal(conversation.status, 200);
  const bad = await ws.call('GET', '/data_attributes?model=ticket');
  assert.equal(bad.status, 400);
});

test('createDataAttribute: creates, lists, and datetime becomes date', async () => {
  const ws = await api.newWorkspace();
  const res = await ws.call('POST', '/data_attributes', { body: { name: 'Mithril Shirt', model: 'company', data_type: 'string' } });
  assert.equal(res.status, 200);
  assert.equal(res.body.type, 'data_attribute');
  assert.equal(typeof res.body.id, 'number');
  assert.equal(res.body.full_name, 'custom_attributes.Mithril Shirt');
  assert.equal(res.body.custom, true);
  assert.equal(res.body.archived, false);
  assert.equal(res.body.admin_id, String(ws.ownerAdminId));
  const date = await ws.call('POST', '/data_attributes', { body: { name: 'renewal', model: 'contact', data_type: 'datetime' } });
  assert.equal(date.body.data_type, 'date');
  const list = await ws.call('GET', '/data_attributes?model=contact');
  assert.ok(list.body.data.some((a: any) => a.name === 'renewal' && a.custom));
  assert.ok(!list.body.data.some((a: any) => a.name === 'Mithril Shirt'));
  const list2 = await ws.call('POST', '/data_attributes', { body: { name: 'plan', model: 'contact', data_type: 'string', options: ['free', 'pro'] } });
  assert.deepEqual(list2.body.options, ['free', 'pro']);
});

test('createDataAttribute: Intercom\'s errors for names, duplicates, types and models', async () => {
  const ws = await api.newWorkspace();
  await ws.call('POST', '/data_attributes', { body: { name: 'The One Ring', model: 'company', data_type: 'string' } });
  const sameOther = await ws.call('POST', '/data_attributes', { body: { name: 'The One Ring', model: 'contact', data_type: 'integer' } });
  assert.equal(sameOther.status, 400);
  assert.deepEqual(
    { code: firstError(sameOther).code, message: firstError(sameOther).message },
    { code: 'parameter_invalid', message: "You already have 'The One Ring' in your company data. To save this as new people data, use a different name." },
  );
  const same = await ws.call('POST', '/data_attributes', { body: { name: 'the one ring', model: 'company', data_type: 'string' } });
  assert.equal(firstError(same).message, "You already have 'The One Ring' in your company data. To save this as new company data, use a different name.");
  const invalid = await ws.call('POST', '/data_attributes', { body: { name: '!nv@l!d n@me', model: 'company', data_type: 'string' } });
  assert.equal(invalid.status, 400);
  assert.equal(firstError(invalid).message, 'Your name for this attribute must only contain alphanumeric characters, currency symbols, and hyphens');
  const badType = await ws.call('POST', '/data_attributes', { body: { name: 'The Second Ring', model: 'company', data_type: 'mithril' } });
  assert.equal(badType.status, 400);
  assert.equal(firstError(badType).code, 'parameter_invalid');
  const badModel = await ws.call('POST', '/data_attributes', { body: { name: 'x', model: 'ticket', data_type: 'string' } });
  assert.equal(badModel.status, 400);
  const missing = await ws.call('POST', '/data_attributes', { body: { model: 'contact', data_type: 'string' } });
  assert.equal(missing.status, 400);
  assert.equal(firstError(missing).code, 'parameter_not_found');
  const oneOption = await ws.call('POST', '/data_attributes', { body: { name: 'tier', model: 'contact', data_type: 'string', options: ['a'] } });
  assert.equal(oneOption.status, 400);
  const intOptions = await ws.call('POST', '/data_attributes', { body: { name: 'tier', model: 'contact', data_type: 'integer', options: ['a', 'b'] } });
  assert.equal(intOptions.status, 400);
});

test('updateDataAttribute: description, options, archive; unknown → 404 field_not_found', async () => {
  const ws = await api.newWorkspace();
  const created = (await ws.call('POST', '/data_attributes', { body: { name: 'The One Ring', model: 'company', data_type: 'string' } })).body;
  ws.clock.advance(5);
  const res = await ws.call('PUT', `/data_attributes/${created.id}`, {
    body: { description: 'Just a plain old ring', options: [{ value: '1-10' }, { value: '11-20' }], archived: false },
  });
  assert.equal(res.status, 200);
  assert.equal(res.body.description, 'Just a plain old ring');
  assert.deepEqual(res.body.options, ['1-10', '11-20']);
  assert.ok(res.body.updated_at > res.body.created_at);
  const archived = await ws.call('PUT', `/data_attributes/${created.id}`, { body: { archived: true } });
  assert.equal(archived.body.archived, true);
  const listed = await ws.call('GET', '/data_attributes?model=company');
  assert.ok(!listed.body.data.some((a: any) => a.id === created.id));
  const withArchived = await ws.call('GET', '/data_attributes?model=company&include_archived=true');
  assert.ok(withArchived.body.data.some((a: any) => a.id === created.id && a.archived));
  for (const id of ['999999999', 'abc']) {
    const missing = await ws.call('PUT', `/data_attributes/${id}`, { body: { description: 'x' } });
    assert.equal(missing.status, 404);
    assert.deepEqual(firstError(missing), { code: 'field_not_found', message: "We couldn't find that data attribute to update" });
  }
  const notArray = await ws.call('PUT', `/data_attributes/${created.id}`, { body: { options: { value: '1-10' } } });
  assert.equal(notArray.status, 400);
  // Another workspace cannot see it.
  const other = await api.newWorkspace();
  assert.equal((await other.call('PUT', `/data_attributes/${created.id}`, { body: { description: 'x' } })).status, 404);
});

test('validateCustomAttributes: types, options, length, unknown and archived attributes', async () => {
  const ws = await api.newWorkspace();
  const source = scopeOf(api.database.db, ws.id);
  const mk = (name: string, data_type: string, options?: string[]) =>
    ws.call('POST', '/data_attributes', { body: { name, model: 'contact', data_type, ...(options ? { options } : {}) } });
  await mk('s', 'string');
  await mk('i', 'integer');
  await mk('f', 'float');
  await mk('b', 'boolean');
  await mk('d', 'date');
  await mk('plan', 'string', ['free', 'pro']);
  const gone = (await mk('gone', 'string')).body;
  await ws.call('PUT', `/data_attributes/${gone.id}`, { body: { archived: true } });
  await ws.call('POST', '/data_attributes', { body: { name: 'company_only', model: 'company', data_type: 'string' } });

  const ok = await validateCustomAttributes(source, 'contact', { s: 'x', i: 3, f: 1.5, b: false, d: 1700000000, plan: 'pro' });
  assert.deepEqual(ok, { s: 'x', i: 3, f: 1.5, b: false, d: 1700000000, plan: 'pro' });
  assert.deepEqual(await validateCustomAttributes(source, 'contact', { s: null }), { s: null });
  assert.deepEqual(await validateCustomAttributes(source, 'contact', undefined), {});
  const bad: unknown[] = [
    { nope: 1 }, { gone: 'x' }, { company_only: 'x' }, { s: 1 }, { s: 'x'.repeat(256) }, { i: 1.5 }, { i: '3' }, { f: 'x' },
    { b: 'true' }, { d: 'yesterday' }, { plan: 'enterprise' }, [1], 'x',
  ];
  for (const input of bad) {
    await assert.rejects(validateCustomAttributes(source, 'contact', input), (e: any) => e.status === 400 && e.code === 'parameter_invalid', JSON.stringify(input));
  }
  await assert.rejects(validateCustomAttributes(source, 'contact', { nope: 1 }), /Custom attribute 'nope' does not exist/);
});

test('createDataAttribute: names fold case beyond ASCII — a second "Über" is the duplicate error (was a 500 on SQLite)', async () => {
  const ws = await api.newWorkspace();
  const first = await ws.call('POST', '/data_attributes', { body: { name: 'Über', model: 'contact', data_type: 'string' } });
  assert.equal(first.status, 200, first.raw);
  for (const [name, model] of [['Über', 'contact'], ['über', 'contact'], ['ÜBER', 'company']] as const) {
    const again = await ws.call('POST', '/data_attributes', { body: { name, model, data_type: 'string' } });
    assert.equal(again.status, 400, `${name}: ${again.raw}`);
    const noun = model === 'company' ? 'company' : 'people';
    assert.deepEqual(firstError(again), {
      code: 'parameter_invalid',
      field: 'name',
      message: `You already have 'Über' in your people data. To save this as new ${noun} data, use a different name.`,
    });
  }
  const accents = await ws.call('POST', '/data_attributes', { body: { name: 'ÉTÉ', model: 'company', data_type: 'integer' } });
  assert.equal(accents.status, 200, accents.raw);
  assert.equal((await ws.call('POST', '/data_attributes', { body: { name: 'été', model: 'contact', data_type: 'string' } })).status, 400);
  for (const name of ['Uber', 'Ete', 'Straße']) {
    const distinct = await ws.call('POST', '/data_attributes', { body: { name, model: 'contact', data_type: 'string' } });
    assert.equal(distinct.status, 200, `${name}: ${distinct.raw}`);
  }
  const custom = (await ws.call('GET', '/data_attributes?include_archived=true')).body.data.filter((a: any) => a.custom);
  assert.deepEqual(custom.map((a: any) => a.name), ['Über', 'ÉTÉ', 'Uber', 'Ete', 'Straße']);
});

test('createDataAttribute / updateDataAttribute: NUL in a description or option is a 400, not a database error', async () => {
  const ws = await api.newWorkspace();
  const create = await ws.call('POST', '/data_attributes', { body: { name: 'nul', model: 'contact', data_type: 'string', description: 'a\u0000b' } });
  assert.equal(create.status, 400, create.raw);
  assert.equal(firstError(create).field, 'description');
  const options = await ws.call('POST', '/data_attributes', { body: { name: 'nul', model: 'contact', data_type: 'string', options: ['a', 'b\u0000'] } });
  assert.equal(options.status, 400, options.raw);
  const made = (await ws.call('POST', '/data_attributes', { body: { name: 'nul', model: 'contact', data_type: 'string' } })).body;
  const update = await ws.call('PUT', `/data_attributes/${made.id}`, { body: { description: '\u0000' } });
  assert.equal(update.status, 400, update.raw);
  assert.equal((await ws.call('PUT', `/data_attributes/${made.id}`, { body: { options: [{ value: 'x' }, { value: 'y\u0000' }] } })).status, 400);
});

test('updateDataAttribute: the answer is the attribute as stored and listed afterwards', async () => {
  const ws = await api.newWorkspace();
  const made = (await ws.call('POST', '/data_attributes', { body: { name: 'plan_tier', model: 'contact', data_type: 'string' } })).body;
  ws.clock.advance(7);
  const described = await ws.call('PUT', `/data_attributes/${made.id}`, { body: { description: 'Plan tier', messenger_writable: true } });
  assert.equal(described.status, 200, described.raw);
  assert.equal(described.body.updated_at, ws.clock.now());
  assert.equal(described.body.messenger_writable, true);
  const listed = (await ws.call('GET', '/data_attributes?model=contact')).body.data.find((a: any) => a.id === made.id);
  assert.deepEqual(described.body, listed);
});

test('dataAttributes.insert: a name taken under the folding rule (a create that lost a race) inserts nothing', async () => {
  const ws = await api.newWorkspace();
  await ws.call('POST', '/data_attributes', { body: { name: 'Über', model: 'contact', data_type: 'string' } });
  const store = dataAttributes(scopeOf(api.database.db, ws.id));
  const row = { model: 'company' as const, description: '', data_type: 'string' as const, options: '[]', messenger_writable: 0 as const, archived: 0 as const, admin_id: null, created_at: 1, updated_at: 1 };
  assert.equal(await store.insert({ ...row, name: 'üBER' }), undefined);
  assert.equal((await store.insert({ ...row, name: 'Uber' }))?.name, 'Uber');
  assert.deepEqual((await store.list({ includeArchived: true })).map((a) => a.name), ['Über', 'Uber']);
});

test('date custom attributes take unix seconds in the years 1 to 9999 only (what search can compare)', async () => {
  const ws = await api.newWorkspace();
  assert.equal((await ws.call('POST', '/data_attributes', { body: { name: 'renewal', model: 'contact', data_type: 'date' } })).status, 200);
  for (const value of [-62_135_596_800, 0, 1_700_000_000, 253_402_300_799]) {
    const ok = await ws.call('POST', '/contacts', { body: { role: 'lead', custom_attributes: { renewal: value } } });
    assert.equal(ok.status, 200, `${value}: ${ok.raw}`);
  }
  for (const value of [9007199254740991, 253_402_300_800, -62_135_596_801]) {
    const bad = await ws.call('POST', '/contacts', { body: { role: 'lead', custom_attributes: { renewal: value } } });
    assert.equal(bad.status, 400, `${value}: ${bad.raw}`);
    assert.equal(firstError(bad).field, 'custom_attributes.renewal');
  }
});
