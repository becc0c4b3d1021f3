/**
 * Configuration, read once from the environment and command-line flags (flags win), validated,
 * and frozen. A bad value stops start-up with a one-line message naming the setting.
 */
import { parseArgs } from 'node:util';

export type Region = 'US' | 'EU' | 'AU';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export type DatabaseTarget =
  | { engine: 'sqlite'; file: string } // ':memory:' for an in-memory database
  | { engine: 'postgres'; url: string };

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly database: DatabaseTarget;
  /** When set, the default workspace's access token is exactly this value. */
  readonly accessToken: string | undefined;
  readonly logLevel: LogLevel;
  readonly region: Region;
  readonly timezone: string;
  readonly workspaceName: string;
  /** Largest request body accepted, in bytes. */
  readonly bodyLimit: number;
  /** Requests per minute per workspace, enforced in 10-second windows; 0 turns the limit off. */
  readonly rateLimitPerMinute: number;
  /** Where webhooks may be sent: URL schemes, and address ranges checked on the resolved address. */
  readonly webhookTargets: {
    readonly schemes: readonly ('http' | 'https')[];
    readonly ranges: readonly ('public' | 'loopback' | 'private')[];
  };
  /** A fixture document loaded into the default workspace when it is created (`--seed`). */
  readonly seedFile: string | undefined;
  /** The request journal keeps at most this many requests per workspace; 0 turns it off. */
  readonly journalMaxEntries: number;
  /** …and at most this many bytes of them per workspace. */
  readonly journalMaxBytes: number;
  /** A request or response body longer than this is kept cut to it. */
  readonly journalMaxBodyBytes: number;
  /** How long a process may reuse a workspace's clock and fault settings before reading them again. */
  readonly controlsCheckMs: number;
  /** Largest body of POST /_admin/restore and /_admin/fixtures (snapshots outgrow the API's limit). */
  readonly adminBodyLimit: number;
  /** The server's address as clients reach it, without a trailing slash: absolute links it hands out start with it. */
  readonly publicUrl: string;
}

export class ConfigError extends Error {}

export const DEFAULT_PORT = 4011;
export const DEFAULT_SQLITE_FILE = './data/intercom.sqlite';

/** Each setting: its environment variable, its flag, and its default. */
const SETTINGS = {
  host: { env: 'HOST', flag: 'host', fallback: '127.0.0.1' },
  port: { env: 'PORT', flag: 'port', fallback: String(DEFAULT_PORT) },
  databaseUrl: { env: 'DATABASE_URL', flag: 'database-url', fallback: '' },
  accessToken: { env: 'INTERCOM_ACCESS_TOKEN', flag: 'access-token', fallback: '' },
  logLevel: { env: 'LOG_LEVEL', flag: 'log-level', fallback: 'info' },
  region: { env: 'INTERCOM_REGION', flag: 'region', fallback: 'US' },
  timezone: { env: 'INTERCOM_TIMEZONE', flag: 'timezone', fallback: 'UTC' },
  workspaceName: { env: 'INTERCOM_WORKSPACE_NAME', flag: 'workspace-name', fallback: 'My Workspace' },
  bodyLimit: { env: 'BODY_LIMIT', flag: 'body-limit', fallback: String(1024 * 1024) },
  // Intercom's allowance for a private app: 10,000 requests a minute.
  rateLimitPerMinute: { env: 'RATE_LIMIT_PER_MINUTE', flag: 'rate-limit-per-minute', fallback: '10000' },
  // Loopback receivers are the local-development case; a shared server sets `public` (README).
  webhookSchemes: { env: 'WEBHOOK_SCHEMES', flag: 'webhook-schemes', fallback: 'http,https' },
  webhookAddresses: { env: 'WEBHOOK_ADDRESSES', flag: 'webhook-addresses', fallback: 'public,loopback' },
  seedFile: { env: 'SEED_FILE', flag: 'seed', fallback: '' },
  journalMaxEntries: { env: 'JOURNAL_MAX_ENTRIES', flag: 'journal-max-entries', fallback: '1000' },
  journalMaxBytes: { env: 'JOURNAL_MAX_BYTES', flag: 'journal-max-bytes', fallback: String(16 * 1024 * 1024) },
  journalMaxBodyBytes: { env: 'JOURNAL_MAX_BODY_BYTES', flag: 'journal-max-body-bytes', fallback: String(64 * 1024) },
  controlsCheckMs: { env: 'CONTROLS_CHECK_MS', flag: 'controls-check-ms', fallback: '0' },
  adminBodyLimit: { env: 'ADMIN_BODY_LIMIT', flag: 'admin-body-limit', fallback: String(256 * 1024 * 1024) },
  publicUrl: { env: 'PUBLIC_URL', flag: 'public-url', fallback: '' },
} as const;

type Key = keyof typeof SETTINGS;

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const REGIONS: Region[] = ['US', 'EU', 'AU'];

export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url === '') return { engine: 'sqlite', file: DEFAULT_SQLITE_FILE };
  if (url === 'sqlite::memory:' || url === ':memory:') return { engine: 'sqlite', file: ':memory:' };
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!file) throw new ConfigError('DATABASE_URL: "sqlite:" needs a file path, e.g. sqlite:./data/app.sqlite');
    return { engine: 'sqlite', file };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return { engine: 'postgres', url };
  throw new ConfigError('DATABASE_URL: expected sqlite:<path>, sqlite::memory: or postgres://…');
}

function integer(name: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name}: expected a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

function oneOf<T extends string>(name: string, raw: string, allowed: readonly T[]): T {
  const match = allowed.find((v) => v.toLowerCase() === raw.toLowerCase());
  if (!match) throw new ConfigError(`${name}: expected one of ${allowed.join(', ')}, got "${raw}"`);
  return match;
}

/** A comma-separated subset of `allowed` (at least one). */
function someOf<T extends string>(name: string, raw: string, allowed: readonly T[]): T[] {
  const items = raw.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const unknown = items.filter((i) => !(allowed as readonly string[]).includes(i));
  if (items.length === 0 || unknown.length > 0) {
    throw new ConfigError(`${name}: expected a comma-separated list of ${allowed.join(', ')}, got "${raw}"`);
  }
  return [...new Set(items)] as T[];
}

function timezone(name: string, raw: string): string {
  // The default needs no check, and the first Intl.DateTimeFormat costs start-up its ICU data load (bench/findings.md).
  if (raw === 'UTC') return raw;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: raw });
    return raw;
  } catch {
    throw new ConfigError(`${name}: "${raw}" is not an IANA time zone (e.g. UTC, Europe/Dublin)`);
  }
}

/** PUBLIC_URL, or the address the server listens on (a wildcard host read as loopback). */
function publicUrl(name: string, raw: string, host: string, port: number): string {
  if (raw === '') return `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host}:${port}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name}: "${raw}" is not a URL (e.g. https://intercom.example.com)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${name}: expected an http:// or https:// URL, got "${raw}"`);
  return url.href.replace(/\/+$/, '');
}

export function loadConfig(argv: string[] = [], env: NodeJS.ProcessEnv = process.env): Config {
  const options = Object.fromEntries(
    Object.values(SETTINGS).map((s) => [s.flag, { type: 'string' as const }]),
  );
  let flags: Record<string, string | undefined>;
  try {
    flags = parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values as Record<string, string>;
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  const raw = (key: Key) => flags[SETTINGS[key].flag] ?? env[SETTINGS[key].env] ?? SETTINGS[key].fallback;
  const label = (key: Key) => `${SETTINGS[key].env} (--${SETTINGS[key].flag})`;

  const accessToken = raw('accessToken');
  if (accessToken && !/^[\x21-\x7e]{8,512}$/.test(accessToken)) {
    throw new ConfigError(`${label('accessToken')}: expected 8 to 512 printable characters without spaces`);
  }
  let database: DatabaseTarget;
  try {
    database = parseDatabaseUrl(raw('databaseUrl'));
  } catch (error) {
    throw new ConfigError(`${label('databaseUrl')}: ${(error as Error).message.replace(/^DATABASE_URL: /, '')}`);
  }
  const port = integer(label('port'), raw('port'), 0, 65535);
  return Object.freeze({
    host: raw('host'),
    port,
    database,
    accessToken: accessToken || undefined,
    logLevel: oneOf(label('logLevel'), raw('logLevel'), LOG_LEVELS),
    region: oneOf(label('region'), raw('region'), REGIONS),
    timezone: timezone(label('timezone'), raw('timezone')),
    workspaceName: raw('workspaceName'),
    bodyLimit: integer(label('bodyLimit'), raw('bodyLimit'), 1024, 100 * 1024 * 1024),
    rateLimitPerMinute: integer(label('rateLimitPerMinute'), raw('rateLimitPerMinute'), 0, 100_000_000),
    webhookTargets: Object.freeze({
      schemes: someOf(label('webhookSchemes'), raw('webhookSchemes'), ['http', 'https'] as const),
      ranges: someOf(label('webhookAddresses'), raw('webhookAddresses'), ['public', 'loopback', 'private'] as const),
    }),
    seedFile: raw('seedFile') || undefined,
    journalMaxEntries: integer(label('journalMaxEntries'), raw('journalMaxEntries'), 0, 1_000_000),
    journalMaxBytes: integer(label('journalMaxBytes'), raw('journalMaxBytes'), 1024, 10 * 1024 * 1024 * 1024),
    journalMaxBodyBytes: integer(label('journalMaxBodyBytes'), raw('journalMaxBodyBytes'), 0, 100 * 1024 * 1024),
    controlsCheckMs: integer(label('controlsCheckMs'), raw('controlsCheckMs'), 0, 60_000),
    adminBodyLimit: integer(label('adminBodyLimit'), raw('adminBodyLimit'), 1024, 1024 * 1024 * 1024),
    publicUrl: publicUrl(label('publicUrl'), raw('publicUrl'), raw('host'), port),
  });
}
