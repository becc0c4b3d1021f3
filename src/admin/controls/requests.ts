/** `/_admin/requests`: the request journal of the caller's workspace (journal.ts), queried and cleared. */
import { ApiError } from '../../errors.js';
import { operations } from '../../generated/operations.js';
import { onlyQuery, queryInteger } from './input.js';
import type { ControlHandler } from './routes.js';
import type { DeveloperControls } from './service.js';
import { journalRows, type JournalFilter, type JournalRow } from './store-journal.js';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

/** A stored body as JSON when it still parses (a body cut to the size limit stays text). */
function body(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const entryWire = (row: JournalRow) => ({
  type: 'request',
  id: String(row.id),
  request_id: row.request_id,
  created_at: Number(row.created_at),
  method: row.method,
  path: row.path,
  operation_id: row.operation_id,
  status: Number(row.status),
  duration_ms: Number(row.duration_ms),
  request_body: body(row.request_body),
  response_body: body(row.response_body),
});

function statusRange(raw: unknown): [number, number] | undefined {
  if (raw === undefined || raw === '') return undefined;
  const text = String(raw).toLowerCase();
  const range = /^([1-5])xx$/.exec(text);
  if (range) return [Number(range[1]) * 100, Number(range[1]) * 100 + 99];
  const exact = queryInteger(text, 'status', 100, 599)!;
  return [exact, exact];
}

export const requestHandlers = (controls: DeveloperControls) => {
  const list: ControlHandler = async (ctx, { query }) => {
    onlyQuery(query, ['operation', 'status', 'since', 'limit']);
    const operation = query.operation === undefined || query.operation === '' ? undefined : String(query.operation);
    if (operation !== undefined && !Object.hasOwn(operations, operation)) {
      throw new ApiError('parameter_invalid', `Unknown operation ${JSON.stringify(operation)}: expected an operationId of the spec`, 'operation');
    }
    const filter: JournalFilter = {
      operationId: operation,
      status: statusRange(query.status),
      since: queryInteger(query.since, 'since', 0, 253402300799),
      limit: queryInteger(query.limit, 'limit', 1, MAX_LIMIT) ?? DEFAULT_LIMIT,
    };
    await controls.journal.flush();
    return { type: 'list', data: (await journalRows(ctx).list(filter)).map(entryWire) };
  };

  const clear: ControlHandler = async (ctx) => {
    await controls.journal.flush();
    controls.journal.forget(ctx.workspace.id);
    const deleted = await journalRows(ctx).clear();
    return { type: 'list', data: [], deleted };
  };

  return { list, clear };
};
