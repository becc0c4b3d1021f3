/** Property tests: whatever JSON arrives, contacts answer 200 or a 4xx error.list, and a 4xx changes nothing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { firstError, testApi } from './harness.js';

const api = await testApi();

const FIELDS = ['role', 'external_id', 'email', 'phone', 'name', 'avatar', 'signed_up_at', 'last_seen_at', 'owner_id',
  'unsubscribed_from_emails', 'custom_attributes'];

const value = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('user', 'lead', 'x@example.com', 'https://example.com/a.png', '', '\u0000', 'a'.repeat(300), -1, 2 ** 53, 1.5),
);
const body = fc.dictionary(fc.constantFrom(...FIELDS, 'unknown_key'), value, { maxKeys: 5 });

test('CreateContact / UpdateContact: arbitrary bodies are 200 or 4xx, and a 4xx writes nothing', async () => {
  const ws = await api.newWorkspace();
  const base = (await ws.call('POST', '/contacts', { body: { email: 'base@example.com', external_id: 'base' } })).body;
  await fc.assert(
    fc.asyncProperty(body, body, async (createBody, updateBody) => {
      const before = (await ws.call('GET', '/contacts?per_page=150')).body.total_count;
      const created = await ws.call('POST', '/contacts', { body: createBody });
      if (created.status !== 200) {
        assert.ok(created.status >= 400 && created.status < 500, created.raw);
        firstError(created);
        assert.equal((await ws.call('GET', '/contacts?per_page=150')).body.total_count, before);
      } else {
        await ws.call('DELETE', `/contacts/${created.body.id}`);
      }
      const current = (await ws.call('GET', `/contacts/${base.id}`)).body;
      const updated = await ws.call('PUT', `/contacts/${base.id}`, { body: updateBody });
      if (updated.status !== 200) {
        assert.ok(updated.status >= 400 && updated.status < 500, updated.raw);
        firstError(updated);
        assert.deepEqual((await ws.call('GET', `/contacts/${base.id}`)).body, current);
      }
    }),
    { numRuns: 150 },
  );
});
