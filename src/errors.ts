/**
 * Intercom's error catalogue and the one error type handlers throw.
 * Every error leaves the server as {"type":"error.list","request_id":…,"errors":[{code,message}]}.
 */

/** The codes this server emits, all taken from Intercom's documented error codes. */
export type ErrorCode =
  | 'unauthorized'
  | 'intercom_version_invalid'
  | 'parameter_invalid'
  | 'parameter_not_found'
  | 'parameter_mismatch'
  | 'bad_request'
  | 'not_found'
  | 'admin_not_found'
  | 'team_not_found'
  | 'tag_not_found'
  | 'company_not_found'
  | 'ticket_not_found'
  | 'assignee_not_found'
  | 'field_not_found'
  | 'tag_has_dependent_objects'
  | 'conflict'
  | 'data_invalid'
  | 'invalid_field'
  | 'invalid_sort_order'
  | 'unsupported'
  | 'request_too_large'
  | 'rate_limit_exceeded'
  | 'not_implemented'
  | 'server_error';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ErrorList {
  type: 'error.list';
  request_id: string | null;
  errors: { code: string; message: string; field?: string }[];
}

export function errorList(requestId: string | null, error: ApiError): ErrorList {
  const item: ErrorList['errors'][number] = { code: error.code, message: error.message };
  if (error.field) item.field = error.field;
  return { type: 'error.list', request_id: requestId, errors: [item] };
}

// Constructors for the common cases, so handlers read as `throw notFound('Resource Not Found')`.
export const badRequest = (message: string, code: ErrorCode = 'parameter_invalid', field?: string) =>
  new ApiError(400, code, message, field);
export const missingParameter = (message: string, field?: string) =>
  new ApiError(400, 'parameter_not_found', message, field);
export const notFound = (message = 'Resource Not Found', code: ErrorCode = 'not_found') =>
  new ApiError(404, code, message);
export const conflict = (message: string) => new ApiError(409, 'conflict', message);
export const unprocessable = (message: string, code: ErrorCode = 'parameter_invalid') =>
  new ApiError(422, code, message);
export const unauthorized = () => new ApiError(401, 'unauthorized', 'Access Token Invalid');
