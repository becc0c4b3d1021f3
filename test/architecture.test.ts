/**
 * The kernel's structure, checked: conventions nobody has to remember. A resource reaches another
 * only through its public module; SQL lives only in stores (and the kernel, the engine and the
 * database layer); no handler opens a transaction or filters by workspace by hand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// The repository, where npm runs the suite (the test itself may run from a compiled copy elsewhere).
const root = process.cwd();
const src = join(root, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const sources = files(src)
  .filter((f) => !f.includes(`${join('src', 'generated')}`))
  .map((path) => ({ path: relative(root, path), text: readFileSync(path, 'utf8') }));

/** Code without comments, so prose that mentions SQL or a path does not count. */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

const isStore = (path: string) => /src\/(resources\/[^/]+|admin(\/[^/]+)?)\/store(-[a-z-]+)?\.ts$/.test(path);
/** Where SQL may be written besides stores: the database layer, the kernel, the query-language engine, workspaces, tokens and their CLI. */
const sqlHome = (path: string) => isStore(path) || /^src\/(db|core|search|workspaces|cli)\//.test(path);
const SQL = /\.(selectFrom|updateTable|deleteFrom|insertInto|replaceInto)\(|\bsql(<[^>]*>)?`|\bsql\.(raw|ref|lit|join|id|table)\(|new Scope\(/;

test('SQL appears only in stores and the database layer', () => {
  const offenders = sources.filter((f) => !sqlHome(f.path) && SQL.test(code(f.text))).map((f) => f.path);
  assert.deepEqual(offenders, [], 'move these queries into the resource\'s store.ts');
});

test('stores are defined only in store files', () => {
  const offenders = sources.filter((f) => !isStore(f.path) && !f.path.startsWith('src/core/') && /\bdefineStore\(/.test(code(f.text))).map((f) => f.path);
  assert.deepEqual(offenders, [], 'a store (it holds SQL) lives in store.ts or store-<part>.ts');
});

test('a resource imports another resource only through its public module', () => {
  const offenders: string[] = [];
  for (const f of sources.filter((s) => s.path.startsWith('src/resources/') && s.path.split('/').length > 3)) {
    const own = f.path.split('/')[2];
    for (const [, resource, module] of code(f.text).matchAll(/from '\.\.\/([a-z-]+)\/([^']+)'/g)) {
      if (resource !== own && module !== 'public.js') offenders.push(`${f.path} → ${resource}/${module}`);
    }
  }
  assert.deepEqual(offenders, [], "import the other resource's public.ts");
});

test('no handler opens a transaction or filters by workspace by hand', () => {
  const offenders: string[] = [];
  for (const f of sources.filter((s) => s.path.startsWith('src/resources/'))) {
    const text = code(f.text);
    if (/\.transaction\(\)/.test(text)) offenders.push(`${f.path}: opens a transaction (the kernel opens one per write)`);
    if (/where\(\s*['"`]([a-z]+\.)?workspace_id['"`]/.test(text)) offenders.push(`${f.path}: filters workspace_id by hand (use the store's scope)`);
  }
  assert.deepEqual(offenders, []);
});
