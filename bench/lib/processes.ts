/** Starting a target, knowing when it first answers, reading its memory, and stopping it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Started {
  child: ChildProcess;
  /** Spawn → first 200 answered, milliseconds. */
  startupMs: number;
  /** Everything the process wrote, for error messages. */
  output(): string;
}

/** One GET; resolves with the status (0 when nothing answered) and the body. */
export function get(url: string, headers: Record<string, string>, timeoutMs = 1000): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = request(url, { headers, agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', () => resolve({ status: 0, body: '' }));
    });
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/** One request of any method with an optional JSON body. */
export function call(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = request(url, { method, headers, agent: false, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.on('timeout', () => req.destroy());
    req.end(body);
  });
}

export async function assertPortFree(port: number, host = '127.0.0.1'): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', () => reject(new Error(`port ${port} on ${host} is busy: set BENCH_PORT to another base port`)));
    server.listen(port, host, () => server.close(() => resolve()));
  });
}

/**
 * Spawns `node args…` and polls `readyUrl` every few milliseconds until it answers 200. The clock
 * starts just before spawn, so start-up includes Node's own boot and module loading.
 */
export async function startProcess(options: {
  args: string[];
  env?: Record<string, string | undefined>;
  readyUrl: string;
  headers: Record<string, string>;
  timeoutMs?: number;
  /** Send stdout to /dev/null (keep stderr for error messages). */
  quietStdout?: boolean;
}): Promise<Started> {
  let output = '';
  const started = performance.now();
  const child = spawn(process.execPath, options.args, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', options.quietStdout ? 'ignore' : 'pipe', 'pipe'],
  });
  // Keep the last few kB only: Prism logs every request.
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr!.on('data', keep);
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));

  const deadline = started + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (exited !== null) throw new Error(`${options.args.join(' ')} exited (${exited}) before answering:\n${output}`);
    const { status } = await get(options.readyUrl, options.headers, 500);
    if (status === 200) break;
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.args.join(' ')} did not answer 200 within ${options.timeoutMs ?? 60_000} ms:\n${output}`);
    }
    await sleep(status === 0 ? 3 : 20);
  }
  return { child, startupMs: performance.now() - started, output: () => output };
}

/** SIGTERM, then SIGKILL after `graceMs`. Resolves when the process has exited. */
export async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Resident set size of a process in bytes (VmRSS from /proc), or undefined off Linux. */
export function rss(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * CPU time a process has used so far (user + system), in milliseconds, from /proc/<pid>/stat.
 * Unlike throughput, CPU per request hardly moves when other work shares the machine.
 */
export function cpuMs(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at state: utime and stime are 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** USER_HZ: 100 on every Linux that matters; /proc/<pid>/stat counts in these. */
const CLOCK_TICKS = 100;

/** Samples a process's RSS every `everyMs` until stopped; returns the peak. */
export function sampleRss(pid: number | undefined, everyMs = 100) {
  let peak = 0;
  const tick = () => {
    const value = rss(pid);
    if (value && value > peak) peak = value;
  };
  const timer = setInterval(tick, everyMs);
  return {
    stop(): number | undefined {
      clearInterval(timer);
      tick();
      return peak || undefined;
    },
  };
}
