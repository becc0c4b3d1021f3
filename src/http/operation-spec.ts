import type { JsonSchema } from './json-schema.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

export interface ParamSpec {
  name: string;
  required: boolean;
  schema: JsonSchema;
}

/** One operation of the Intercom spec, reduced to the facts the server needs. */
export interface OperationSpec {
  id: string;
  method: HttpMethod;
  /** The spec's path template, e.g. `/contacts/{contact_id}`. */
  path: string;
  tag: string;
  pathParams: ParamSpec[];
  queryParams: ParamSpec[];
  body: { required: boolean; schema: JsonSchema } | null;
  /** Response schema by status code; null where the spec declares no body. */
  responses: Record<string, JsonSchema | null>;
}
