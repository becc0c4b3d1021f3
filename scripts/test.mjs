#!/usr/bin/env node
/**
 * `npm test`: compiles the suite once with esbuild, then runs the compiled files with `node --test`.
 *
 *   npm test                                    every test/*.test.ts
 *   npm test -- test/search.test.ts             one file (or several)
 *   npm test -- test/search.test.ts --test-name-pattern="sort"
 *                                               anything not naming a test file goes to `node --test`
 *
 * Loading the TypeScript sources through tsx cost each test file about 1.4 s before its first test
 * (the server's modules, Fastify and Kysely are hundreds of files, transpiled on the fly). Here each
 * test file becomes one ES module bundle, sharing code with the others through a few chunks
 * (esbuild's code splitting), and starts in about 0.3 s; the build takes about half a second.
 * Source maps are on: failures and stack traces point at the TypeScript (their cost did not show
 * in measurements).
 *
 * Layout of one run's build, in .test-build/run-<pid>/ (removed when the run ends; a run killed
 * part-way leaves its directory, which the next run removes):
 *   test/<name>.test.js     one per test file, plus the shared chunks
 *   src/main.js, src/cli/workspace.js
 *                           the server and the workspace CLI, which tests start as processes
 *                           (test/entries.ts finds them at ../src/ beside the test files)
 *   scripts/<name>.js       the scripts tests import (the README table), kept as modules of their
 *                           own: inlined in a test, `import.meta.url` would name the test file, and
 *                           readme-table.ts would take itself for the program being run
 *   README.md               a link to the real one, so `../README.md` from a test finds it
 * Each run builds into its own directory, so two runs at once (say a single file while the suite
 * runs) do not step on each other.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, copyFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const buildRoot = join(root, '.test-build');
const out = join(buildRoot, `run-${process.pid}`);

/**
 * Two files at a time, as before: on a 2-core machine 1 is slower and 3 no faster than 2 while
 * using more CPU (bench/findings.md). `--test-concurrency=N` on the command line overrides it.
 */
const CONCURRENCY = 2;

/**
 * The longest-running files start first, so that the last file to finish is not a long one started
 * late: search-property alone runs about 20 s of the suite's 45 s of work. `node --test` runs files
 * in the alphabetical order of their paths whatever order they are given in, so these files are
 * compiled to names that sort first (test/0-search-property.test.js…); the others keep their names.
 */
const LONGEST_FIRST = ['search-property', 'boundary', 'restart', 'cli', 'battery'];

/** The same banner as `npm run build`: bundled CommonJS dependencies (Fastify…) call `require`. */
const BANNER = [
  "import { createRequire as __createRequire } from 'node:module';",
  "import { fileURLToPath as __fileURLToPath } from 'node:url';",
  "import { dirname as __pathDirname } from 'node:path';",
  'const require = __createRequire(import.meta.url);',
  'const __filename = __fileURLToPath(import.meta.url);',
  'const __dirname = __pathDirname(__filename);',
].join(' ');

// ---- arguments: test files (anything ending in .test.ts) and flags for node --test

const files = [];
const nodeArgs = [];
for (const arg of process.argv.slice(2)) {
  if (!/\.test\.[cm]?[jt]s$/.test(arg)) {
    nodeArgs.push(arg);
    continue;
  }
  const file = `test/${arg.replace(/^.*[\\/]/, '').replace(/\.[cm]?[jt]s$/, '')}.ts`;
  if (!existsSync(join(root, file))) {
    console.error(`no such test file: ${file}`);
    process.exit(2);
  }
  files.push(file);
}
if (files.length === 0) {
  files.push(...readdirSync(join(root, 'test')).filter((f) => f.endsWith('.test.ts')).sort().map((f) => `test/${f}`));
}
/** Where a test file is compiled to, without the .js (see LONGEST_FIRST). */
const compiledName = (file) => {
  const name = file.replace(/^test\//, '').replace(/\.test\.ts$/, '');
  const rank = LONGEST_FIRST.indexOf(name);
  return `test/${rank < 0 ? '' : `${rank}-`}${name}.test`;
};

// ---- build

/** Imports of ../scripts/*.js from a test stay imports of a separately built module (see above). */
const scriptsStayModules = {
  name: 'scripts-stay-modules',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/scripts\// }, (args) => {
      if (relative(root, args.importer).split(/[\\/]/)[0] !== 'test') return undefined;
      return { path: args.path, external: true };
    });
  },
};

removeStaleRuns();
const scriptImports = new Set();
for (const file of files) {
  for (const match of readFileSync(join(root, file), 'utf8').matchAll(/from\s+['"]\.\.\/scripts\/([\w.-]+)\.js['"]/g)) {
    scriptImports.add(`scripts/${match[1]}.ts`);
  }
}
try {
  await build({
    absWorkingDir: root,
    entryPoints: [...files.map((file) => ({ in: file, out: compiledName(file) })), 'src/main.ts', 'src/cli/workspace.ts', ...scriptImports],
    outdir: out,
    outbase: '.',
    bundle: true,
    splitting: true,
    chunkNames: 'test/[name]-[hash]',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    banner: { js: BANNER },
    // As in `npm run build`, native or optional modules stay in node_modules. So does Ajv: the
    // response checker loads ajv-formats at run time (src/http/validation.ts), which brings
    // node_modules' Ajv; one copy of Ajv, as when running from source.
    external: ['better-sqlite3', 'pg', 'pg-native', 'pino-pretty', 'ajv', 'ajv-formats'],
    plugins: [scriptsStayModules],
    logLevel: 'warning',
  });
} catch {
  // esbuild has printed the errors.
  cleanUp();
  process.exit(1);
}
try {
  symlinkSync('../../README.md', join(out, 'README.md'));
} catch {
  copyFileSync(join(root, 'README.md'), join(out, 'README.md'));
}

// ---- run

const hasConcurrency = nodeArgs.some((a) => a.startsWith('--test-concurrency'));
const child = spawn(
  process.execPath,
  [
    '--enable-source-maps',
    '--test',
    ...(hasConcurrency ? [] : [`--test-concurrency=${CONCURRENCY}`]),
    ...nodeArgs,
    ...files.map((file) => join(out, `${compiledName(file)}.js`)),
  ],
  { cwd: root, stdio: 'inherit' },
);
// Ctrl-C reaches the test runner too (same process group); wait for it to stop, then clean up.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  cleanUp();
  process.exit(code ?? (signal ? 1 : 0));
});

function cleanUp() {
  rmSync(out, { recursive: true, force: true });
}

/** Build directories of runs that no longer exist (killed before they could clean up). */
function removeStaleRuns() {
  if (!existsSync(buildRoot)) return mkdirSync(buildRoot, { recursive: true });
  for (const entry of readdirSync(buildRoot)) {
    const pid = Number(/^run-(\d+)$/.exec(entry)?.[1]);
    if (pid && pid !== process.pid && isAlive(pid)) continue;
    rmSync(join(buildRoot, entry), { recursive: true, force: true });
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}
