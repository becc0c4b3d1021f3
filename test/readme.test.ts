import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { renderReadme } from '../scripts/readme-table.js';

test('the README operations and webhook topics tables match the handlers and their emits (run `npm run readme`)', () => {
  const current = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  assert.equal(renderReadme(current), current);
});
