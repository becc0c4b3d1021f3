/**
 * What an injected fault answers: Intercom's error body for that status, with the code Intercom uses
 * for it (behaviour reference §1, §3), and for 429 the rate-limit headers a client backs off by.
 */
import type { FastifyReply } from 'fastify';
import type { Config } from '../../config.js';
import { ApiError, type ErrorCode } from '../../errors.js';
import { perWindowOf, rateLimitExceeded, rateLimitHeaders, WINDOW_SECONDS } from '../../http/rate-limit.js';

export const FAULT_STATUSES: Readonly<Record<number, { code: ErrorCode; message: string }>> = {
  400: { code: 'bad_request', message: 'Bad Request' },
  401: { code: 'unauthorized', message: 'Access Token Invalid' },
  403: { code: 'api_plan_restricted', message: 'Active subscription needed.' },
  404: { code: 'not_found', message: 'Resource Not Found' },
  408: { code: 'request_timeout', message: 'Request Timeout' },
  409: { code: 'conflict', message: 'Conflict' },
  422: { code: 'data_invalid', message: 'Unprocessable Entity' },
  429: { code: 'rate_limit_exceeded', message: 'Exceeded rate limit' },
  500: { code: 'server_error', message: 'Server Error' },
  502: { code: 'server_error', message: 'Bad Gateway' },
  503: { code: 'service_unavailable', message: 'Service Unavailable' },
  504: { code: 'server_error', message: 'Gateway Timeout' },
};

export function faultError(status: number, reply: FastifyReply, config: Config, now: number): ApiError {
  const known = FAULT_STATUSES[status];
  if (status === 429) {
    // Intercom's allowance per 10-second window, as the real limiter states it.
    const perWindow = perWindowOf(config.rateLimitPerMinute || 10_000);
    reply.headers(rateLimitHeaders({ limit: perWindow, remaining: 0, reset: now + WINDOW_SECONDS }));
    return rateLimitExceeded(perWindow);
  }
  return new ApiError(status, known.code, known.message);
}
