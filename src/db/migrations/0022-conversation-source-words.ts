import type { Kysely } from 'kysely';

/**
 * The words of each conversation's source body, folded and space-separated with a space at either
 * end (" i need support "): Intercom matches `source.body =` against single words, which this makes
 * one LIKE on both engines.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('conversations').addColumn('source_words', 'text', (c) => c.notNull().defaultTo(' ')).execute();
}
