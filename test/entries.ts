/**
 * How tests start the server (src/main.ts) and the workspace CLI (src/cli/workspace.ts) as processes.
 * `npm test` runs the suite precompiled to JavaScript (scripts/test.mjs), beside precompiled entry
 * points that plain `node` starts; a test file run from its TypeScript source starts them through tsx.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
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

export interface Started {
  child: ChildProcess;
  url: string;
  output: string;
}

/** Starts the server on `databaseUrl` on a free port; resolves once it has printed that it is ready. */
export function startServer(databaseUrl: string, env: Record<string, string>, entry = serverEntry): Promise<Started> {
  const child = spawn(process.execPath, [...entry, '--port', '0'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (chunk) => (output += chunk));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const match = output.match(/listening on (http:\/\/\S+)/);
      if (match && output.includes('ready in')) resolve({ child, url: match[1], output });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
}

/** Stops a started server: SIGTERM (a clean shutdown) unless told otherwise. */
export async function stopServer(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  await once(child, 'exit');
}
