/**
 * Intercom's rate limit: a per-minute allowance enforced in 10-second windows of a sixth each
 * (10,000/min → 1,667 per 10 s). Authenticated responses carry X-RateLimit-Limit (the window's
 * maximum), X-RateLimit-Remaining and X-RateLimit-Reset (unix seconds when the window ends);
 * a request past the limit gets 429 `rate_limit_exceeded` with Remaining 0.
 *
 * Counted per workspace, in this process. Behind a load balancer each process counts its own share.
 */
import { ApiError } from '../errors.js';

export const WINDOW_SECONDS = 10;

/** A per-minute allowance as the requests allowed in one window. */
export const perWindowOf = (perMinute: number) => Math.ceil(perMinute / (60 / WINDOW_SECONDS));

/** Intercom's 429 for a window whose allowance is spent. */
export const rateLimitExceeded = (perWindow: number) =>
  new ApiError('rate_limit_exceeded', `Exceeded rate limit of ${perWindow} in ${WINDOW_SECONDS}_seconds`);

export interface RateLimitState {
  limit: number;
  remaining: number;
  reset: number;
}

export class RateLimiter {
  private windows = new Map<string, { start: number; used: number }>();
  readonly perWindow: number;

  constructor(perMinute: number) {
    this.perWindow = perWindowOf(perMinute);
  }

  /** Counts one request for the workspace at `nowSeconds`; `exceeded` once the window's allowance is spent. */
  take(workspaceId: string, nowSeconds: number): RateLimitState & { exceeded: boolean } {
    const start = Math.floor(nowSeconds / WINDOW_SECONDS) * WINDOW_SECONDS;
    let window = this.windows.get(workspaceId);
    if (!window || window.start !== start) {
      if (this.windows.size > 100_000) this.windows.clear();
      window = { start, used: 0 };
      this.windows.set(workspaceId, window);
    }
    const exceeded = window.used >= this.perWindow;
    if (!exceeded) window.used += 1;
    return { limit: this.perWindow, remaining: this.perWindow - window.used, reset: start + WINDOW_SECONDS, exceeded };
  }

  exceededError(): ApiError {
    return rateLimitExceeded(this.perWindow);
  }
}

export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  return {
    'x-ratelimit-limit': String(state.limit),
    'x-ratelimit-remaining': String(state.remaining),
    'x-ratelimit-reset': String(state.reset),
  };
}
