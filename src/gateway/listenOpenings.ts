/**
 * The order a client sets between opening a session's GET listen stream and
 * its next POST. A client opens the listen stream, then calls a tool whose
 * server at once asks the client something (sampling, elicitation) on that
 * stream. Directly, the server has the stream before the call; through the
 * gateway the GET has more to do (caller, rate limits, a new upstream
 * connection), so the POST could reach the server first, and the server's
 * request, having no stream to go on, would be lost. So a POST on a session
 * waits for the listen streams of that session that were being opened when it
 * arrived, until the upstream has answered their GET (or refused it, or a
 * bound passed: a server slow to answer its GET cannot hold calls back long).
 * Within one process; a load balancer that splits a session's requests over
 * replicas needs session affinity for this order (see docs/gateway.md).
 */
export interface ListenOpenings {
  /** Marks a listen stream of the session as opening; call the returned function once it is open or has failed (more calls are harmless). */
  begin(session: string): () => void;
  /** What a request arriving now must wait for: the session's openings in progress; undefined (nothing to wait for) in the common case. */
  pending(session: string): Promise<void> | undefined;
}

/** Longest a request waits for a listen stream being opened before it goes on anyway. */
export const LISTEN_OPENING_MAX_WAIT_MS = 5_000;

export function createListenOpenings(maxWaitMs = LISTEN_OPENING_MAX_WAIT_MS): ListenOpenings {
  const opening = new Map<string, Set<Promise<void>>>();
  return {
    begin(session) {
      let done!: () => void;
      const opened = new Promise<void>((resolve) => (done = resolve));
      let set = opening.get(session);
      if (!set) opening.set(session, (set = new Set()));
      set.add(opened);
      const timer = setTimeout(finish, maxWaitMs);
      timer.unref();
      function finish(): void {
        clearTimeout(timer);
        const current = opening.get(session);
        if (current?.delete(opened) && current.size === 0) opening.delete(session);
        done();
      }
      return finish;
    },
    pending(session) {
      const set = opening.get(session);
      if (!set) return undefined;
      return Promise.all([...set]).then(() => undefined);
    },
  };
}
