/**
 * Registers every operation of the spec by its operationId: method, path and request schema come
 * from the generated spec, so no path is typed by hand. An operation without a handler answers
 * 501 `not_implemented` (never a framework 404). Each request runs as one operation of the kernel
 * (core/operation.ts): a transaction around every write.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isReadOnly, optionsOf, Reply, type Handler, type Handlers, type OperationOptions } from '../core/context.js';
import { declaredEmitter, type Emits } from '../core/events.js';
import { runOperation, type Caller, type KernelDeps } from '../core/operation.js';
import { ApiError } from '../errors.js';
import { operations, type OperationId } from '../generated/operations.js';
import { assertCleanStrings } from './strings.js';
import { requestSchemas } from './validation.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    operationId?: OperationId;
    /** What the operation's handler declares apart from the conventions (core/context.ts `withOptions`). */
    operation?: OperationOptions;
  }
  interface FastifyRequest {
    caller: Caller | null;
    /** Set once admission passed: errors from then on are the operation's own. */
    admitted: boolean;
  }
}

/** `/contacts/{contact_id}` → `/contacts/:contact_id` */
export const fastifyPath = (path: string) => path.replace(/\{([^}]+)\}/g, ':$1');

export interface OperationDeps extends KernelDeps {
  /** Runs first on every operation's request (authentication and the other admission checks). */
  admit: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
}

export function registerOperations(app: FastifyInstance, handlers: Handlers, emits: Emits, deps: OperationDeps) {
  for (const spec of Object.values(operations)) {
    const handler = handlers[spec.id as OperationId] as Handler<OperationId> | undefined;
    const writes = spec.method !== 'GET' && !isReadOnly(handler);
    app.route({
      method: spec.method,
      url: fastifyPath(spec.path),
      schema: handler ? requestSchemas(spec) : undefined,
      config: { operationId: spec.id as OperationId, operation: optionsOf(handler) },
      onRequest: deps.admit,
      // No body at all reads as an empty object, so a missing field is reported by name.
      preValidation: spec.body
        ? async (request) => {
            if (request.body === undefined) request.body = {};
          }
        : undefined,
      handler: async (request, reply) => {
        if (!handler) throw new ApiError('not_implemented', `${spec.id} is not implemented by this server yet`);
        // One rule for every string at the boundary, on both engines: no NUL, no lone surrogate.
        assertCleanStrings('params', request.params);
        assertCleanStrings('query', request.query);
        assertCleanStrings('body', request.body);
        // The validated request is the operation's typed input (the schema checked it against the spec).
        const input = { params: request.params, query: request.query, body: request.body } as Parameters<typeof handler>[1];
        const result = await runOperation(deps, request.caller!, request, writes, (ctx) =>
          handler(writes ? { ...ctx, emit: declaredEmitter(ctx.emit, spec.id, emits[spec.id as OperationId]) } : ctx, input),
        );
        if (result instanceof Reply) {
          reply.code(result.status);
          if (result.headers) reply.headers(result.headers);
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
