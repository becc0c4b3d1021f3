/**
 * Workspace-bound data access. A store is built from a `Scope`: the database handle of the current
 * operation (its transaction, for writes) and the caller's workspace. The scope's query starters
 * add the workspace condition themselves, so a store never writes `where workspace_id = …` and no
 * store can be reached without a workspace: `tags(ctx).require(id)`.
 */
import { sql, type Compilable, type Insertable, type SelectQueryBuilder, type UpdateQueryBuilder, type DeleteQueryBuilder, type InsertQueryBuilder, type InsertResult, type UpdateResult, type DeleteResult } from 'kysely';
import type { Db, Engine } from '../db/database.js';
import { engineOf, nextId, nextIds } from '../db/dialect.js';
import { preparedQuery } from '../db/prepared.js';
import type { Database } from '../db/schema.js';

/** Tables whose rows belong to one workspace. */
export type WorkspaceTable = {
  [T in keyof Database]: Database[T] extends { workspace_id: string } ? T : never;
}[keyof Database];

/** A row to insert, without its workspace (the scope adds it). */
export type NewRow<T extends WorkspaceTable> = Omit<Insertable<Database[T]>, 'workspace_id'>;

/** What every store is built from. */
export class Scope {
  readonly engine: Engine;

  /** A scope is itself a source for other stores of the same workspace and transaction. */
  readonly workspace: { readonly id: string };

  constructor(
    readonly db: Db,
    readonly workspaceId: string,
  ) {
    this.engine = engineOf(db);
    this.workspace = { id: workspaceId };
  }

  /** SELECT … FROM `table` WHERE table.workspace_id = this workspace. */
  from<T extends WorkspaceTable>(table: T): SelectQueryBuilder<Database, T, {}> {
    return this.db.selectFrom(table as WorkspaceTable).where(sql.ref(`${table}.workspace_id`), '=', this.workspaceId) as never;
  }

  /** SELECT … FROM `table` AS `alias` WHERE alias.workspace_id = this workspace. */
  fromAs<T extends WorkspaceTable, A extends string>(table: T, alias: A): SelectQueryBuilder<Database & { [K in A]: Database[T] }, A, {}> {
    return this.db.selectFrom(`${table} as ${alias}` as never).where(sql.ref(`${alias}.workspace_id`), '=', this.workspaceId) as never;
  }

  /** UPDATE `table` … WHERE workspace_id = this workspace. */
  update<T extends WorkspaceTable>(table: T): UpdateQueryBuilder<Database, T, T, UpdateResult> {
    return this.db.updateTable(table as WorkspaceTable).where(sql.ref('workspace_id'), '=', this.workspaceId) as never;
  }

  /** DELETE FROM `table` WHERE workspace_id = this workspace. */
  delete<T extends WorkspaceTable>(table: T): DeleteQueryBuilder<Database, T, DeleteResult> {
    return this.db.deleteFrom(table as WorkspaceTable).where(sql.ref('workspace_id'), '=', this.workspaceId) as never;
  }

  /** INSERT INTO `table` the rows, each stamped with this workspace. */
  insert<T extends WorkspaceTable>(table: T, rows: NewRow<T> | readonly NewRow<T>[]): InsertQueryBuilder<Database, T, InsertResult> {
    const list = (Array.isArray(rows) ? rows : [rows]) as NewRow<T>[];
    const values = list.map((row) => ({ ...row, workspace_id: this.workspaceId }));
    return this.db.insertInto(table as WorkspaceTable).values(values as never) as never;
  }

  /** A fresh numeric Intercom id (see dialect.ts). */
  nextId(): Promise<number> {
    return nextId(this.db);
  }

  nextIds(count: number): Promise<number[]> {
    return nextIds(this.db, count);
  }
}

/** What a store needs of the caller: a database handle and a workspace. `Ctx` is one. */
export interface ScopeSource {
  readonly db: Db;
  readonly workspace: { readonly id: string };
}

/**
 * Declares a store: `export const tags = defineStore((s) => ({ find(id) {…}, … }))`, used as
 * `tags(ctx).find(id)`. The store object is built once per context (one per request, or per
 * transaction), not once per call.
 */
export function defineStore<T>(build: (scope: Scope) => T): (source: ScopeSource) => T {
  const built = new WeakMap<ScopeSource, T>();
  return (source) => {
    let store = built.get(source);
    if (!store) {
      store = build(new Scope(source.db, source.workspace.id));
      built.set(source, store);
    }
    return store;
  };
}

/** A store for a workspace named directly (seeding, the CLI, tests), outside any request. */
export const scopeOf = (db: Db, workspaceId: string): ScopeSource => ({ db, workspace: { id: workspaceId } });

/**
 * A hot query built and compiled once per engine (see db/prepared.ts), workspace-bound like every
 * store query: `build` receives a scope whose workspace is a stand-in, and the caller's scope
 * supplies the real one when it runs.
 */
export function scopedPreparedQuery<Values extends Record<string, unknown>, Row>(build: (scope: Scope, values: Values) => Compilable<Row>) {
  const query = preparedQuery<Values & { workspaceId: string }, Row>((db, values) => build(new Scope(db, values.workspaceId), values));
  return {
    all: (scope: Scope, values: Values) => query.all(scope.db, { ...values, workspaceId: scope.workspaceId }),
    first: (scope: Scope, values: Values) => query.first(scope.db, { ...values, workspaceId: scope.workspaceId }),
  };
}

/**
 * A store's `require`: the row an id from a request names, or that resource's 404. The id's shape is
 * checked first (`parse`: e.g. core/ids.ts `numericId`), so an id that cannot exist is never queried.
 */
export async function requireRow<Id, Row>(
  rawId: unknown,
  parse: (raw: unknown) => Id | undefined,
  find: (id: Id) => Promise<Row | undefined>,
  notFound: () => Error,
): Promise<Row> {
  const id = parse(rawId);
  const row = id === undefined ? undefined : await find(id);
  if (!row) throw notFound();
  return row;
}
