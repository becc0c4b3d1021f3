/**
 * Writing an export's file: the message data in its range, as CSV lines, gzipped, stored in pieces
 * of CHUNK_BYTES as they come. Nothing holds more than one batch of messages and one piece of the
 * file at a time, whatever the size of the range.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { ScopeSource } from '../../core/scope.js';
import type { DataExportsTable } from '../../db/schema.js';
import { contacts, type ContactWire } from '../contacts/public.js';
import { conversations } from '../conversations/public.js';
import { HEADER, receiptLine } from './csv.js';
import { messageData, type Position, type Range, type SentMessage } from './store-messages.js';
import { dataExports } from './store.js';

/** Messages read per query. */
export const BATCH = 500;
/** Bytes of gzipped CSV per stored piece. */
export const CHUNK_BYTES = 256 * 1024;

/** The export was canceled, or another runner took it over: stop writing. */
export class Stopped extends Error {}

type Fetch = (range: Range, from: Position | undefined, limit: number) => Promise<SentMessage[]>;

/** Every message one fetcher finds in the range, page by page, by (time, id). */
async function* messagesOf(fetch: Fetch, range: Range): AsyncGenerator<SentMessage> {
  let from: Position | undefined;
  for (;;) {
    const page = await fetch(range, from, BATCH);
    yield* page;
    if (page.length < BATCH) return;
    from = page[page.length - 1].position;
  }
}

/** Two streams in time order merged into one, the first stream's message first on a tie. */
async function* merged(a: AsyncGenerator<SentMessage>, b: AsyncGenerator<SentMessage>): AsyncGenerator<SentMessage> {
  let [x, y] = await Promise.all([a.next(), b.next()]);
  while (!x.done || !y.done) {
    if (y.done || (!x.done && x.value.sentAt <= y.value.sentAt)) {
      yield x.value!;
      x = await a.next();
    } else {
      yield y.value;
      y = await b.next();
    }
  }
}

async function* batchesOf<T>(items: AsyncGenerator<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** The CSV lines of the export: a receipt per message and contact who received it. */
async function* csvLines(scope: ScopeSource, range: Range, counts: { rows: number }, keepGoing: () => Promise<void>): AsyncGenerator<string> {
  yield HEADER;
  const store = messageData(scope);
  const messages = merged(
    messagesOf(store.openingMessages, range),
    messagesOf(store.replies, range),
  );
  for await (const batch of batchesOf(messages, BATCH)) {
    await keepGoing();
    const conversationIds = [...new Set(batch.map((m) => m.conversationId))];
    const recipients = await conversations(scope).contactIdsOfMany(conversationIds);
    const people = new Map<string, ContactWire>();
    for (const contact of await contacts(scope).showMany([...new Set([...recipients.values()].flat())])) people.set(contact.id, contact);
    const replies = new Map<string, number[]>();
    for (const reply of await store.contactReplies(conversationIds, range)) {
      const key = `${reply.conversationId}:${reply.contactId}`;
      replies.set(key, [...(replies.get(key) ?? []), reply.at]);
    }
    let lines = '';
    for (const message of batch) {
      for (const contactId of recipients.get(message.conversationId) ?? []) {
        const contact = people.get(contactId);
        if (!contact) continue;
        const firstReply = replies.get(`${message.conversationId}:${contactId}`)?.find((at) => at >= message.sentAt);
        lines += receiptLine(message, contact, firstReply);
        counts.rows++;
      }
    }
    if (lines) yield lines;
  }
}

/**
 * Writes the file of `row` as `runner`, piece by piece. `keepGoing` runs between batches and throws
 * `Stopped` when the runner should give up. Returns how many receipts and bytes it wrote.
 */
export async function writeExportFile(scope: ScopeSource, row: DataExportsTable, runner: string, keepGoing: () => Promise<void>) {
  const store = dataExports(scope);
  const range = { after: Number(row.created_at_after), before: Number(row.created_at_before) };
  const counts = { rows: 0, bytes: 0 };
  let seq = 0;
  await pipeline(Readable.from(csvLines(scope, range, counts, keepGoing)), createGzip(), async function store_pieces(gzipped: AsyncIterable<Buffer>) {
    let pending: Buffer[] = [];
    let size = 0;
    const flush = async () => {
      await store.addChunk(row.id, runner, seq++, Buffer.concat(pending, size));
      counts.bytes += size;
      pending = [];
      size = 0;
    };
    for await (const piece of gzipped) {
      pending.push(piece);
      size += piece.length;
      if (size >= CHUNK_BYTES) await flush();
    }
    if (size > 0) await flush();
  });
  return counts;
}
