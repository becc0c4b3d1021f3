/**
 * `POST /_admin/reset`: the caller's workspace as new. Every row of every workspace table goes
 * (children before parents), the resources' seeders run again, and the workspace keeps its tokens
 * and app client_secret (KEPT_TABLES). Re-seeded admins keep the ids the admins with their email had,
 * so a token acts as the same admin (same id) after a reset; other seeded objects get new ids. The clock returns to real time, faults and the journal are cleared. One
 * transaction: a failure leaves the workspace as it was.
 */
import type { Ctx } from '../../core/context.js';
import { seedWorkspace } from '../../seed.js';
import { findWorkspace } from '../../workspaces/store.js';
import { ApiError } from '../../errors.js';
import { lockKey } from '../../db/dialect.js';
import { KEPT_TABLES, type TableInfo } from './catalog.js';
import { journalLock } from './journal.js';
import type { ControlHandler } from './routes.js';
import type { DeveloperControls } from './service.js';
import { controlSettings } from './store-settings.js';
import { workspaceRows } from './store.js';

/** Columns that hold an admin's id, by the schema's naming: `admin_id`, `owner_id`, `author_id`, `…_admin_id`. */
const ADMIN_REFERENCE = /^(admin_id|owner_id|author_id|[a-z_]+_admin_id)$/;

export const adminReferences = (tables: TableInfo[]) =>
  tables.filter((t) => !KEPT_TABLES.has(t.name)).flatMap((t) => t.columns.filter((c) => ADMIN_REFERENCE.test(c)).map((column) => ({ table: t.name, column })));

/** Removes the workspace's rows from `tables` (given parents first; removed children first). */
export async function wipe(ctx: Ctx, tables: TableInfo[]): Promise<void> {
  const store = workspaceRows(ctx);
  for (const table of [...tables].reverse()) await store.wipe(table);
}

export const resetHandler = (controls: DeveloperControls): ControlHandler => async (ctx) => {
  const started = performance.now();
  const workspace = await findWorkspace(ctx.db, ctx.workspace.id);
  if (!workspace) throw new ApiError('not_found', 'Workspace Not Found');
  // The journal's batches in flight are either wiped below or dropped (Journal.forget).
  controls.journal.forget(ctx.workspace.id);
  await lockKey(ctx.db, journalLock(ctx.workspace.id));
  const store = workspaceRows(ctx);
  const admins = await store.admins();
  await wipe(ctx, controls.catalog.tables.filter((t) => !KEPT_TABLES.has(t.name)));
  await seedWorkspace(ctx.db, workspace, controls.deps.clocks.base);
  const previous = admins.map((a) => ({ id: Number(a.id), email: a.email }));
  await store.keepAdminIds(previous, adminReferences(controls.catalog.tables));
  await store.reattachTokens(previous);
  controls.deps.forgetCallers?.(ctx.workspace.id);
  // Real time again, stored so that other processes follow.
  const clocks = controls.deps.clocks;
  clocks.for(ctx.workspace.id).reset();
  const revision = await controlSettings(ctx).saveClock({ offset: 0, frozenAt: null }, clocks.base.now());
  clocks.apply(ctx.workspace.id, revision, { offset: 0, frozenAt: null });
  controls.invalidate(ctx.workspace.id);
  controls.journal.forget(ctx.workspace.id);
  return { type: 'workspace', id: ctx.workspace.id, reset: true, took_ms: Math.round((performance.now() - started) * 10) / 10 };
};
