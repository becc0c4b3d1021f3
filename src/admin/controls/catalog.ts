/**
 * The workspace's tables, found in the database's own catalogue rather than listed: every table with
 * a `workspace_id` column holds rows of one workspace, so reset, snapshot and restore cover tables
 * added later without being told about them. Ordered parents first by their foreign keys.
 */
import type { Db } from '../../db/database.js';
import { readCatalog } from '../../db/dialect.js';

export interface TableInfo {
  name: string;
  /** Every column but `workspace_id`, in table order. */
  columns: string[];
  /** Primary key columns, in key order (may include `workspace_id`). */
  primaryKey: string[];
  /** Whether the primary key leads with `workspace_id`; if not, its ids are shared by all workspaces. */
  keyedByWorkspace: boolean;
}

/** Credentials: kept by reset and restore, never written into a snapshot. */
export const KEPT_TABLES: ReadonlyMap<string, string> = new Map([
  ['access_tokens', 'the tokens callers use; a reset must not lock them out'],
  ['app_secrets', 'the client_secret that signs webhooks; receivers verify with it'],
]);

/** The developer controls' own state: cleared by reset, untouched by restore, not in snapshots. */
export const CONTROL_TABLES: ReadonlyMap<string, string> = new Map([
  ['workspace_clocks', "the workspace clock is a setting of the developer's session, not data"],
  ['workspace_faults', 'injected faults are a setting of the session, not data'],
  ['request_journal', 'a record of traffic, not state; bounded and bulky'],
]);

/** Kept by triggers from other tables: never copied, they follow from the rows restored. */
export const DERIVED_TABLES: ReadonlyMap<string, string> = new Map([
  ['contact_counts', 'kept by triggers on contacts (migration 0005)'],
  ['conversation_counts', 'kept by triggers on conversations (migration 0025)'],
]);

/**
 * Columns whose numbers must be unique across all workspaces, not only within one: a restore gives
 * them fresh numbers from the id sequence, so restoring into another workspace never collides.
 */
export const GLOBALLY_NUMBERED_COLUMNS: ReadonlyMap<string, readonly string[]> = new Map([
  ['article_contents', ['search_rowid']], // the rowid of SQLite's one full-text index of every workspace's articles
  ['conversations', ['search_rowid']], // likewise for conversations' source words (migration 0025)
]);

/** Tables that hold no workspace's rows. Any other table without `workspace_id` fails a test. */
export const GLOBAL_TABLES: ReadonlyMap<string, string> = new Map([
  ['workspaces', 'the workspaces themselves'],
  ['id_counter', "SQLite's id sequence"],
  ['kysely_migration', 'migrations applied'],
  ['kysely_migration_lock', 'the migration lock'],
  // SQLite's full-text index of article contents and FTS5's own shadow tables: triggers on
  // article_contents (migration 0014) keep it, so reset and restore reach it through those rows.
  ...['', '_config', '_content', '_data', '_docsize', '_idx'].map((suffix): [string, string] => [`article_search${suffix}`, 'the full-text index of article_contents, kept by its triggers']),
  ...['', '_config', '_content', '_data', '_docsize', '_idx'].map((suffix): [string, string] => [`conversation_search${suffix}`, "the full-text index of conversations' source words, kept by its triggers"]),
]);

export interface WorkspaceCatalog {
  /** Every table with `workspace_id`, parents before the tables that reference them. */
  tables: TableInfo[];
  /** Tables without `workspace_id`. */
  others: string[];
}

/** The catalogue, read once per database (the schema changes only by migrations, at start). */
const cache = new WeakMap<object, Promise<WorkspaceCatalog>>();

export function workspaceCatalog(db: Db): Promise<WorkspaceCatalog> {
  let found = cache.get(db);
  if (!found) {
    found = buildCatalog(db);
    found.catch(() => cache.delete(db));
    cache.set(db, found);
  }
  return found;
}

async function buildCatalog(db: Db): Promise<WorkspaceCatalog> {
  const { columns, foreignKeys } = await readCatalog(db);
  const byTable = new Map<string, { columns: string[]; key: { column: string; position: number }[] }>();
  for (const c of columns) {
    const entry = byTable.get(c.table) ?? { columns: [], key: [] };
    entry.columns.push(c.column);
    if (c.pkPosition > 0) entry.key.push({ column: c.column, position: c.pkPosition });
    byTable.set(c.table, entry);
  }
  const tables = new Map<string, TableInfo>();
  const others: string[] = [];
  for (const [name, entry] of byTable) {
    if (!entry.columns.includes('workspace_id')) {
      others.push(name);
      continue;
    }
    const primaryKey = entry.key.sort((a, b) => a.position - b.position).map((k) => k.column);
    tables.set(name, {
      name,
      columns: entry.columns.filter((c) => c !== 'workspace_id'),
      primaryKey,
      keyedByWorkspace: primaryKey[0] === 'workspace_id',
    });
  }
  const parents = new Map<string, Set<string>>();
  for (const fk of foreignKeys) {
    if (fk.table === fk.references || !tables.has(fk.table) || !tables.has(fk.references)) continue;
    const set = parents.get(fk.table) ?? new Set<string>();
    set.add(fk.references);
    parents.set(fk.table, set);
  }
  return { tables: parentsFirst([...tables.values()], parents), others: others.sort() };
}

/** Kahn's order, alphabetical among equals so the order (and snapshots) are stable; a cycle is broken by name. */
function parentsFirst(tables: TableInfo[], parents: Map<string, Set<string>>): TableInfo[] {
  const remaining = new Map(tables.map((t) => [t.name, t]));
  const ordered: TableInfo[] = [];
  while (remaining.size > 0) {
    const names = [...remaining.keys()].sort();
    const ready = names.filter((n) => ![...(parents.get(n) ?? [])].some((p) => remaining.has(p)));
    for (const name of ready.length > 0 ? ready : [names[0]]) {
      ordered.push(remaining.get(name)!);
      remaining.delete(name);
    }
  }
  return ordered;
}
