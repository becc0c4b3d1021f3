/**
 * `/_admin/faults`: failures and latency injected into the workspace's API calls, by operationId or
 * for every operation, for the next N calls (`times`) or with a probability, until removed. Stored,
 * so every process injects them, and a counted fault's calls are taken atomically across processes.
 * The controls themselves (`/_admin/…`) are never faulted: a fault can always be removed.
 */
import { ApiError } from '../../errors.js';
import { operations } from '../../generated/operations.js';
import { FAULT_STATUSES } from './fault-errors.js';
import { bodyObject, integerIn } from './input.js';
import type { ControlHandler } from './routes.js';
import type { DeveloperControls } from './service.js';
import { controlSettings, type FaultRow } from './store-settings.js';
import { numericId } from '../../core/ids.js';

const MAX_LATENCY_MS = 60_000;
const MAX_FAULTS = 100;
const STATUSES = Object.keys(FAULT_STATUSES).map(Number);

const faultWire = (f: FaultRow) => ({
  type: 'fault',
  id: String(f.id),
  operation_id: f.operation_id,
  status: f.status === null ? null : Number(f.status),
  latency_ms: Number(f.latency_ms),
  times: f.remaining === null ? null : Number(f.remaining),
  probability: Number(f.probability),
  created_at: Number(f.created_at),
});

export const faultHandlers = (controls: DeveloperControls) => {
  const create: ControlHandler = async (ctx, { body }) => {
    const fields = bodyObject(body, ['operation_id', 'status', 'latency_ms', 'times', 'probability']);
    let operationId: string | null = null;
    if (fields.operation_id !== undefined && fields.operation_id !== null) {
      if (typeof fields.operation_id !== 'string' || !Object.hasOwn(operations, fields.operation_id)) {
        throw new ApiError('parameter_invalid', `Unknown operation_id ${JSON.stringify(fields.operation_id)}: expected an operationId of the spec, e.g. ShowContact`, 'operation_id');
      }
      operationId = fields.operation_id;
    }
    let status: number | null = null;
    if (fields.status !== undefined && fields.status !== null) {
      if (typeof fields.status !== 'number' || !STATUSES.includes(fields.status)) {
        throw new ApiError('parameter_invalid', `status must be one of ${STATUSES.join(', ')}`, 'status');
      }
      status = fields.status;
    }
    const latency = fields.latency_ms === undefined ? 0 : integerIn(fields.latency_ms, 'latency_ms', 0, MAX_LATENCY_MS);
    if (status === null && latency === 0) throw new ApiError('parameter_not_found', 'A fault needs a status, a latency_ms, or both', 'status');
    const times = fields.times === undefined || fields.times === null ? null : integerIn(fields.times, 'times', 1, 1_000_000);
    let probability = 1;
    if (fields.probability !== undefined && fields.probability !== null) {
      if (typeof fields.probability !== 'number' || !(fields.probability > 0 && fields.probability <= 1)) {
        throw new ApiError('parameter_invalid', 'probability must be a number above 0 and at most 1', 'probability');
      }
      probability = fields.probability;
    }
    const store = controlSettings(ctx);
    if ((await store.faults()).length >= MAX_FAULTS) throw new ApiError('parameter_invalid', `At most ${MAX_FAULTS} faults at once; remove some first`);
    const fault = await store.addFault({ operation_id: operationId, status, latency_ms: latency, remaining: times, probability, created_at: ctx.clock.now() });
    controls.invalidate(ctx.workspace.id);
    return faultWire(fault);
  };

  const list: ControlHandler = async (ctx) => ({ type: 'list', data: (await controlSettings(ctx).faults()).map(faultWire) });

  const clear: ControlHandler = async (ctx) => {
    const deleted = await controlSettings(ctx).clearFaults();
    controls.invalidate(ctx.workspace.id);
    return { type: 'list', data: [], deleted };
  };

  const remove: ControlHandler = async (ctx, { params }) => {
    const id = numericId(params.id);
    if (id === undefined || !(await controlSettings(ctx).removeFault(id))) throw new ApiError('not_found', 'Fault Not Found');
    controls.invalidate(ctx.workspace.id);
    return { type: 'fault', id: String(id), deleted: true };
  };

  return { create, list, clear, remove };
};
