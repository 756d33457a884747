/**
 * One relayed exchange's lifetime: it ends the upstream request when the client
 * goes away (so the upstream sees the disconnect, which in the stateless era is
 * the cancellation) or when the call outlives its timeout. A plain object with
 * one abort hook rather than an AbortController: it is made for every call.
 */
import type { ServerResponse } from 'node:http';
import { UpstreamFailure } from './upstreamFailure.js';

/** What failure handling reads of a lifetime (an AbortSignal has the same shape). */
export interface AbortState {
  readonly aborted: boolean;
  readonly reason: unknown;
}

export class Lifetime implements AbortState {
  aborted = false;
  reason: unknown = undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopUpstream: ((reason: Error) => void) | undefined;

  constructor(res: ServerResponse, timeoutMs: number) {
    if (timeoutMs > 0) {
      this.timer = setTimeout(() => this.abort(new UpstreamFailure(504, `The upstream server did not finish within ${Math.round(timeoutMs / 1000)} s (the gateway's call timeout)`)), timeoutMs);
    }
    res.once('close', () => {
      clearTimeout(this.timer);
      if (!res.writableFinished) this.abort(new Error('the client went away'));
    });
  }

  /** The upstream request to stop when the exchange is aborted (at once if it already is). */
  bind(stop: (reason: Error) => void): void {
    this.stopUpstream = stop;
    if (this.aborted) stop(this.reason as Error);
  }

  abort(reason: Error): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    clearTimeout(this.timer);
    this.stopUpstream?.(reason);
  }

  /** Stops the timer (the exchange is over). */
  end(): void {
    clearTimeout(this.timer);
    this.stopUpstream = undefined;
  }
}

export function relayLifetime(res: ServerResponse, timeoutMs: number): Lifetime {
  return new Lifetime(res, timeoutMs);
}
