/** Turning measurements into the stdout table and BENCHMARKS.md (keeping the section others own). */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Scenario } from './scenarios.js';

export type TargetKey = 'sqlite' | 'postgres' | 'prism' | 'ceiling';

export const TARGET_LABELS: Record<TargetKey, string> = {
  sqlite: 'this server, SQLite',
  postgres: 'this server, PostgreSQL',
  prism: 'Prism mock',
  ceiling: 'node:http ceiling',
};

export type Row =
  | {
      kind: 'measured';
      rps: number;
      p50: number;
      p99: number;
      non2xx: number;
      errors: number;
      requests: number;
      probeStatus: number;
      /** Of the non-2xx, how many were 429 (a rate limit, not the server's speed). */
      status429?: number;
      /** The target process's CPU time (user + system) per request, microseconds. */
      cpuUsPerRequest?: number;
    }
  | { kind: 'not-implemented'; note: string }
  | { kind: 'failed'; note: string };

export interface TargetResult {
  key: TargetKey;
  /** Why this target did not run, when it did not. */
  skipped?: string;
  startupMs?: number;
  startupFreshMs?: number;
  rssIdle?: number;
  rssPeak?: number;
  seedMs?: number;
  seededContacts?: number;
  seededTaggings?: number;
  seededCompanies?: number;
  seededAttachments?: number;
  /** Loading the companies and their contacts through the companies store, milliseconds. */
  companySeedMs?: number;
  seededConversations?: number;
  seededParts?: number;
  /** Writing the conversations through the conversations store and the state machine, milliseconds. */
  conversationSeedMs?: number;
  rows: Partial<Record<string, Row>>;
}

export interface RunInfo {
  command: string;
  date: string;
  mode: 'quick' | 'full';
  connections: number;
  seconds: number;
  warmupSeconds: number;
  contacts: number;
  cores: number;
  cpuModel: string;
  node: string;
  memory: string;
  load: string;
  postgresVersion?: string;
  ceilingBody: string;
  notes: string[];
}

const ORDER: TargetKey[] = ['sqlite', 'postgres', 'prism', 'ceiling'];

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number | undefined) => (n === undefined ? '–' : n < 10 ? `${n.toFixed(2)} ms` : `${int(n)} ms`);
const mib = (n: number | undefined) => (n === undefined ? '–' : `${(n / 1024 / 1024).toFixed(0)} MiB`);
const times = (r: number) => (r >= 10 ? `${r.toFixed(0)}×` : `${r.toFixed(1)}×`);
const pct = (r: number) => `${(r * 100).toFixed(0)}%`;

function measured(result: TargetResult | undefined, key: string) {
  const row = result?.rows[key];
  return row?.kind === 'measured' ? row : undefined;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

export function throughputTable(results: Partial<Record<TargetKey, TargetResult>>, scenarios: Scenario[]): string {
  const rows: string[][] = [];
  for (const scenario of scenarios) {
    const prism = measured(results.prism, scenario.key);
    const ceiling = measured(results.ceiling, scenario.key);
    // An operation this server does not implement yet gets one row: nothing was measured for it.
    const oursRows = [results.sqlite, results.postgres].map((r) => r?.rows[scenario.key]).filter(Boolean);
    if (oursRows.length && oursRows.every((r) => r!.kind === 'not-implemented')) {
      rows.push([scenario.label, 'this server', 'not implemented yet', '', '', '', '', '', '']);
      continue;
    }
    for (const key of ORDER) {
      const result = results[key];
      if (!result) continue;
      const row = result.skipped ? undefined : result.rows[scenario.key];
      const name = [scenario.label, TARGET_LABELS[key]];
      if (result.skipped) continue;
      if (!row) continue;
      if (row.kind !== 'measured') {
        rows.push([...name, row.kind === 'not-implemented' ? 'not implemented yet' : `failed: ${row.note}`, '', '', '', '', '', '']);
        continue;
      }
      const ours = key === 'sqlite' || key === 'postgres';
      const errors = row.non2xx + row.errors;
      rows.push([
        ...name,
        int(row.rps),
        ms(row.p50),
        ms(row.p99),
        row.cpuUsPerRequest === undefined ? '–' : `${int(row.cpuUsPerRequest)} µs`,
        errors === 0
          ? '0'
          : `${int(errors)} of ${int(row.requests)}${row.status429 ? ` (${int(row.status429)} rate-limited)` : row.probeStatus && (row.probeStatus < 200 || row.probeStatus > 299) ? ` (${row.probeStatus})` : ''}`,
        ours && prism && prism.rps > 0 ? times(row.rps / prism.rps) : '',
        ours && ceiling && ceiling.rps > 0 ? pct(row.rps / ceiling.rps) : '',
      ]);
    }
  }
  return table(['Scenario', 'Target', 'req/s', 'p50', 'p99', 'CPU/req', 'non-2xx', 'ours/Prism', 'ours/ceiling'], rows);
}

export function processTable(results: Partial<Record<TargetKey, TargetResult>>, contacts: number): string {
  const present = ORDER.filter((k) => results[k] && !results[k]!.skipped);
  const cell = (k: TargetKey, f: (r: TargetResult) => string) => f(results[k]!);
  const rows: string[][] = [
    ['Start-up, spawn → first 200 (existing database; median of 3 for this server)', ...present.map((k) => cell(k, (r) => ms(r.startupMs)))],
    ['Start-up, spawn → first 200 (new database: migrate + seed workspace)', ...present.map((k) => cell(k, (r) => ms(r.startupFreshMs)))],
    ['Resident memory, idle (VmRSS)', ...present.map((k) => cell(k, (r) => mib(r.rssIdle)))],
    ['Resident memory, under load (peak VmRSS)', ...present.map((k) => cell(k, (r) => mib(r.rssPeak)))],
    [`Bulk load of ${int(contacts)} contacts and their tags (direct inserts + ANALYZE)`, ...present.map((k) => cell(k, (r) => (r.seedMs === undefined ? '–' : `${(r.seedMs / 1000).toFixed(1)} s`)))],
    ['Load of the companies and their contacts, one write at a time through the companies store', ...present.map((k) => cell(k, (r) => (r.companySeedMs === undefined ? '–' : `${(r.companySeedMs / 1000).toFixed(1)} s`)))],
    ['Load of the conversations and their parts, one write at a time through the conversations store', ...present.map((k) => cell(k, (r) => (r.conversationSeedMs === undefined ? '–' : `${(r.conversationSeedMs / 1000).toFixed(1)} s`)))],
  ];
  return table(['', ...present.map((k) => TARGET_LABELS[k])], rows);
}

export interface Goal {
  goal: string;
  measured: string;
  status: 'met' | 'not met' | 'not measurable yet';
}

export function goals(results: Partial<Record<TargetKey, TargetResult>>, contacts: number): Goal[] {
  const sqlite = results.sqlite;
  const out: Goal[] = [];
  const ratio = (key: string, versus: TargetKey, need: number, goal: string, fmt: (r: number) => string) => {
    const ours = measured(sqlite, key);
    const other = measured(results[versus], key);
    const row = sqlite?.rows[key];
    if (!ours || !other) {
      const why = row?.kind === 'not-implemented' ? 'operation not implemented yet' : `${versus} not measured`;
      out.push({ goal, measured: why, status: 'not measurable yet' });
      return;
    }
    const r = ours.rps / other.rps;
    const errors = ours.non2xx + ours.errors;
    out.push({
      goal,
      measured: `${fmt(r)} (${int(ours.rps)} vs ${int(other.rps)} req/s${errors ? `; ${int(errors)} non-2xx` : ''})`,
      status: r >= need && errors === 0 ? 'met' : 'not met',
    });
  };
  ratio('show-contact', 'prism', 50, 'GET /contacts/{id} on SQLite ≥ 50× Prism', times);
  ratio('show-contact', 'ceiling', 0.5, 'GET /contacts/{id} on SQLite ≥ 50% of the node:http ceiling', pct);
  ratio('search-contacts', 'prism', 20, `POST /contacts/search (nested, selective) on SQLite ≥ 20× Prism, ${int(contacts)} contacts`, times);
  const startup = sqlite?.startupMs;
  out.push({
    goal: 'Start-up to first answered request < 300 ms on an existing database (SQLite)',
    measured:
      startup === undefined
        ? 'not measured'
        : ms(startup),
    status: startup === undefined ? 'not measurable yet' : startup < 300 ? 'met' : 'not met',
  });
  return out;
}

export function goalsTable(list: Goal[]): string {
  return table(['Target', 'Measured', 'Status'], list.map((g) => [g.goal, g.measured, g.status]));
}

/**
 * What the CPU profiles showed and what changed because of it: hand-written, in `bench/findings.md`
 * (update it when you profile again), copied into BENCHMARKS.md under the measured tables.
 */
const FINDINGS_FILE = fileURLToPath(new URL('../findings.md', import.meta.url));

function findings(): string[] {
  return existsSync(FINDINGS_FILE) ? [readFileSync(FINDINGS_FILE, 'utf8').trimEnd(), ''] : [];
}

export const PRESERVED_HEADING = 'Search at 1,000,000 contacts';
/**
 * Sections other scripts write (`bench/search-1m.ts`, `bench/conversations-1m.ts`, `bench/webhooks.ts`,
 * `bench/reset.ts`, `bench/export-memory.ts`), kept verbatim by every run.
 */
export const PRESERVED_HEADINGS = [PRESERVED_HEADING, 'Conversations at 1,000,000', 'Webhook delivery', 'Developer controls', 'Message data export'];

/**
 * The section another engineer owns, verbatim: from its heading line up to the next heading of the
 * same or a higher level (or the end of the file). Empty when the file or the section is absent.
 */
export function preservedSection(markdown: string, heading = PRESERVED_HEADING): string {
  const lines = markdown.split('\n');
  // The whole heading, not a prefix: findings copied into the report carry headings such as
  // "Webhook delivery (2026-12-02)" that must not be taken for the section itself.
  const start = lines.findIndex((l) => /^#{1,6}\s/.test(l) && l.replace(/^#{1,6}\s+/, '').trim() === heading);
  if (start < 0) return '';
  const level = /^(#+)/.exec(lines[start])![1].length;
  let end = lines.length;
  let fenced = false;
  for (let i = start + 1; i < lines.length; i++) {
    if (/^\s*(```|~~~)/.test(lines[i])) fenced = !fenced;
    const m = !fenced && /^(#{1,6})\s/.exec(lines[i]);
    if (m && m[1].length <= level) {
      end = i;
      break;
    }
  }
  return lines.slice(start, end).join('\n').replace(/\n+$/, '');
}

export function renderText(info: RunInfo, results: Partial<Record<TargetKey, TargetResult>>, scenarios: Scenario[]): string {
  const skipped = ORDER.filter((k) => results[k]?.skipped).map((k) => `- ${TARGET_LABELS[k]}: skipped — ${results[k]!.skipped}`);
  return [
    `${info.command} · ${info.date} · ${info.cores} cores, Node ${info.node} · load ${info.load}`,
    '',
    `Throughput and latency (${info.connections} connections, ${info.seconds} s per scenario after ${info.warmupSeconds} s warm-up; ${int(info.contacts)} contacts seeded):`,
    '',
    throughputTable(results, scenarios),
    '',
    processTable(results, info.contacts),
    '',
    goalsTable(goals(results, info.contacts)),
    ...(skipped.length ? ['', ...skipped] : []),
    '',
  ].join('\n');
}

export function writeBenchmarksMd(file: string, info: RunInfo, results: Partial<Record<TargetKey, TargetResult>>, scenarios: Scenario[]): void {
  // Read the owned section as late as possible: another engineer may be editing it.
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const kept = PRESERVED_HEADINGS.map((heading) => preservedSection(existing, heading)).filter(Boolean).join('\n\n');
  const skipped = ORDER.filter((k) => results[k]?.skipped).map((k) => `- ${TARGET_LABELS[k]} was skipped: ${results[k]!.skipped}`);
  const text = [
    '# Benchmarks',
    '',
    'This server against what a user would run instead, measured in one run on one machine by `npm run bench`.',
    'Absolute numbers depend on the machine; compare the ratios. Benchmarks are not part of `npm test`.',
    '',
    `- **Command:** \`${info.command}\` (${info.mode} mode)`,
    `- **Date:** ${info.date}`,
    `- **Machine:** ${info.cores} cores (${info.cpuModel}), ${info.memory} RAM, Node ${info.node}${info.postgresVersion ? `, ${info.postgresVersion}` : ''}`,
    `- **Machine load:** ${info.load}; the machine is shared, so other work competes for the same cores`,
    `- **Load generator:** autocannon, ${info.connections} connections, ${info.seconds} s per scenario after a ${info.warmupSeconds} s warm-up, one target at a time on loopback; autocannon runs on the same cores as the target`,
    `- **Data:** ${int(info.contacts)} contacts (85% users, 15% leads, custom attributes, locations, two years of sign-ups) and 20 tags applied ${int(results.sqlite?.seededTaggings ?? results.postgres?.seededTaggings ?? 0)} times, bulk-loaded straight into the database before the server starts; then ${int(results.sqlite?.seededCompanies ?? results.postgres?.seededCompanies ?? 0)} companies with ${int(results.sqlite?.seededAttachments ?? results.postgres?.seededAttachments ?? 0)} contact attachments (every sampled contact has at least one company, so contact answers carry real company sub-lists), written through the companies store; then ${int(results.sqlite?.seededConversations ?? results.postgres?.seededConversations ?? 0)} conversations over the last year with ${int(results.sqlite?.seededParts ?? results.postgres?.seededParts ?? 0)} parts (assignments, replies, notes, closes, reopens, snoozes; one conversation of 500 parts that the reply scenario keeps adding to), written through the conversations store and its state machine`,
    '',
    '## Throughput and latency',
    '',
    '"ours/Prism" is our throughput divided by Prism\'s on the same scenario; "ours/ceiling" divides by a bare `node:http` server answering a fixed, pre-serialised contact body of the same size as ours.',
    '"CPU/req" is the target process\'s own CPU time (user + system, from `/proc/<pid>/stat`) divided by the requests it answered: unlike req/s, it barely moves when other work shares the machine.',
    'non-2xx counts responses outside 200–299 (an operation this server does not implement yet answers 501 and its row says "not implemented yet").',
    '',
    throughputTable(results, scenarios),
    '',
    '## Start-up, memory and bulk load',
    '',
    processTable(results, info.contacts),
    '',
    '## Targets',
    '',
    goalsTable(goals(results, info.contacts)),
    '',
    ...findings(),
    '## How it is measured',
    '',
    '- Each target is started, driven and stopped in turn: this server on SQLite (a fresh file under `bench/.work/`), this server on PostgreSQL (a fresh database created for the run and dropped after; `BENCH_DATABASE_URL` names the server, else 127.0.0.1:5432 is tried), Stoplight Prism mocking the same 2.11 spec, and the bare `node:http` ceiling.',
    '- Start-up is the time from `spawn` to the first `200` on `GET /me`, polled every few milliseconds; memory is `VmRSS` from `/proc/<pid>/status`, idle just after start-up and peak while the scenarios run.',
    "- Prism cannot load the spec as shipped (a dangling `$ref` to `#/components/schemas/custom_attributes`): the bench defines it as a free-form object in a temporary copy. Prism runs with its defaults (static examples, request validation, a log line per request).",
    '- GET and PUT rotate through 2,000 seeded contacts; POST /contacts uses a new email every request; the search is an AND of an email equality, an OR of roles and a date range (one match).',
    `- Ceiling body: ${info.ceilingBody}.`,
    ...info.notes.map((n) => `- ${n}`),
    ...skipped,
    '',
    '`npm run bench -- --quick` takes under two minutes; `npm run bench` runs longer scenarios. `--profile` also writes a CPU profile of this server (SQLite) to `bench/.work/profiles/`.',
    '',
  ].join('\n');
  writeFileSync(file, kept ? `${text}\n${kept}\n` : text);
}
