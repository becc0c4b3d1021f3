/**
 * Time. Every timestamp and every id that embeds time reads a `Clock`. Each workspace has its own
 * clock, which follows the server's base clock unless it has been frozen or offset (the developer
 * controls move it; tests move their own workspace's clock, so no test sees another's moves).
 *
 * Clock settings live in this process's memory: a server restart, or another process serving the
 * same workspace, sees the real time again.
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

  /** Workspaces whose clock departs from the base clock (the job runner asks them separately). */
  departed(): string[] {
    return [...this.settings.keys()];
  }
}
