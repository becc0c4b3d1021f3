/** Intercom's rate limit: a per-minute allowance in 10-second windows, per workspace, with headers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstError, testApi } from './harness.js';

// 60 a minute → 10 per 10-second window.
const api = await testApi({ RATE_LIMIT_PER_MINUTE: '60' });

test('authenticated answers carry X-RateLimit-*; past the window allowance → 429 rate_limit_exceeded', async () => {
  const ws = await api.newWorkspace();
  ws.clock.set(1_800_000_000); // the start of a window
  const first = await ws.call('GET', '/me');
  assert.equal(first.headers['x-ratelimit-limit'], '10');
  assert.equal(first.headers['x-ratelimit-remaining'], '9');
  assert.equal(first.headers['x-ratelimit-reset'], String(1_800_000_010));
  for (let i = 0; i < 9; i++) assert.equal((await ws.call('GET', '/tags')).status, 200);
  const limited = await ws.call('POST', '/tags', { body: { name: 'too-many' } });
  assert.equal(limited.status, 429);
  assert.deepEqual(firstError(limited), { code: 'rate_limit_exceeded', message: 'Exceeded rate limit of 10 in 10_seconds' });
  assert.equal(limited.headers['x-ratelimit-remaining'], '0');

  // The refused request changed nothing; another workspace has its own allowance.
  const other = await api.newWorkspace();
  assert.equal((await other.call('GET', '/tags')).body.data.length, 0);

  // The next window starts afresh.
  ws.clock.advance(10);
  const later = await ws.call('GET', '/tags');
  assert.equal(later.status, 200);
  assert.equal(later.body.data.length, 0);
  assert.equal(later.headers['x-ratelimit-remaining'], '9');
});

test('unauthenticated answers carry no rate-limit headers and do not count', async () => {
  const res = await api.call('GET', '/me');
  assert.equal(res.status, 401);
  assert.equal(res.headers['x-ratelimit-limit'], undefined);
});
