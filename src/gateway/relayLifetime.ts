/**
 * One relayed exchange's lifetime: an abort signal that fires when the client
 * goes away (so the upstream sees the disconnect, which in the stateless era is
 * the cancellation) or when the call outlives its timeout.
 */
import type { ServerResponse } from 'node:http';
import { UpstreamFailure } from './relayIo.js';

export interface Lifetime {
  signal: AbortSignal;
  /** Stops the timer (the exchange is over). */
  end(): void;
}

export function relayLifetime(res: ServerResponse, timeoutMs: number): Lifetime {
  const controller = new AbortController();
  const timer =
    timeoutMs > 0
      ? setTimeout(() => controller.abort(new UpstreamFailure(504, `The upstream server did not finish within ${Math.round(timeoutMs / 1000)} s (the gateway's call timeout)`)), timeoutMs)
      : undefined;
  const onClose = () => {
    clearTimeout(timer);
    if (!res.writableFinished && !controller.signal.aborted) controller.abort(new Error('the client went away'));
  };
  res.once('close', onClose);
  return {
    signal: controller.signal,
    end() {
      clearTimeout(timer);
    },
  };
}
