/**
 * Rewrites the operations table in README.md (between the two marker comments) from the generated
 * operations and the registered handlers, and the webhook topics table from each resource's `emits`
 * declarations (enforced as operations run, and checked by test/emits.test.ts), so both tables
 * always tell the truth.
 *
 *   npm run readme          rewrite the table
 *   npm run readme -- --check   exit 1 if the table is out of date
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { operations, type OperationId } from '../src/generated/operations.js';
import { emits, handlers } from '../src/handlers.js';

const README = fileURLToPath(new URL('../README.md', import.meta.url));
const BEGIN = '<!-- operations:begin -->';
const END = '<!-- operations:end -->';
const TOPICS_BEGIN = '<!-- topics:begin -->';
const TOPICS_END = '<!-- topics:end -->';

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

/** Which webhook topics each operation emits. */
export function topicsTable(): string {
  const rows = Object.values(operations)
    .filter((op) => emits[op.id as OperationId])
    .sort((a, b) => a.tag.localeCompare(b.tag) || a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  return [
    '| Resource | operationId | Method | Path | Topics |',
    '|---|---|---|---|---|',
    ...rows.map((op) => `| ${op.tag} | \`${op.id}\` | ${op.method} | \`${op.path}\` | ${emits[op.id as OperationId]!.map((t) => `\`${t}\``).join(', ')} |`),
  ].join('\n');
}

function replaceBetween(current: string, begin: string, end: string, content: string): string {
  const start = current.indexOf(begin);
  const stop = current.indexOf(end);
  if (start < 0 || stop < start) throw new Error(`README.md lacks the ${begin} … ${end} markers`);
  return current.slice(0, start + begin.length) + '\n' + content + '\n' + current.slice(stop);
}

export function renderReadme(current: string): string {
  return replaceBetween(replaceBetween(current, BEGIN, END, operationsTable()), TOPICS_BEGIN, TOPICS_END, topicsTable());
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
