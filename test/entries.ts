/**
 * How tests start the server (src/main.ts) and the workspace CLI (src/cli/workspace.ts) as processes.
 * `npm test` runs the suite precompiled to JavaScript (scripts/test.mjs), beside precompiled entry
 * points that plain `node` starts; a test file run from its TypeScript source starts them through tsx.
 */
import { fileURLToPath } from 'node:url';

const precompiled = !import.meta.url.endsWith('.ts');

function entry(path: string): string[] {
  return precompiled
    ? [fileURLToPath(new URL(`../${path}.js`, import.meta.url))]
    : ['--import', 'tsx', fileURLToPath(new URL(`../${path}.ts`, import.meta.url))];
}

/** Arguments to `node` that start the server. */
export const serverEntry = entry('src/main');
/** Arguments to `node` that run the workspace CLI. */
export const cliEntry = entry('src/cli/workspace');
