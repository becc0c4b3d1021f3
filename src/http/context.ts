/** What every handler receives: the caller's workspace and the services it may use. Nothing global. */
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { OperationId } from '../generated/operations.js';
import type { operations } from '../generated/types.js';

export interface Clock {
  /** Unix seconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Math.floor(Date.now() / 1000) };

export interface Workspace {
  id: string; // the app's id_code; every row's workspace_id
  name: string;
  region: string;
  timezone: string;
  createdAt: number;
}

export interface Ctx {
  db: Db;
  workspace: Workspace;
  /** The admin the access token acts as. */
  adminId: number;
  clock: Clock;
  config: Config;
  log: FastifyBaseLogger;
  requestId: string;
}

type Op<Id extends OperationId> = Id extends keyof operations ? operations[Id] : never;
type JsonBody<R> = R extends { content: { 'application/json': infer B } } ? B : undefined;

export interface Input<Id extends OperationId> {
  params: Op<Id> extends { parameters: { path: infer P } } ? (P extends object ? P : {}) : {};
  query: Op<Id> extends { parameters: { query?: infer Q } } ? (Q extends object ? Q : {}) : {};
  body: Op<Id> extends { requestBody?: infer R } ? JsonBody<R> : undefined;
}

/** A handler returns the wire object (sent with 200) or a Reply for another status. */
export type Handler<Id extends OperationId> = (ctx: Ctx, input: Input<Id>) => Promise<unknown> | unknown;

export type Handlers = { [Id in OperationId]?: Handler<Id> };

/** A response with a status other than 200, or with no body. */
export class Reply {
  constructor(
    readonly status: number,
    readonly body?: unknown,
  ) {}
}
