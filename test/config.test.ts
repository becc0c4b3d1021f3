import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, DEFAULT_PORT, loadConfig } from '../src/config.js';

test('defaults: 127.0.0.1, the documented port, a SQLite file under ./data/', () => {
  const config = loadConfig([], {});
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.port, DEFAULT_PORT);
  assert.deepEqual(config.database, { engine: 'sqlite', file: './data/intercom.sqlite' });
  assert.equal(config.region, 'US');
  assert.equal(config.timezone, 'UTC');
  assert.ok(Object.isFrozen(config));
});

test('DATABASE_URL forms', () => {
  assert.deepEqual(loadConfig([], { DATABASE_URL: 'sqlite::memory:' }).database, { engine: 'sqlite', file: ':memory:' });
  assert.deepEqual(loadConfig([], { DATABASE_URL: 'sqlite:/tmp/x.db' }).database, { engine: 'sqlite', file: '/tmp/x.db' });
  assert.deepEqual(loadConfig([], { DATABASE_URL: 'postgres://u@h/db' }).database, { engine: 'postgres', url: 'postgres://u@h/db' });
});

test('flags win over the environment', () => {
  const config = loadConfig(['--port', '9000', '--region', 'eu'], { PORT: '8000', INTERCOM_REGION: 'AU' });
  assert.equal(config.port, 9000);
  assert.equal(config.region, 'EU');
});

test('a bad value is a one-line error naming the setting', () => {
  const cases: [string[], Record<string, string>, RegExp][] = [
    [[], { PORT: 'eighty' }, /^PORT \(--port\): expected a whole number/],
    [[], { PORT: '70000' }, /^PORT/],
    [[], { DATABASE_URL: 'mysql://x' }, /^DATABASE_URL \(--database-url\)/],
    [[], { LOG_LEVEL: 'loud' }, /^LOG_LEVEL/],
    [[], { INTERCOM_REGION: 'MARS' }, /^INTERCOM_REGION/],
    [[], { INTERCOM_TIMEZONE: 'Mars/Olympus' }, /^INTERCOM_TIMEZONE/],
    [[], { INTERCOM_ACCESS_TOKEN: 'has space in it' }, /^INTERCOM_ACCESS_TOKEN/],
    [['--no-such-flag'], {}, /no-such-flag/],
  ];
  for (const [argv, env, pattern] of cases) {
    assert.throws(() => loadConfig(argv, env), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, pattern);
      assert.ok(!error.message.includes('\n'));
      return true;
    });
  }
});
