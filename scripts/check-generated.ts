/**
 * Checks that src/generated/ is exactly what scripts/generate-api.ts makes from the spec: generates
 * into a temporary directory and compares every file byte for byte. A CI step (.ci/run), not part
 * of `npm test`.
 *
 *   npm run check:generated [-- path/to/intercom-2.11.yaml] [--require-spec]
 *
 * Exit status: 0 when they match; 1 when they differ (each file named; fix with `npm run generate`)
 * or the generator fails. Without the spec (by default ../shared/openapi/intercom-2.11.yaml, beside
 * the clone) it says so and exits 0, as there is nothing to check against; with `--require-spec`
 * (CI, which always has ../shared) a missing spec is a failure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const committedDir = join(root, 'src/generated');
const args = parseArgs({ options: { 'require-spec': { type: 'boolean', default: false } }, allowPositionals: true });
const specPath = resolve(args.positionals[0] ?? resolve(root, '../shared/openapi/intercom-2.11.yaml'));

if (!existsSync(specPath)) {
  const message = `src/generated/ not checked: the OpenAPI spec is not at ${specPath}`;
  if (args.values['require-spec']) {
    console.error(`${message} (needed here: --require-spec)`);
    process.exit(1);
  }
  console.log(`${message}. Nothing to compare against on this machine; CI, which has ../shared beside the clone, checks it.`);
  process.exit(0);
}

const freshDir = mkdtempSync(join(tmpdir(), 'intercom-generated-'));
try {
  const generator = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/generate-api.ts'), specPath, '--out', freshDir], {
    cwd: root,
    encoding: 'utf8',
  });
  if (generator.status !== 0) {
    console.error(`the generator failed (exit ${generator.status ?? generator.signal}):\n${generator.stdout}${generator.stderr}`);
    process.exit(1);
  }

  const problems: string[] = [];
  const names = new Set([...listFiles(committedDir), ...listFiles(freshDir)]);
  for (const name of [...names].sort()) {
    const committedFile = join(committedDir, name);
    const freshFile = join(freshDir, name);
    const shown = relative(root, committedFile);
    if (!existsSync(freshFile)) problems.push(`${shown}: present, but the generator does not make it`);
    else if (!existsSync(committedFile)) problems.push(`${shown}: missing (the generator makes it)`);
    else {
      const committed = readFileSync(committedFile);
      const fresh = readFileSync(freshFile);
      if (!committed.equals(fresh)) problems.push(`${shown}: differs from the generator's output, first at line ${firstDifferentLine(committed, fresh)}`);
    }
  }

  if (problems.length > 0) {
    console.error(`src/generated/ is not what scripts/generate-api.ts makes from ${relative(root, specPath)}:`);
    for (const problem of problems) console.error(`  ${problem}`);
    console.error('Fix: run `npm run generate` and commit src/generated/ (corrections to the spec belong in scripts/spec-overrides.ts, not in the generated files).');
    process.exit(1);
  }
  console.log(`src/generated/ matches the generator's output from ${relative(root, specPath)} (${names.size} files).`);
} finally {
  rmSync(freshDir, { recursive: true, force: true });
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath ?? entry.path, entry.name)));
}

function firstDifferentLine(a: Buffer, b: Buffer): number {
  const length = Math.min(a.length, b.length);
  let line = 1;
  for (let i = 0; i < length && a[i] === b[i]; i++) if (a[i] === 0x0a) line++;
  return line;
}
