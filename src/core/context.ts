/**
 * What every handler receives and returns. A handler is `(ctx, input) → answer`: `ctx` carries the
 * caller's workspace and the services it may use (nothing global); `input` is typed from the spec;
 * the answer is typed as the operation's 200 response, or a `Reply` for another status.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { ApiError } from '../errors.js';
import type { OperationId } from '../generated/operations.js';
import type { operations } from '../generated/types.js';
import type { Clock } from './clock.js';
import type { Emit } from './events.js';
import type { Enqueue } from './jobs.js';

export interface Workspace {
  id: string; // the app's id_code; every row's workspace_id
  name: string;
  region: string;
  timezone: string;
  createdAt: number;
}

export interface Ctx {
  /** For a write, the operation's one transaction; for a read, the database. */
  readonly db: Db;
  readonly workspace: Workspace;
  /** The admin the access token acts as. */
  readonly adminId: number;
  /** This workspace's clock. */
  readonly clock: Clock;
  readonly config: Config;
  readonly log: FastifyBaseLogger;
  readonly requestId: string;
  /** Records an event in the operation's transaction (writes only). */
  readonly emit: Emit;
  /** Schedules a job in the operation's transaction (writes only). */
  readonly enqueue: Enqueue;
}

type Op<Id extends OperationId> = Id extends keyof operations ? operations[Id] : never;
type JsonBody<R> = R extends { content: { 'application/json': infer B } } ? B : undefined;

export interface Input<Id extends OperationId> {
  params: Op<Id> extends { parameters: { path: infer P } } ? (P extends object ? P : {}) : {};
  query: Op<Id> extends { parameters: { query?: infer Q } } ? (Q extends object ? Q : {}) : {};
  body: Op<Id> extends { requestBody?: infer R } ? JsonBody<R> : undefined;
}

/** The operation's 200 body as the spec declares it. */
export type Ok<Id extends OperationId> = Op<Id> extends { responses: { 200: { content: { 'application/json': infer B } } } } ? B : never;

/** A response with a status other than 200, with no body, or with headers of its own (a download). */
export class Reply {
  constructor(
    readonly status: number,
    readonly body?: unknown,
    readonly headers?: Record<string, string | number>,
  ) {}
}

export type Handler<Id extends OperationId> = (ctx: Ctx, input: Input<Id>) => Promise<Ok<Id> | Reply>;

export type Handlers = { [Id in OperationId]?: Handler<Id> };

const READ_ONLY = Symbol('read-only');

/**
 * Marks a handler of a POST that changes nothing (a search): it runs outside a transaction, like a GET.
 * Every other non-GET operation runs in one transaction opened for it.
 */
export function readOnly<H extends Handler<never>>(handler: H): H {
  return Object.assign(handler, { [READ_ONLY]: true });
}

export const isReadOnly = (handler: unknown): boolean => typeof handler === 'function' && READ_ONLY in handler;

/** What sets an operation apart from the API's usual conventions. */
export interface OperationOptions {
  /**
   * The body of this operation's errors, where Intercom answers them in a shape of its own rather
   * than `error.list` (the phone switch). Admission errors (auth, version, rate limit, Accept) keep
   * `error.list`, as Intercom's do.
   */
  errorBody?: (error: ApiError) => unknown;
  /** The media type the operation answers with, when it is not JSON; the `Accept` header must allow it. */
  produces?: string;
}

const OPTIONS = Symbol('operation-options');

/** Declares `options` on a handler: `createPhoneSwitch: withOptions({ errorBody }, async (ctx, input) => …)`. */
export function withOptions<Id extends OperationId>(options: OperationOptions, handler: Handler<Id>): Handler<Id> {
  return Object.assign(handler, { [OPTIONS]: options });
}

export const optionsOf = (handler: unknown): OperationOptions =>
  (typeof handler === 'function' && OPTIONS in handler ? (handler as unknown as { [OPTIONS]: OperationOptions })[OPTIONS] : {});
