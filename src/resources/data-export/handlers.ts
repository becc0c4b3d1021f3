/**
 * Message data export: createDataExport, getDataExport, cancelDataExport, downloadDataExport.
 * An export is a job of the job runner (jobs.ts): pending → in_progress → completed, no_data,
 * failed or canceled. One export is active per workspace at a time.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { Reply, withOptions, type Handlers } from '../../core/context.js';
import { ApiError, badRequest, notFound } from '../../errors.js';
import { DATA_EXPORT_JOB } from './jobs.js';
import { dataExports } from './store.js';
import { dataExportWire } from './wire.js';

/** 9999-12-31T23:59:59Z. */
const LATEST = 253402300799;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** 16 lowercase letters and digits, like Intercom's job identifiers. */
function jobIdentifier(): string {
  return [...randomBytes(16)].map((byte) => ALPHABET[byte % ALPHABET.length]).join('');
}

export const dataExportHandlers: Handlers = {
  /** The range is inclusive at both ends, by the time each message was sent. */
  async createDataExport(ctx, { body }) {
    const { created_at_after: after, created_at_before: before } = body!;
    for (const [field, value] of [['created_at_after', after], ['created_at_before', before]] as const) {
      // Whole unix seconds up to the year 9999: anything else (1e308 included) names no time and fits no column.
      if (!Number.isSafeInteger(value) || value < 0 || value > LATEST) throw badRequest(`${field} must be a unix timestamp`, 'parameter_invalid', field);
    }
    if (before < after) throw badRequest('created_at_before must not be before created_at_after', 'parameter_invalid', 'created_at_before');
    const now = ctx.clock.now();
    const id = jobIdentifier();
    if (!(await dataExports(ctx).insertIfNoneActive({ id, after, before, now }))) {
      throw new ApiError('rate_limit_exceeded', 'Exceeded rate limit of 1 pending message data export jobs');
    }
    await ctx.enqueue({ kind: DATA_EXPORT_JOB, runAt: now, payload: { exportId: id }, uniqueKey: `data-export:${ctx.workspace.id}:${id}` });
    return dataExportWire((await dataExports(ctx).find(id))!, ctx.config.publicUrl);
  },

  async getDataExport(ctx, { params }) {
    return dataExportWire(await dataExports(ctx).require(params.job_identifier), ctx.config.publicUrl);
  },

  /** Cancels a pending or running export; one that has ended is answered as it is. */
  async cancelDataExport(ctx, { params }) {
    const row = await dataExports(ctx).require(params.job_identifier);
    // Whatever a runner wrote so far is of no use: dropped now (a live runner stops at its next batch).
    if (await dataExports(ctx).cancel(row.id, ctx.clock.now())) await dataExports(ctx).dropChunks(row.id);
    return dataExportWire((await dataExports(ctx).find(row.id))!, ctx.config.publicUrl);
  },

  /**
   * The gzipped CSV of a completed export, streamed a stored piece at a time. Intercom asks for
   * `Accept: application/octet-stream`. Before completion, and after the two days it stays, there
   * is no file: 404.
   */
  downloadDataExport: withOptions({ produces: 'application/octet-stream' }, async (ctx, { params }) => {
    const row = await dataExports(ctx).require(params.job_identifier);
    if (row.status !== 'completed' || row.runner === null) throw notFound(`Export ${row.id} has no file to download: it is ${row.status}`);
    if (ctx.clock.now() >= Number(row.expires_at)) throw notFound(`The download of export ${row.id} has expired`);
    const store = dataExports(ctx);
    const runner = row.runner;
    const pieces = async function* () {
      for (let seq = 0; ; seq++) {
        const piece = await store.chunk(row.id, runner, seq);
        if (!piece) return;
        yield Buffer.from(piece);
      }
    };
    return new Reply(200, Readable.from(pieces()), {
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename="${row.id}.csv.gz"`,
      'content-length': Number(row.byte_size),
    });
  }),
};
