/**
 * The one place errors become HTTP responses. Whatever went wrong, the client gets Intercom's
 * `error.list` body; nothing the client sends can produce anything but a 4xx.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
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
  if (issue.keyword === 'required') return new ApiError(400, 'parameter_not_found', `${field} is a required parameter.`, field);
  if (issue.keyword === 'type') {
    return new ApiError(400, 'parameter_invalid', `${field} must be of type ${[].concat(issue.params.type).join(' or ')}`, field);
  }
  if (issue.keyword === 'enum') {
    return new ApiError(400, 'parameter_invalid', `${field} must be one of: ${issue.params.allowedValues.join(', ')}`, field);
  }
  return new ApiError(400, 'parameter_invalid', `${field} ${issue.message ?? 'is invalid'}`, field);
}

function toApiError(error: FastifyError): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error.validation) return fromValidation(error);
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ApiError(400, 'parameter_invalid', 'There was a problem in the JSON you submitted: the body is not valid JSON');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError(400, 'bad_request', 'Content-Type must be application/json');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(413, 'request_too_large', 'The request body is too large');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError(400, 'bad_request', 'Content-Length does not match the body');
  }
  if (error instanceof SyntaxError) {
    return new ApiError(400, 'parameter_invalid', 'There was a problem in the JSON you submitted: the body is not valid JSON');
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
    apiError = new ApiError(500, 'server_error', 'An unexpected error occurred');
  }
  return reply.code(apiError.status).type('application/json; charset=utf-8').send(errorList(request.id, apiError));
}

export function handleNotFound(request: FastifyRequest, reply: FastifyReply) {
  // Intercom answers 404 both for unknown paths and for methods a path does not support.
  return reply.code(404).send(errorList(request.id, new ApiError(404, 'not_found', 'Resource Not Found')));
}
