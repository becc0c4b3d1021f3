/**
 * The developer controls' routes under `/_admin/`: admitted like every API operation (the
 * workspace's token), run as operations of the kernel (a transaction where marked), answering
 * errors in `error.list` shape with the request id.
 */
import type { FastifyInstance } from 'fastify';
import { Readable } from 'node:stream';
import type { Ctx } from '../../core/context.js';
import { runOperation } from '../../core/operation.js';
import { ApiError } from '../../errors.js';
import type { OperationDeps } from '../../http/register.js';
import { assertCleanStrings } from '../../http/strings.js';
import type { AdminInput } from '../webhooks.js';
import { clockHandlers } from './clock.js';
import { faultHandlers } from './faults.js';
import { loadFixture } from './fixtures.js';
import { requestHandlers } from './requests.js';
import { resetHandler } from './reset.js';
import type { DeveloperControls } from './service.js';
import { parseYaml } from './seed-file.js';
import { restoreHandler, snapshotHandler } from './snapshot.js';

export type ControlHandler = (ctx: Ctx, input: AdminInput) => Promise<unknown>;

interface ControlRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  handler: ControlHandler;
  /** Runs in one transaction. Not for handlers that run jobs (each job has its own transaction). */
  writes: boolean;
  /** Takes documents larger than the API's body limit (snapshots, fixtures). */
  large?: boolean;
}

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];

export function registerControlRoutes(app: FastifyInstance, deps: OperationDeps, controls: DeveloperControls): void {
  const clock = clockHandlers(controls);
  const faults = faultHandlers(controls);
  const requests = requestHandlers(controls);
  const routes: ControlRoute[] = [
    { method: 'POST', path: '/_admin/reset', handler: resetHandler(controls), writes: true },
    { method: 'POST', path: '/_admin/fixtures', handler: (ctx, { body }) => loadFixture(ctx, body), writes: true, large: true },
    { method: 'GET', path: '/_admin/snapshot', handler: snapshotHandler(controls), writes: false },
    { method: 'POST', path: '/_admin/restore', handler: restoreHandler(controls), writes: true, large: true },
    { method: 'GET', path: '/_admin/requests', handler: requests.list, writes: false },
    { method: 'DELETE', path: '/_admin/requests', handler: requests.clear, writes: false },
    { method: 'GET', path: '/_admin/clock', handler: clock.show, writes: false },
    { method: 'PUT', path: '/_admin/clock', handler: clock.set, writes: false },
    { method: 'POST', path: '/_admin/clock/advance', handler: clock.advance, writes: false },
    { method: 'DELETE', path: '/_admin/clock', handler: clock.realTime, writes: false },
    { method: 'POST', path: '/_admin/faults', handler: faults.create, writes: true },
    { method: 'GET', path: '/_admin/faults', handler: faults.list, writes: false },
    { method: 'DELETE', path: '/_admin/faults', handler: faults.clear, writes: false },
    { method: 'DELETE', path: '/_admin/faults/:id', handler: faults.remove, writes: false },
  ];

  // Its own context: the YAML parser serves fixtures only, never the Intercom API.
  app.register(async (scope) => {
    scope.addContentTypeParser(YAML_TYPES, { parseAs: 'string' }, async (_request: unknown, text: string | Buffer) => {
      if (String(text).trim() === '') return undefined;
      try {
        return await parseYaml(String(text));
      } catch (error) {
        throw new ApiError('parameter_invalid', `The YAML is not valid: ${String((error as Error).message).split('\n')[0]}`);
      }
    });
    for (const route of routes) {
      scope.route({
        method: route.method,
        url: route.path,
        onRequest: deps.admit,
        bodyLimit: route.large ? deps.config.adminBodyLimit : undefined,
        handler: async (request, reply) => {
          assertCleanStrings('params', request.params);
          assertCleanStrings('query', request.query);
          assertCleanStrings('body', request.body);
          const input: AdminInput = {
            params: (request.params ?? {}) as Record<string, string>,
            query: (request.query ?? {}) as Record<string, unknown>,
            body: request.body,
          };
          const answer = await runOperation(deps, request.caller!, request, route.writes, (ctx) => route.handler(ctx, input));
          if (answer instanceof Readable) return reply.type('application/json; charset=utf-8').send(answer);
          return answer;
        },
      });
    }
  });
}
