/**
 * Rewrites the operations table in README.md (between the two marker comments) from the generated
 * operations and the registered handlers, so the table always tells the truth.
 *
 *   npm run readme          rewrite the table
 *   npm run readme -- --check   exit 1 if the table is out of date
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { operations, type OperationId } from '../src/generated/operations.js';
import { handlers } from '../src/handlers.js';

const README = fileURLToPath(new URL('../README.md', import.meta.url));
const BEGIN = '<!-- operations:begin -->';
const END = '<!-- operations:end -->';

export function operationsTable(): string {
  const ops = Object.values(operations);
  const done = ops.filter((op) => handlers[op.id as OperationId]).length;
  const rows = ops
    .map((op) => ({ ...op, status: handlers[op.id as OperationId] ? 'implemented' : 'not yet (501)' }))
    .sort((a, b) => a.tag.localeCompare(b.tag) || a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  return [
    `${done} of ${ops.length} operations implemented.`,
    '',
    '| Resource | operationId | Method | Path | Status |',
    '|---|---|---|---|---|',
    ...rows.map((op) => `| ${op.tag} | \`${op.id}\` | ${op.method} | \`${op.path}\` | ${op.status} |`),
  ].join('\n');
}

export function renderReadme(current: string): string {
  const start = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the ${BEGIN} … ${END} markers`);
  return current.slice(0, start + BEGIN.length) + '\n' + operationsTable() + '\n' + current.slice(end);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const current = readFileSync(README, 'utf8');
  const next = renderReadme(current);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      console.error('README.md operations table is out of date: run `npm run readme`');
      process.exit(1);
    }
  } else {
    writeFileSync(README, next);
  }
}
