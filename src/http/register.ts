/**
 * Registers every operation of the spec by its operationId: method, path and request schema come
 * from the generated spec, so no path is typed by hand. An operation without a handler answers
 * 501 `not_implemented` (never a framework 404).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { ApiError } from '../errors.js';
import { operations, type OperationId } from '../generated/operations.js';
import type { Caller } from '../workspaces/tokens.js';
import { Reply, type Clock, type Ctx, type Handler, type Handlers } from './context.js';
import { assertCleanStrings } from './strings.js';
import { requestSchemas } from './validation.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    operationId?: OperationId;
  }
  interface FastifyRequest {
    caller: Caller | null;
  }
}

/** `/contacts/{contact_id}` → `/contacts/:contact_id` */
export const fastifyPath = (path: string) => path.replace(/\{([^}]+)\}/g, ':$1');

export interface OperationDeps {
  db: Db;
  clock: Clock;
  config: Config;
  /** Runs first on every operation's request (authentication and the other admission checks). */
  admit: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
}

export function registerOperations(app: FastifyInstance, handlers: Handlers, deps: OperationDeps) {
  const context = (request: FastifyRequest): Ctx => ({
    db: deps.db,
    clock: deps.clock,
    config: deps.config,
    workspace: request.caller!.workspace,
    adminId: request.caller!.adminId,
    log: request.log,
    requestId: request.id,
  });

  for (const spec of Object.values(operations)) {
    const handler = handlers[spec.id as OperationId] as Handler<OperationId> | undefined;
    app.route({
      method: spec.method,
      url: fastifyPath(spec.path),
      schema: handler ? requestSchemas(spec) : undefined,
      config: { operationId: spec.id as OperationId },
      onRequest: deps.admit,
      // No body at all reads as an empty object, so a missing field is reported by name.
      preValidation: spec.body
        ? async (request) => {
            if (request.body === undefined) request.body = {};
          }
        : undefined,
      handler: async (request, reply) => {
        if (!handler) throw new ApiError(501, 'not_implemented', `${spec.id} is not implemented by this server yet`);
        assertCleanStrings('params', request.params);
        assertCleanStrings('query', request.query);
        assertCleanStrings('body', request.body);
        const input = { params: request.params, query: request.query, body: request.body } as never;
        const result = await handler(context(request), input);
        if (result instanceof Reply) {
          reply.code(result.status);
          return result.body === undefined ? reply.send() : reply.send(result.body);
        }
        return result;
      },
    });
  }
}

/** Every handler module, merged; a second handler for one operationId is a programming error. */
export function mergeHandlers(...modules: Handlers[]): Handlers {
  const merged: Record<string, unknown> = {};
  for (const module of modules) {
    for (const [id, handler] of Object.entries(module)) {
      if (!(id in operations)) throw new Error(`handler for unknown operation ${id}`);
      if (id in merged) throw new Error(`two handlers for ${id}`);
      merged[id] = handler;
    }
  }
  return merged as Handlers;
}
