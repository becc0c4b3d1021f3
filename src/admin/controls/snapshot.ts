/**
 * `GET /_admin/snapshot` and `POST /_admin/restore`: the workspace's data as one JSON document, and
 * that document put back, into the same workspace or another, on the same engine or the other.
 *
 * The document (version 1):
 *   {"format": "intercom-server-snapshot", "version": 1, "created_at": <unix s>,
 *    "workspace": {"id", "name", "region", "timezone"},
 *    "tables": {"<table>": {"columns": [...], "rows": [[...], ...]}, ...}}
 * Tables come parents first, rows in primary-key order, columns in table order: the same data gives
 * the same document. Every table with a `workspace_id` is in it (so tables added later are too),
 * except credentials (KEPT_TABLES: tokens, the client_secret), the controls' own state
 * (CONTROL_TABLES) and what triggers derive (DERIVED_TABLES). Values are what both engines store
 * alike (text, numbers, null), so a snapshot moves between SQLite and PostgreSQL.
 *
 * Written as it is read, in one read transaction (a consistent picture). On PostgreSQL the
 * transaction stays open while the client reads; on SQLite, whose one connection every request
 * shares, the rows are all read first and then sent.
 */
import { PassThrough, type Readable } from 'node:stream';
import type { Ctx } from '../../core/context.js';
import type { Db } from '../../db/database.js';
import { engineOf, readsBesideWriters } from '../../db/dialect.js';
import { ApiError } from '../../errors.js';
import { CONTROL_TABLES, DERIVED_TABLES, GLOBALLY_NUMBERED_COLUMNS, KEPT_TABLES, type TableInfo } from './catalog.js';
import { wipe } from './reset.js';
import type { ControlHandler } from './routes.js';
import type { DeveloperControls } from './service.js';
import { workspaceRows } from './store.js';
import { scopeOf } from '../../core/scope.js';

export const SNAPSHOT_FORMAT = 'intercom-server-snapshot';
export const SNAPSHOT_VERSION = 1;
const PAGE = 1000;

/** The tables a snapshot holds, parents first. */
export const snapshotTables = (controls: DeveloperControls) =>
  controls.catalog.tables.filter((t) => !KEPT_TABLES.has(t.name) && !CONTROL_TABLES.has(t.name) && !DERIVED_TABLES.has(t.name));

/** The document's text, piece by piece. */
async function* snapshotText(db: Db, ctx: Ctx, tables: TableInfo[]): AsyncGenerator<string> {
  const header = {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    created_at: ctx.clock.now(),
    workspace: { id: ctx.workspace.id, name: ctx.workspace.name, region: ctx.workspace.region, timezone: ctx.workspace.timezone },
  };
  yield JSON.stringify(header).slice(0, -1) + ',"tables":{';
  const store = workspaceRows(scopeOf(db, ctx.workspace.id));
  for (const [index, table] of tables.entries()) {
    yield `${index === 0 ? '' : ','}\n${JSON.stringify(table.name)}:{"columns":${JSON.stringify(table.columns)},"rows":[`;
    const key = table.primaryKey.filter((c) => c !== 'workspace_id');
    let after: unknown[] | undefined;
    let first = true;
    for (;;) {
      const rows = await store.page(table, after, PAGE);
      if (rows.length === 0) break;
      yield rows.map((row) => (first ? ((first = false), '\n') : ',\n') + JSON.stringify(table.columns.map((c) => row[c] ?? null))).join('');
      if (key.length === 0 || rows.length < PAGE) break;
      after = key.map((c) => rows[rows.length - 1][c]);
    }
    yield ']}';
  }
  yield '}}\n';
}

/** Resolves when the reader wants more; rejects if it goes away (so the transaction ends). */
function drained(out: PassThrough): Promise<void> {
  return new Promise((resolve, reject) => {
    const more = () => {
      out.off('close', gone);
      resolve();
    };
    const gone = () => {
      out.off('drain', more);
      reject(new Error('the client went away'));
    };
    out.once('drain', more);
    out.once('close', gone);
  });
}

export const snapshotHandler = (controls: DeveloperControls) => async (ctx: Ctx): Promise<Readable> => {
  const tables = snapshotTables(controls);
  const out = new PassThrough();
  const lazy = readsBesideWriters(engineOf(controls.deps.db));
  const done = controls.deps.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      for await (const piece of snapshotText(trx, ctx, tables)) {
        if (out.destroyed) throw new Error('the client went away');
        // Waiting for a slow reader keeps the transaction open: only where others can write meanwhile.
        if (!out.write(piece) && lazy) await drained(out);
      }
    });
  done.then(
    () => out.end(),
    (error) => {
      if (!out.destroyed) ctx.log.error({ err: error }, 'snapshot failed');
      out.destroy(error as Error);
    },
  );
  return out;
};

interface SnapshotTable {
  columns: string[];
  rows: unknown[][];
}

const invalid = (field: string, message: string) => new ApiError('parameter_invalid', `${field}: ${message}`, field);

/** The document checked against this database's tables; the first problem is a 400 naming where. */
function checkDocument(doc: unknown, tables: Map<string, TableInfo>): Map<string, SnapshotTable> {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new ApiError('bad_request', 'The body must be a snapshot document (a JSON object)');
  const d = doc as Record<string, unknown>;
  if (d.format !== SNAPSHOT_FORMAT) throw invalid('format', `expected "${SNAPSHOT_FORMAT}" (a document from GET /_admin/snapshot)`);
  if (d.version !== SNAPSHOT_VERSION) throw invalid('version', `this server reads snapshot version ${SNAPSHOT_VERSION}, got ${JSON.stringify(d.version)}`);
  if (typeof d.tables !== 'object' || d.tables === null || Array.isArray(d.tables)) throw invalid('tables', 'expected an object of tables');
  const checked = new Map<string, SnapshotTable>();
  for (const [name, raw] of Object.entries(d.tables as Record<string, unknown>)) {
    const where = `tables.${name}`;
    const table = tables.get(name);
    if (!table) {
      const why = KEPT_TABLES.get(name) ?? CONTROL_TABLES.get(name) ?? DERIVED_TABLES.get(name);
      throw invalid(where, why ? `not restorable (${why})` : 'no such table in this server');
    }
    const t = raw as Record<string, unknown>;
    if (typeof t !== 'object' || t === null || !Array.isArray(t.columns) || !Array.isArray(t.rows)) throw invalid(where, 'expected {columns, rows}');
    const columns = t.columns as unknown[];
    for (const [i, c] of columns.entries()) {
      if (typeof c !== 'string' || !table.columns.includes(c)) throw invalid(`${where}.columns[${i}]`, `${JSON.stringify(c)} is not a column of ${name}`);
    }
    if (new Set(columns).size !== columns.length) throw invalid(`${where}.columns`, 'a column is listed twice');
    for (const [i, row] of (t.rows as unknown[]).entries()) {
      if (!Array.isArray(row) || row.length !== columns.length) throw invalid(`${where}.rows[${i}]`, `expected an array of ${columns.length} values`);
      for (const [j, value] of row.entries()) {
        const ok = value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
        if (!ok) throw invalid(`${where}.rows[${i}][${j}]`, `${columns[j]} must be text, a number or null`);
      }
    }
    checked.set(name, { columns: columns as string[], rows: t.rows as unknown[][] });
  }
  return checked;
}

/** What the database said when it refused a row, as the client's mistake. */
function refused(where: string, error: unknown): ApiError {
  const message = String((error as Error)?.message ?? error).split('\n')[0].slice(0, 300);
  return invalid(where, `the database refused these rows (${message})`);
}

export const restoreHandler = (controls: DeveloperControls): ControlHandler => async (ctx, { body }) => {
  const tables = snapshotTables(controls);
  const document = checkDocument(body, new Map(tables.map((t) => [t.name, t])));
  const store = workspaceRows(ctx);
  const admins = await store.admins();
  await wipe(
    ctx,
    controls.catalog.tables.filter((t) => !KEPT_TABLES.has(t.name) && !CONTROL_TABLES.has(t.name)),
  );
  let maxId = 0;
  let restored = 0;
  for (const table of tables) {
    const data = document.get(table.name);
    if (!data || data.rows.length === 0) continue;
    let rows = data.rows;
    const idAt = data.columns.indexOf('id');
    if (!table.keyedByWorkspace && idAt >= 0) {
      // Its ids are shared with every workspace (jobs): fresh ones, so no other workspace's row is touched.
      const ids = await store.nextIds(rows.length);
      rows = rows.map((row, i) => row.map((v, j) => (j === idAt ? ids[i] : v)));
    } else if (idAt >= 0) {
      for (const row of rows) if (typeof row[idAt] === 'number' && (row[idAt] as number) > maxId) maxId = row[idAt] as number;
    }
    for (const column of GLOBALLY_NUMBERED_COLUMNS.get(table.name) ?? []) {
      const at = data.columns.indexOf(column);
      if (at < 0) continue;
      const fresh = await store.nextIds(rows.length);
      rows = rows.map((row, i) => row.map((v, j) => (j === at ? fresh[i] : v)));
    }
    try {
      await store.insert(table, data.columns, rows);
    } catch (error) {
      throw refused(`tables.${table.name}`, error);
    }
    restored += rows.length;
  }
  if (maxId > 0) await store.advanceIds(maxId);
  await store.reattachTokens(admins.map((a) => ({ id: Number(a.id), email: a.email })));
  controls.deps.forgetCallers?.(ctx.workspace.id);
  return { type: 'workspace', id: ctx.workspace.id, restored: true, rows: restored };
};
