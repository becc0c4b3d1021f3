/** Ticket types and tickets through the official client, intercom-client@6.4.0, unmodified. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApi } from './harness.js';
import { sdkClients, status } from './sdk.js';

const api = await testApi();
const baseUrl = await api.listen();

const client = sdkClients(api, baseUrl, 'SDK Tickets');

test('SDK ticketTypes: list, create, get, update; attributes.create, attributes.update', async () => {
  const { intercom } = await client();
  const seeded = await intercom.ticketTypes.list();
  assert.deepEqual(seeded.ticket_types.map((t) => t.category), ['Customer', 'Back-office']);

  const created = await intercom.ticketTypes.create({ name: 'Customer Issue', description: 'Customer Report Template', category: 'Customer', icon: '\uD83C\uDF9F\uFE0F' });
  assert.equal(created.name, 'Customer Issue');
  assert.deepEqual(created.ticket_type_attributes?.ticket_type_attributes.map((a) => a.name), ['_default_title_', '_default_description_']);

  const found = await intercom.ticketTypes.get({ ticket_type_id: created.id! });
  assert.equal(found.description, 'Customer Report Template');
  const updated = await intercom.ticketTypes.update({ ticket_type_id: created.id!, name: 'Bug Report 2' });
  assert.equal(updated.name, 'Bug Report 2');

  const attribute = await intercom.ticketTypes.attributes.create({
    ticket_type_id: created.id!,
    name: 'Attribute Title',
    description: 'Attribute Description',
    data_type: 'string',
    required_to_create: false,
  });
  assert.equal(attribute.name, 'Attribute Title');
  assert.equal(attribute.ticket_type_id, Number(created.id));
  const changed = await intercom.ticketTypes.attributes.update({ ticket_type_id: created.id!, attribute_id: attribute.id!, description: 'New Attribute Description' });
  assert.equal(changed.description, 'New Attribute Description');

  assert.equal((await intercom.ticketTypes.list()).ticket_types.length, 3);
  assert.equal(await status(intercom.ticketTypes.get({ ticket_type_id: '999999999' })), 404);
});
