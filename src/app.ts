/** buildApp: the Fastify instance with every hook and operation registered. No listening here. */
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/database.js';
import { ApiError, errorList } from './errors.js';
import { operations } from './generated/operations.js';
import { emits, handlers } from './handlers.js';
import { registerAdmin } from './admin/index.js';
import { DeveloperControls } from './admin/controls/service.js';
import { JobRunner } from './core/jobs.js';
import { jobKinds } from './jobs.js';
import { acceptsJson, acceptsType } from './http/accept.js';
import { Authenticator, checkVersion } from './http/auth.js';
import { Clocks } from './core/clock.js';
import { handleClientError, handleError, handleFrameworkError, handleNotFound, handleUnmetExpectation } from './http/error-handler.js';
import { RateLimiter, rateLimitHeaders } from './http/rate-limit.js';
import { registerOperations } from './http/register.js';
import { compileRequestValidator, responseViolation } from './http/validation.js';

export interface AppOptions {
  config: Config;
  database: DatabaseHandle;
  /** Every workspace's clock (the job runner shares it); the system clock by default. */
  clocks?: Clocks;
  /** Runs a workspace's due jobs when `/_admin/clock/advance` moves its clock (one is made if not given). */
  jobs?: JobRunner;
  /** Check every response against the spec; a violation becomes a 500 naming it. On in tests. */
  validateResponses?: boolean;
  logger?: FastifyServerOptions['logger'];
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, database } = options;
  const clocks = options.clocks ?? new Clocks();
  const app = Fastify({
    logger: options.logger ?? false,
    // Per-request lines are ours (onResponse, at debug): keeps the hot path quiet at the default level.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.bodyLimit,
    genReqId: () => randomUUID(),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    // Fastify's and Node's own refusals (a path that does not decode, oversized headers…) in
    // Intercom's error.list shape like every other answer.
    frameworkErrors: handleFrameworkError,
    clientErrorHandler: handleClientError,
    // Node answers an HTTP/1.1 request without Host with a bare 400 of its own: let it through to
    // the onRequest hook below, which refuses it (RFC 9112 §3.2 still wants the 400) as an error.list.
    http: { requireHostHeader: false },
  });
  const authenticator = new Authenticator(database.db);
  const limiter = config.rateLimitPerMinute > 0 ? new RateLimiter(config.rateLimitPerMinute) : undefined;

  app.decorateRequest('caller', null);
  app.decorateRequest('admitted', false);
  app.setValidatorCompiler(compileRequestValidator);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);

  // JSON bodies: an empty body is no body (clients send `Content-Type: application/json` on bodiless POSTs).
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if ((body as string).trim() === '') return done(null, undefined);
    parseJson(request, body as string, done);
  });

  // Node answers an `Expect` other than 100-continue with a bare 417 unless someone listens.
  app.server.on('checkExpectation', handleUnmetExpectation);

  // Every answer, 404s included, names its request.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    if (request.headers.host === undefined && request.raw.httpVersion === '1.1') {
      return done(new ApiError('bad_request', 'An HTTP/1.1 request must have a Host header'));
    }
    done();
  });

  /** Runs before every operation (not before a 404): who is calling, within their limit, asking for JSON. */
  const admit = async (request: FastifyRequest, reply: FastifyReply) => {
    request.caller = await authenticator.authenticate(request.headers.authorization);
    if (limiter) {
      // Counted after authentication: like Intercom, unauthenticated answers carry no rate-limit headers.
      const state = limiter.take(request.caller.workspace.id, clocks.for(request.caller.workspace.id).now());
      reply.headers(rateLimitHeaders(state));
      if (state.exceeded) throw limiter.exceededError();
    }
    checkVersion(request.headers['intercom-version']);
    const produces = request.routeOptions.config.operation?.produces;
    if (produces) {
      // Intercom asks for this header explicitly (the export download): absent is not enough.
      if (!request.headers.accept || !acceptsType(request.headers.accept, produces)) {
        throw new ApiError(406, 'bad_request', `The Accept header must allow ${produces}`);
      }
    } else if (!acceptsJson(request.headers.accept)) {
      throw new ApiError(406, 'bad_request', 'The Accept header must allow application/json');
    }
    request.admitted = true;
  };

  if (options.validateResponses) {
    app.addHook('onSend', async (request, reply, payload) => {
      const operationId = request.routeOptions.config.operationId;
      if (!operationId || (payload !== undefined && payload !== null && typeof payload !== 'string')) return payload;
      const body = payload ? JSON.parse(payload as string) : undefined;
      const violation = responseViolation(operations[operationId], reply.statusCode, body);
      if (!violation) return payload;
      const message = `response violates the spec for ${operationId} ${reply.statusCode}: ${violation}`;
      request.log.error(message);
      reply.code(500);
      return JSON.stringify(errorList(request.id, new ApiError('server_error', message)));
    });
  }

  // A hook costs every request a promise and a call, even when its line is filtered out: add it only when it can log.
  if (app.log.level === 'debug' || app.log.level === 'trace') {
    app.addHook('onResponse', async (request, reply) => {
      request.log.debug(
        { method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
        'request',
      );
    });
  }

  const deps = { db: database.db, clocks, config, admit };
  // The developer controls' hooks (shared clock and faults, the request journal) come before every route.
  const jobs = options.jobs ?? new JobRunner({ db: database.db, clocks, kinds: jobKinds(database, config) });
  const controls = await DeveloperControls.create({ db: database.db, clocks, config, jobs, forgetCallers: (id) => authenticator.forgetWorkspace(id) });
  controls.installHooks(app);
  registerOperations(app, handlers, emits, deps);
  registerAdmin(app, deps, controls);
  await app.ready();
  return app;
}
