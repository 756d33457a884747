/**
 * Delivery of gateway-made messages (a denied call's error) to the legacy SSE
 * stream they belong to, which lives on whichever replica holds the client's GET.
 * The local bus reaches streams held by this process; the shared bus also reaches
 * the other replicas through the store's publish/subscribe (PostgreSQL
 * LISTEN/NOTIFY), so a POST may land on any replica.
 */
export interface SessionBus {
  /** True when the message was delivered to a stream here, or sent to the other replicas. */
  publish(streamId: string, message: unknown): boolean | Promise<boolean>;
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

/** What the shared bus needs from the store (StoreDialect's publish/subscribe). */
export interface BusTransport {
  publish(channel: string, payload: string): Promise<void>;
  subscribe(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
}

export interface SharedSessionBus extends SessionBus {
  close(): Promise<void>;
}

export const SESSION_BUS_CHANNEL = 'toolshed_gateway_sessions';
/** PostgreSQL refuses NOTIFY payloads of 8,000 bytes or more. */
const MAX_PAYLOAD_BYTES = 7_900;

/**
 * A bus across replicas: a stream held here is served directly; otherwise the
 * message is published once to every replica, and the one holding the stream
 * writes it. A message too large for the channel, or a failed publish, counts as
 * undelivered, so the caller falls back to answering in the POST.
 */
export async function createSharedSessionBus(transport: BusTransport, channel = SESSION_BUS_CHANNEL): Promise<SharedSessionBus> {
  const local = createLocalSessionBus();
  const unsubscribe = await transport.subscribe(channel, (payload) => {
    try {
      const { stream, message } = JSON.parse(payload) as { stream?: unknown; message?: unknown };
      if (typeof stream === 'string') local.publish(stream, message);
    } catch {
      // Not ours: only this bus publishes on the channel.
    }
  });
  return {
    async publish(streamId, message) {
      if (local.publish(streamId, message)) return true;
      const payload = JSON.stringify({ stream: streamId, message });
      if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) return false;
      try {
        await transport.publish(channel, payload);
        return true;
      } catch {
        return false;
      }
    },
    subscribe: local.subscribe,
    close: unsubscribe,
  };
}
