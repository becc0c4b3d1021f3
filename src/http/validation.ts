/**
 * JSON Schema validators built from the generated spec. Request bodies are validated strictly
 * (no type coercion: a string where Intercom wants a boolean is a 400); query strings and path
 * parameters are coerced, since everything in a URL is text.
 *
 * Formats are not enforced on requests: Intercom does not reject, say, a non-URI `website`.
 */
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type formatsPlugin from 'ajv-formats';
import { componentSchemas, SCHEMA_ID } from '../generated/schemas.js';
import type { JsonSchema } from './json-schema.js';
import type { OperationSpec } from './operation-spec.js';

const specDocument = { $id: SCHEMA_ID, components: { schemas: componentSchemas } };

function newAjv(options: { coerceTypes: boolean; validateFormats: boolean }) {
  const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: options.validateFormats, coerceTypes: options.coerceTypes });
  if (options.validateFormats) {
    // ajv-formats is CommonJS, and only response checking (tests) needs it: loaded on first use.
    const addFormats = createRequire(import.meta.url)('ajv-formats') as typeof formatsPlugin.default;
    addFormats(ajv);
    // The spec's own format for unix-second timestamps (ticket types, tickets): whole numbers.
    ajv.addFormat('timestamp', { type: 'number', validate: (value: number) => Number.isInteger(value) });
  }
  ajv.addSchema(specDocument);
  return ajv;
}

/** Each Ajv instance is made on first use: a server that never checks responses never builds that one. */
function lazyAjv(options: { coerceTypes: boolean; validateFormats: boolean }): () => Ajv {
  let ajv: Ajv | undefined;
  return () => (ajv ??= newAjv(options));
}

const bodyAjv = lazyAjv({ coerceTypes: false, validateFormats: false });
const urlAjv = lazyAjv({ coerceTypes: true, validateFormats: false });
const responseAjv = lazyAjv({ coerceTypes: false, validateFormats: true });

/**
 * Fastify's validator compiler: bodies strictly, URL parts with coercion. Compiling all 108
 * operations' schemas took most of start-up, so each validator is compiled on its route's first
 * request instead; Fastify reads `errors` off the function it was given, so they are copied across.
 */
export function compileRequestValidator({ schema, httpPart }: { schema: JsonSchema; httpPart?: string }): ValidateFunction {
  const ajv = httpPart === 'body' ? bodyAjv : urlAjv;
  let compiled: ValidateFunction | undefined;
  const validate = ((data: unknown) => {
    compiled ??= ajv().compile(schema);
    const valid = compiled(data);
    validate.errors = compiled.errors;
    return valid;
  }) as ValidateFunction;
  validate.schema = schema;
  return validate;
}

function paramsSchema(params: OperationSpec['pathParams']): JsonSchema | undefined {
  if (params.length === 0) return undefined;
  return {
    type: 'object',
    properties: Object.fromEntries(params.map((p) => [p.name, p.schema])),
    required: params.filter((p) => p.required).map((p) => p.name),
  };
}

/** The Fastify route schema (body, querystring, params) for one operation. */
export function requestSchemas(spec: OperationSpec): Record<string, JsonSchema> {
  const schemas: Record<string, JsonSchema> = {};
  const params = paramsSchema(spec.pathParams);
  const query = paramsSchema(spec.queryParams);
  if (params) schemas.params = params;
  if (query) schemas.querystring = query;
  if (spec.body) schemas.body = spec.body.schema;
  return schemas;
}

const responseValidators = new Map<string, ValidateFunction | null>();

/**
 * Checks a response body against the spec's schema for (operation, status). Error statuses the
 * operation does not declare are checked against the shared `error` schema. Returns a description
 * of the first violation, or null when the response conforms.
 */
export function responseViolation(spec: OperationSpec, status: number, body: unknown): string | null {
  const key = `${spec.id} ${status}`;
  let validate = responseValidators.get(key);
  if (validate === undefined) {
    // First sight of this (operation, status): compile and remember its validator.
    const declared = spec.responses[String(status)];
    let schema: JsonSchema | null | undefined = declared;
    if (declared === undefined && status >= 400) schema = { $ref: `${SCHEMA_ID}#/components/schemas/error` };
    if (declared === undefined && status < 400) {
      return `status ${status} is not declared for ${spec.id} (declared: ${Object.keys(spec.responses).join(', ')})`;
    }
    validate = schema ? responseAjv().compile(schema) : null;
    responseValidators.set(key, validate);
  }
  validate = validate as ValidateFunction | null;
  if (validate === null) return body === undefined ? null : `${spec.id} ${status} declares no body`;
  if (validate(body)) return null;
  return describe(validate.errors ?? []);
}

export function describe(errors: ErrorObject[]): string {
  return errors
    .slice(0, 3)
    .map((e) => `${e.instancePath || '(root)'} ${e.message ?? e.keyword}${e.params ? ' ' + JSON.stringify(e.params) : ''}`)
    .join('; ');
}
