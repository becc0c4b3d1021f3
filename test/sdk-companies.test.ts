/** Companies through the official client, intercom-client@6.4.0, unmodified. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApi } from './harness.js';
import { sdkClients, status } from './sdk.js';

const api = await testApi();
const baseUrl = await api.listen();

const client = sdkClients(api, baseUrl, 'SDK Companies');

test('SDK companies: createOrUpdate, find, update, delete', async () => {
  const { ws, intercom } = await client();
  const created = await intercom.companies.createOrUpdate({ company_id: 'sdk-co', name: 'Sdk Co', plan: 'Pro', monthly_spend: 100 });
  assert.match(created.id, /^[0-9a-f]{24}$/);
  assert.equal(created.company_id, 'sdk-co');
  assert.equal(created.app_id, ws.id);
  assert.equal(created.plan?.name, 'Pro');
  const again = await intercom.companies.createOrUpdate({ company_id: 'sdk-co', industry: 'Tea' });
  assert.equal(again.id, created.id);
  assert.equal(again.name, 'Sdk Co');
  assert.equal(again.industry, 'Tea');

  const found = await intercom.companies.find({ company_id: created.id });
  assert.equal(found.industry, 'Tea');
  const updated = await intercom.companies.update({ company_id: created.id });
  assert.equal(updated.id, created.id);

  const deleted = await intercom.companies.delete({ company_id: created.id });
  assert.deepEqual({ ...deleted }, { id: created.id, object: 'company', deleted: true });
  assert.equal(await status(intercom.companies.find({ company_id: created.id })), 404);
  assert.equal(await status(intercom.companies.delete({ company_id: created.id })), 404);
});

test('SDK companies: attachContact, detachContact, listAttachedContacts, contacts.listAttachedCompanies (iterates to the end)', async () => {
  const { intercom } = await client();
  const contact = await intercom.contacts.create({ email: 'sdk-co@example.com' });
  const ids: string[] = [];
  for (const n of [1, 2, 3]) {
    const co = await intercom.companies.createOrUpdate({ company_id: `sdk-${n}`, name: `Co ${n}` });
    const attached = await intercom.companies.attachContact({ contact_id: contact.id, id: co.id });
    assert.equal(attached.user_count, 1);
    ids.push(co.id);
  }
  const seen: string[] = [];
  for await (const company of await intercom.contacts.listAttachedCompanies({ contact_id: contact.id, per_page: 2 })) seen.push(company.id);
  assert.deepEqual(seen.sort(), [...ids].sort());

  const contacts = await intercom.companies.listAttachedContacts({ company_id: ids[0] });
  assert.deepEqual(contacts.data.map((c) => c.id), [contact.id]);
  assert.equal(contacts.total_count, 1);

  const detached = await intercom.companies.detachContact({ contact_id: contact.id, company_id: ids[0] });
  assert.equal(detached.user_count, 0);
  const shown = await intercom.contacts.find({ contact_id: contact.id });
  assert.equal(shown.companies?.total_count, 2);
  assert.equal(await status(intercom.companies.attachContact({ contact_id: contact.id, id: '0123456789abcdef01234567' })), 404);
});

test('SDK companies: list() iterates every listed company once and terminates; retrieve by company_id', async () => {
  const { intercom } = await client();
  const contact = await intercom.contacts.create({ email: 'lister@example.com' });
  const ids: string[] = [];
  for (const n of [1, 2, 3, 4, 5]) {
    const co = await intercom.companies.createOrUpdate({ company_id: `list-${n}` });
    await intercom.companies.attachContact({ contact_id: contact.id, id: co.id });
    ids.push(co.id);
  }
  const seen: string[] = [];
  for await (const company of await intercom.companies.list({ per_page: 2 })) seen.push(company.id);
  assert.deepEqual([...seen].sort(), [...ids].sort());
  const one = await intercom.companies.retrieve({ company_id: 'list-3' });
  assert.equal('id' in one ? one.id : undefined, ids[2]);
});

test('SDK companies: scroll() iterates every company once and terminates', async () => {
  const { intercom } = await client();
  const ids: string[] = [];
  for (let n = 0; n < 18; n++) ids.push((await intercom.companies.createOrUpdate({ company_id: `scroll-${n}` })).id);
  const seen: string[] = [];
  for await (const company of await intercom.companies.scroll()) seen.push(company.id);
  assert.deepEqual([...seen].sort(), [...ids].sort());
});

test('SDK companies: tags.create with companies tags and untags them; listAttachedSegments', async () => {
  const { intercom } = await client();
  const company = await intercom.companies.createOrUpdate({ company_id: 'sdk-tagged', name: 'Tagged Co' });
  const tag = await intercom.tags.create({ name: 'sdk-tag', companies: [{ company_id: 'sdk-tagged' }] });
  assert.equal(tag.name, 'sdk-tag');
  const shown = await intercom.companies.find({ company_id: company.id });
  assert.deepEqual(shown.tags?.tags?.map((t: any) => t.name), ['sdk-tag']);
  await intercom.tags.create({ name: 'sdk-tag', companies: [{ id: company.id, company_id: 'sdk-tagged', untag: true }] });
  assert.deepEqual((await intercom.companies.find({ company_id: company.id })).tags?.tags, []);

  const segments = await intercom.companies.listAttachedSegments({ company_id: company.id });
  assert.deepEqual(segments.data, []);
});
