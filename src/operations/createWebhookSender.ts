/**
 * The one webhook sender (drift and governance alike): it claims due deliveries
 * from the outbox (`webhook_deliveries`) race-free across replicas, POSTs each
 * payload signed with its receiver's secret (`Toolshed-Signature`), and retries a
 * failure with exponential backoff and jitter until the last attempt gives it up.
 * A delivery names its receiver (`endpoint`); a process claims only deliveries to
 * receivers it has configured, so a replica without a receiver never fails them.
 * The delivery log and an administrator's redelivery (a new delivery of the same
 * payload, pointing at the one it repeats) are read and written here too.
 */
import { NotFoundError } from '../errors.js';
import { SIGNATURE_HEADER, signWebhook, WEBHOOK_MAX_ATTEMPTS, webhookRetryDelayMs } from '../outbound/index.js';
import {
  claimDueWebhooks,
  enqueueWebhook,
  findWebhookDelivery,
  listWebhookDeliveries,
  markWebhookDelivered,
  markWebhookFailed,
  nowMicros,
  type Store,
  type WebhookDeliveryFilter,
  type WebhookDeliveryRow,
} from '../store/index.js';

/** A configured receiver. */
export interface WebhookEndpoint {
  url: string;
  /** HMAC-SHA256 key of the `Toolshed-Signature` header. */
  secret: string;
}

export interface WebhookSenderOptions {
  store: Store;
  /** Receivers by name (`drift`, `governance`); a delivery to another name is left for a process that has it. */
  endpoints: Readonly<Record<string, WebhookEndpoint | undefined>>;
  /** The guarded client (the outbound guard) webhooks go through. */
  fetch(url: string, options: { method: 'POST'; headers: Record<string, string>; body: string; timeoutMs: number; maxBytes: number }): Promise<{ status: number }>;
  /** Run the delivery loop (`toolshed serve`). */
  schedule?: boolean;
  deliveryIntervalMs?: number;
  /** First retry delay (doubling); tests shorten it. */
  retryBaseMs?: number;
  maxAttempts?: number;
  log?: { warn(details: Record<string, unknown>, message: string): void };
}

/** A delivery as the log shows it (payload included: it is what the receiver got, and holds no secret). */
export interface WebhookDelivery {
  id: number;
  endpoint: string;
  event: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  failedAt: string | null;
  redeliveryOf: number | null;
  payload: string;
}

export interface WebhookSender {
  /** The receivers this process delivers to. */
  readonly endpoints: readonly string[];
  /** Delivers the webhooks due now; resolves to how many were attempted. */
  deliverDue(): Promise<number>;
  /** Asks the loop (when scheduled) to deliver soon: something was just enqueued. */
  kick(): void;
  list(filter: WebhookDeliveryFilter, limit: number): Promise<WebhookDelivery[]>;
  /** Enqueues the delivery's payload again, due at once, to the same receiver. */
  redeliver(id: number): Promise<WebhookDelivery>;
  close(): Promise<void>;
}

const iso = (micros: number | null) => (micros === null ? null : new Date(Math.floor(micros / 1000)).toISOString());

export function renderDelivery(d: WebhookDeliveryRow): WebhookDelivery {
  const status = d.deliveredAt !== null ? 'delivered' : d.failedAt !== null ? 'failed' : 'pending';
  return {
    id: d.id,
    endpoint: d.endpoint,
    event: d.event,
    status,
    attempts: d.attempts,
    lastError: d.lastError,
    createdAt: iso(d.createdAt)!,
    nextAttemptAt: status === 'pending' ? iso(d.nextAttemptAt) : null,
    deliveredAt: iso(d.deliveredAt),
    failedAt: iso(d.failedAt),
    redeliveryOf: d.redeliveryOf,
    payload: d.payload,
  };
}

export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const db = options.store.db;
  const maxAttempts = options.maxAttempts ?? WEBHOOK_MAX_ATTEMPTS;
  const endpoints = Object.entries(options.endpoints).filter((e): e is [string, WebhookEndpoint] => e[1] !== undefined);
  const byName = new Map(endpoints);
  const names = endpoints.map(([name]) => name);
  let running: Promise<number> | undefined;
  let again = false;

  async function deliverOnce(): Promise<number> {
    if (names.length === 0) return 0;
    const now = nowMicros();
    // A claim is a lease: a replica that dies mid-attempt leaves the delivery due again after it.
    const claimed = await claimDueWebhooks({ tx: db, now, leaseUntil: now + 120_000_000, limit: 20, endpoints: names });
    for (const d of claimed) {
      const endpoint = byName.get(d.endpoint)!;
      const t = Math.floor(Date.now() / 1000);
      let error: string | undefined;
      try {
        const res = await options.fetch(endpoint.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [SIGNATURE_HEADER]: signWebhook(endpoint.secret, d.payload, t),
            'toolshed-event': d.event,
            'toolshed-delivery': String(d.id),
          },
          body: d.payload,
          timeoutMs: 10_000,
          maxBytes: 64 * 1024,
        });
        if (res.status < 200 || res.status >= 300) error = `the receiver answered HTTP ${res.status}`;
      } catch (err) {
        error = (err as Error).message;
      }
      const at = nowMicros();
      if (error === undefined) await markWebhookDelivered({ tx: db, id: d.id, at });
      else if (d.attempts >= maxAttempts) {
        await markWebhookFailed({ tx: db, id: d.id, error, at });
        options.log?.warn({ delivery: d.id, endpoint: d.endpoint, attempts: d.attempts, error }, 'a webhook was given up after its last attempt');
      } else await markWebhookFailed({ tx: db, id: d.id, error, at, retryAt: at + webhookRetryDelayMs(d.attempts, options.retryBaseMs) * 1000 });
    }
    return claimed.length;
  }

  /** One round at a time per process; a kick during a round runs one more after it. */
  function deliverDue(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = deliverOnce().finally(() => {
      running = undefined;
      if (again && timer) {
        again = false;
        void deliverDue().catch((err) => options.log?.warn({ err }, 'delivering webhooks failed'));
      }
    });
    return running;
  }

  let timer: NodeJS.Timeout | undefined;
  if (options.schedule && names.length) {
    const tick = () => {
      deliverDue()
        .catch((err) => options.log?.warn({ err }, 'delivering webhooks failed'))
        .finally(() => {
          if (timer) timer = setTimeout(tick, options.deliveryIntervalMs ?? 15_000).unref();
        });
    };
    timer = setTimeout(tick, options.deliveryIntervalMs ?? 15_000).unref();
  }

  return {
    endpoints: names,
    deliverDue,
    kick() {
      if (timer) void deliverDue().catch((err) => options.log?.warn({ err }, 'delivering webhooks failed'));
    },
    async list(filter, limit) {
      return (await listWebhookDeliveries({ tx: db, filter, limit })).map(renderDelivery);
    },
    async redeliver(id) {
      const d = await findWebhookDelivery({ tx: db, id });
      if (!d) throw new NotFoundError('WEBHOOK_DELIVERY_NOT_FOUND', `No webhook delivery ${id}`);
      const newId = await enqueueWebhook({ tx: db, event: d.event, payload: d.payload, at: nowMicros(), endpoint: d.endpoint, redeliveryOf: d.id });
      const created = await findWebhookDelivery({ tx: db, id: newId! });
      if (timer) void deliverDue().catch((err) => options.log?.warn({ err }, 'delivering webhooks failed'));
      return renderDelivery(created!);
    },
    async close() {
      clearTimeout(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
  };
}
