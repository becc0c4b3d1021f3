/**
 * `/_admin/clock`: each workspace's clock, shared by every process on the database. A change is
 * stored (store-settings.ts) and applied to this process's clocks at once; other processes apply it
 * on their next request for the workspace (within `controlsCheckMs`) and their job runners on their
 * next round. Other workspaces keep real time.
 */
import type { Ctx } from '../../core/context.js';
import { nextDueAt } from '../../core/jobs.js';
import { ApiError } from '../../errors.js';
import { bodyObject, integerIn } from './input.js';
import type { DeveloperControls } from './service.js';
import { controlSettings } from './store-settings.js';
import type { ControlHandler } from './routes.js';

/** 9999-12-31: the last instant a timestamp here may show. */
const LAST_INSTANT = 253402300799;
/** A hundred years either way. */
const MAX_OFFSET = 100 * 366 * 24 * 3600;
/** Jobs that keep falling due (a job rescheduling itself at once) must not hold an advance forever. */
const MAX_ROUNDS = 1000;

function clockWire(controls: DeveloperControls, workspaceId: string, jobsRun?: number) {
  const clock = controls.deps.clocks.for(workspaceId);
  const realNow = controls.deps.clocks.base.now();
  const now = clock.now();
  const { frozenAt } = clock.setting;
  return {
    type: 'clock',
    now,
    real_now: realNow,
    frozen: frozenAt !== null,
    frozen_at: frozenAt,
    offset_seconds: now - realNow,
    ...(jobsRun === undefined ? {} : { jobs_run: jobsRun }),
  };
}

/** Stores this process's current setting of the workspace's clock, so every process follows it. */
async function persist(controls: DeveloperControls, ctx: Ctx): Promise<void> {
  const clocks = controls.deps.clocks;
  const setting = clocks.for(ctx.workspace.id).setting;
  const revision = await controlSettings(ctx).saveClock(setting, clocks.base.now());
  clocks.apply(ctx.workspace.id, revision, setting);
  controls.invalidate(ctx.workspace.id);
}

export const clockHandlers = (controls: DeveloperControls) => {
  const show: ControlHandler = async (ctx) => clockWire(controls, ctx.workspace.id);

  const set: ControlHandler = async (ctx, { body }) => {
    const fields = bodyObject(body, ['frozen_at', 'offset_seconds']);
    const has = (k: string) => fields[k] !== undefined;
    if (has('frozen_at') === has('offset_seconds')) {
      throw new ApiError('parameter_invalid', 'Send exactly one of frozen_at (unix seconds) or offset_seconds', has('frozen_at') ? 'offset_seconds' : 'frozen_at');
    }
    const clock = controls.deps.clocks.for(ctx.workspace.id);
    clock.reset();
    if (has('frozen_at')) clock.freeze(integerIn(fields.frozen_at, 'frozen_at', 0, LAST_INSTANT));
    else clock.advance(integerIn(fields.offset_seconds, 'offset_seconds', -MAX_OFFSET, MAX_OFFSET));
    await persist(controls, ctx);
    return clockWire(controls, ctx.workspace.id);
  };

  /**
   * Moves the clock forward, running each job of the workspace at the time it falls due on the way
   * (a retry scheduled by a job that ran runs too, if it falls due before the end), then stops at the target.
   */
  const advance: ControlHandler = async (ctx, { body }) => {
    const fields = bodyObject(body, ['seconds']);
    if (fields.seconds === undefined) throw new ApiError('parameter_not_found', 'seconds is required', 'seconds');
    const clock = controls.deps.clocks.for(ctx.workspace.id);
    const target = clock.now() + integerIn(fields.seconds, 'seconds', 1, MAX_OFFSET);
    if (target > LAST_INSTANT) throw new ApiError('parameter_invalid', 'seconds would move the clock past the year 9999', 'seconds');
    let ran = 0;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const due = await nextDueAt(ctx.db, ctx.workspace.id, target);
      if (due === undefined) break;
      if (due > clock.now()) clock.set(due);
      const count = await controls.deps.jobs.runDue({ workspaceId: ctx.workspace.id });
      ran += count;
      // Due but claimed by another runner (it will run them): nothing more to do here.
      if (count === 0) break;
    }
    clock.set(target);
    await persist(controls, ctx);
    return clockWire(controls, ctx.workspace.id, ran);
  };

  const realTime: ControlHandler = async (ctx) => {
    controls.deps.clocks.for(ctx.workspace.id).reset();
    await persist(controls, ctx);
    return clockWire(controls, ctx.workspace.id);
  };

  return { show, set, advance, realTime };
};
