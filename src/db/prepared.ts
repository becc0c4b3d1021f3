/**
 * Queries that hot paths run on every request, built and compiled by Kysely once per engine and
 * then only executed with new values: building and compiling a contact read cost about as much as
 * SQLite took to run it. On PostgreSQL they also run as named statements, planned once per
 * connection. The builder receives stand-ins for the values and must use each only as a
 * bound value (`where('id', '=', values.id)`), never to decide the query's shape.
 */
import type { Compilable, CompiledQuery } from 'kysely';
import type { Db, Engine } from './database.js';
import { engineOf } from './dialect.js';

/** PostgreSQL statement names by SQL text: the pool runs these texts as named statements (database.ts). */
const statementNames = new Map<string, string>();

export function statementName(text: string): string | undefined {
  return statementNames.get(text);
}

/** Stand-in values: a string no caller can send (it holds a NUL), naming the value it stands for. */
const STAND_IN = '\u0000value:';

interface Compiled {
  query: CompiledQuery;
  /** Per bound parameter: the name of the value to bind, or a constant the builder wrote in. */
  slots: ({ name: string } | { constant: unknown })[];
}

export function preparedQuery<Values extends Record<string, unknown>, Row>(build: (db: Db, values: Values) => Compilable<Row>) {
  const byEngine = new Map<Engine, Compiled>();

  function compiledFor(db: Db): Compiled {
    const engine = engineOf(db);
    let compiled = byEngine.get(engine);
    if (!compiled) {
      const standIns = new Proxy({}, { get: (_target, name) => STAND_IN + String(name) }) as Values;
      const query = build(db, standIns).compile();
      const slots = query.parameters.map((p) =>
        typeof p === 'string' && p.startsWith(STAND_IN) ? { name: p.slice(STAND_IN.length) } : { constant: p },
      );
      compiled = { query, slots };
      byEngine.set(engine, compiled);
      if (engine === 'postgres' && !statementNames.has(query.sql)) statementNames.set(query.sql, `intercom_${statementNames.size + 1}`);
    }
    return compiled;
  }

  return {
    async all(db: Db, values: Values): Promise<Row[]> {
      const { query, slots } = compiledFor(db);
      const parameters = slots.map((slot) => ('name' in slot ? values[slot.name] : slot.constant));
      return (await db.executeQuery<Row>({ ...query, parameters })).rows;
    },
    async first(db: Db, values: Values): Promise<Row | undefined> {
      return (await this.all(db, values))[0];
    },
  };
}
