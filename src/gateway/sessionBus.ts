/**
 * Delivery of gateway-made messages (a denied call's error) to the legacy SSE
 * stream they belong to, which lives on whichever replica holds the client's GET.
 * This in-process bus only reaches streams held by this process; a shared
 * implementation (PostgreSQL LISTEN/NOTIFY or Redis pub/sub) keeps the same shape.
 */
export interface SessionBus {
  /** True when a stream took the message. */
  publish(streamId: string, message: unknown): boolean;
  subscribe(streamId: string, deliver: (message: unknown) => void): () => void;
}

export function createLocalSessionBus(): SessionBus {
  const streams = new Map<string, (message: unknown) => void>();
  return {
    publish(streamId, message) {
      const deliver = streams.get(streamId);
      if (!deliver) return false;
      deliver(message);
      return true;
    },
    subscribe(streamId, deliver) {
      streams.set(streamId, deliver);
      return () => {
        if (streams.get(streamId) === deliver) streams.delete(streamId);
      };
    },
  };
}
