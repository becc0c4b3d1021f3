/**
 * The one place errors become HTTP responses. Whatever went wrong, the client gets Intercom's
 * `error.list` body; nothing the client sends can produce anything but a 4xx.
 */
import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, errorList } from '../errors.js';

interface AjvIssue {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, any>;
}

function fieldName(context: string | undefined, issue: AjvIssue): string {
  const path = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const name = issue.keyword === 'required' ? [path, issue.params.missingProperty].filter(Boolean).join('.') : path;
  return name || (context === 'body' ? 'body' : context ?? 'request');
}

/** Turns a schema validation failure into Intercom's codes: missing → parameter_not_found, else parameter_invalid. */
function fromValidation(error: FastifyError): ApiError {
  const issue = (error.validation as unknown as AjvIssue[])[0];
  const context = error.validationContext;
  const field = fieldName(context, issue);
  if (issue.keyword === 'required') return new ApiError('parameter_not_found', `${field} is a required parameter.`, field);
  if (issue.keyword === 'type') {
    return new ApiError('parameter_invalid', `${field} must be of type ${[].concat(issue.params.type).join(' or ')}`, field);
  }
  if (issue.keyword === 'enum') {
    return new ApiError('parameter_invalid', `${field} must be one of: ${issue.params.allowedValues.join(', ')}`, field);
  }
  return new ApiError('parameter_invalid', `${field} ${issue.message ?? 'is invalid'}`, field);
}

function toApiError(error: FastifyError): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error.validation) return fromValidation(error);
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ApiError('parameter_invalid', 'There was a problem in the JSON you submitted: the body is not valid JSON');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError('bad_request', 'Content-Type must be application/json');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('request_too_large', 'The request body is too large');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError('bad_request', 'Content-Length does not match the body');
    case 'FST_ERR_BAD_URL':
      return new ApiError('parameter_invalid', 'The request path has a malformed percent-encoding: each %XX sequence must spell valid UTF-8');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      // A path segment over the router's limit (500 characters) names no object: no id is that long.
      // Answered as every other unknown or malformed id is, 404, rather than Fastify's 414 "URI Too
      // Long", which would tell the client to shorten a URL that is far below any HTTP length limit.
      return new ApiError('not_found', 'Resource Not Found');
  }
  if (error instanceof SyntaxError) {
    return new ApiError('parameter_invalid', 'There was a problem in the JSON you submitted: the body is not valid JSON');
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new ApiError(error.statusCode, 'bad_request', error.message);
  }
  return undefined;
}

export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  let apiError = toApiError(error);
  if (!apiError) {
    request.log.error({ err: error, requestId: request.id }, 'unexpected error');
    apiError = new ApiError('server_error', 'An unexpected error occurred');
  }
  // An operation with an error shape of its own (the phone switch) uses it once the request is admitted.
  const errorBody = request.admitted ? request.routeOptions.config.operation?.errorBody : undefined;
  const body = errorBody ? errorBody(apiError) : errorList(request.id, apiError);
  return reply.code(apiError.status).type('application/json; charset=utf-8').send(body);
}

export function handleNotFound(request: FastifyRequest, reply: FastifyReply) {
  // Intercom answers 404 both for unknown paths and for methods a path does not support.
  return reply.code(404).send(errorList(request.id, new ApiError('not_found', 'Resource Not Found')));
}

/**
 * Fastify's answers made before routing (a path that does not decode, a parameter over the length
 * limit): no route, so no onRequest hook named the request; name it here, then answer as any error.
 */
export function handleFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  reply.header('x-request-id', request.id);
  return handleError(error, request, reply);
}

/** The error for each failure of Node's HTTP parser (the `clientError` event). */
function clientError(code: string | undefined): ApiError {
  if (code === 'HPE_HEADER_OVERFLOW') return new ApiError(431, 'request_too_large', 'The request headers are too large');
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return new ApiError(408, 'bad_request', 'The request took too long to arrive');
  return new ApiError('bad_request', 'The request is not valid HTTP');
}

/**
 * Requests Node refuses before Fastify sees them: headers over Node's 16 KB limit, a malformed
 * request line or header, a request too slow to arrive. Fastify's default handler answers these in
 * its own JSON shape; this answers in Intercom's, with a request id, then closes the connection as
 * both do (the parser cannot resume on it). Bound to the Fastify instance by Fastify.
 */
export function handleClientError(this: FastifyInstance, error: Error & { code?: string }, socket: Socket) {
  // A reset connection is already gone: nothing to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const requestId = randomUUID();
  const apiError = clientError(error.code);
  this.log.debug({ err: error, requestId }, 'client error');
  if (socket.writable) {
    const body = JSON.stringify(errorList(requestId, apiError));
    socket.write(
      `HTTP/1.1 ${apiError.status} ${STATUS_CODES[apiError.status]}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/**
 * The server's `checkExpectation` event: a request whose `Expect` is not 100-continue, which Node
 * otherwise refuses with a bare 417. Same status, in Intercom's shape; the body is not read, so the
 * connection closes.
 */
export function handleUnmetExpectation(_request: IncomingMessage, response: ServerResponse) {
  const requestId = randomUUID();
  const body = JSON.stringify(errorList(requestId, new ApiError(417, 'bad_request', 'The only Expect this server supports is 100-continue')));
  response.writeHead(417, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'x-request-id': requestId,
    connection: 'close',
  });
  response.end(body);
}
