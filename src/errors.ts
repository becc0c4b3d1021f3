/**
 * Intercom's error catalogue and the one error type handlers throw. The status follows from the
 * code; the few places where Intercom answers a code with another status say so explicitly
 * (`unprocessable`). Every error leaves the server as
 * {"type":"error.list","request_id":…,"errors":[{code,message}]}.
 */

/** The codes this server emits, all taken from Intercom's documented error codes, with their status. */
const STATUS = {
  unauthorized: 401,
  api_plan_restricted: 403,
  request_timeout: 408,
  intercom_version_invalid: 400,
  parameter_invalid: 400,
  parameter_not_found: 400,
  parameter_mismatch: 400,
  bad_request: 400,
  invalid_field: 400,
  invalid_sort_order: 400,
  tag_has_dependent_objects: 400,
  scroll_exists: 400,
  unsupported: 400,
  invalid_phone_number: 400,
  conversation_part_not_redactable: 400,
  not_found: 404,
  admin_not_found: 404,
  team_not_found: 404,
  tag_not_found: 404,
  company_not_found: 404,
  ticket_not_found: 404,
  assignee_not_found: 404,
  field_not_found: 404,
  conversation_part_or_message_not_found: 404,
  conflict: 409,
  request_too_large: 413,
  data_invalid: 422,
  rate_limit_exceeded: 429,
  server_error: 500,
  service_unavailable: 503,
  not_implemented: 501,
} as const;

export type ErrorCode = keyof typeof STATUS;

export const statusOf = (code: ErrorCode): number => STATUS[code];

export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly field?: string;

  /** `new ApiError(code, message, field?)`; the status comes from the catalogue. */
  constructor(code: ErrorCode, message: string, field?: string);
  /**
   * With an explicit status, where Intercom answers a code with another one (422 parameter_invalid),
   * or HTTP itself decides the status (406, 408, 417, 431) and the code only names the kind of problem.
   */
  constructor(status: number, code: ErrorCode, message: string, field?: string);
  constructor(...args: [ErrorCode, string, string?] | [number, ErrorCode, string, string?]) {
    const [status, code, message, field] =
      typeof args[0] === 'number' ? (args as [number, ErrorCode, string, string?]) : [STATUS[args[0]], ...(args as [ErrorCode, string, string?])];
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
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
export const badRequest = (message: string, code: ErrorCode = 'parameter_invalid', field?: string) => new ApiError(code, message, field);
export const missingParameter = (message: string, field?: string) => new ApiError('parameter_not_found', message, field);
export const notFound = (message = 'Resource Not Found', code: ErrorCode = 'not_found') => new ApiError(code, message);
export const conflict = (message: string) => new ApiError('conflict', message);
/** 422: Intercom answers some validation codes (parameter_invalid, parameter_not_found, data_invalid) with it. */
export const unprocessable = (message: string, code: ErrorCode = 'parameter_invalid', field?: string) => new ApiError(422, code, message, field);
export const unauthorized = () => new ApiError('unauthorized', 'Access Token Invalid');
