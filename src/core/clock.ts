/**
 * Time. Every timestamp and every id that embeds time reads a `Clock`. Each workspace has its own
 * clock, which follows the server's base clock unless it has been frozen or offset (the developer
 * controls move it; tests move their own workspace's clock, so no test sees another's moves).
 *
 * Settings made through the developer controls (`/_admin/clock`) are also stored in the database
 * with a growing revision (src/admin/controls/clock.ts); each process applies a stored setting to
 * its own `Clocks` when it sees a revision new to it. Settings made here directly (tests) stay in
 * this process's memory.
 */

export interface Clock {
  /** Unix seconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Math.floor(Date.now() / 1000) };

/** How one workspace's clock departs from the base clock. */
export interface ClockSetting {
  /** Seconds added to the base clock. */
  offset: number;
  /** When set, the clock stands still at this instant (unix seconds). */
  frozenAt: number | null;
}

/** A workspace's clock, movable. */
export interface WorkspaceClock extends Clock {
  /** Stops the clock at `seconds` (default: its current reading). */
  freeze(seconds?: number): void;
  /** Lets the clock run again from its current reading. */
  unfreeze(): void;
  /** Sets the clock's reading; a frozen clock stays frozen there. */
  set(seconds: number): void;
  /** Moves the clock by `seconds`. */
  advance(seconds: number): void;
  /** Back to the base clock. */
  reset(): void;
  readonly setting: ClockSetting;
}

/** The base clock plus each workspace's departure from it. */
export class Clocks {
  private settings = new Map<string, ClockSetting>();
  private views = new Map<string, WorkspaceClock>();
  /** The stored revision each workspace's setting was last taken from. */
  private revisions = new Map<string, number>();

  constructor(readonly base: Clock = systemClock) {}

  /** The clock of one workspace (the same object every time). */
  for(workspaceId: string): WorkspaceClock {
    let view = this.views.get(workspaceId);
    if (view) return view;
    const clocks = this;
    const setting = () => this.settings.get(workspaceId);
    const write = (next: ClockSetting) => {
      if (next.offset === 0 && next.frozenAt === null) this.settings.delete(workspaceId);
      else this.settings.set(workspaceId, next);
    };
    view = {
      now() {
        const s = setting();
        if (!s) return clocks.base.now();
        return s.frozenAt ?? clocks.base.now() + s.offset;
      },
      freeze(seconds) {
        write({ offset: setting()?.offset ?? 0, frozenAt: seconds ?? this.now() });
      },
      unfreeze() {
        const current = this.now();
        write({ offset: current - clocks.base.now(), frozenAt: null });
      },
      set(seconds) {
        const s = setting();
        if (s?.frozenAt != null) write({ offset: s.offset, frozenAt: seconds });
        else write({ offset: seconds - clocks.base.now(), frozenAt: null });
      },
      advance(seconds) {
        this.set(this.now() + seconds);
      },
      reset() {
        write({ offset: 0, frozenAt: null });
      },
      get setting() {
        return { ...(setting() ?? { offset: 0, frozenAt: null }) };
      },
    };
    if (this.views.size > 100_000) this.views.clear();
    this.views.set(workspaceId, view);
    return view;
  }

  /**
   * Takes a setting stored in the database, unless this process already took that revision (so a
   * setting changed here since, in memory, is not overwritten by the same stored one).
   */
  apply(workspaceId: string, revision: number, setting: ClockSetting): void {
    if (this.revisions.get(workspaceId) === revision) return;
    if (this.revisions.size > 100_000) this.revisions.clear();
    this.revisions.set(workspaceId, revision);
    const clock = this.for(workspaceId);
    clock.reset();
    if (setting.frozenAt !== null) clock.freeze(setting.frozenAt);
    else if (setting.offset !== 0) this.settings.set(workspaceId, { offset: setting.offset, frozenAt: null });
  }

  /** Workspaces whose clock departs from the base clock (the job runner asks them separately). */
  departed(): string[] {
    return [...this.settings.keys()];
  }
}
