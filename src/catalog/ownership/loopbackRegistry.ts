/**
 * Test support for the ownership checks: a registry double on 127.0.0.1 for the
 * enclosing `describe`, started before its tests and closed after them, and an
 * outbound client allowed to reach it over plain HTTP (production refuses both).
 */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { createOutbound, type Outbound } from '../../outbound/index.js';

export interface LoopbackRegistry {
  /** `http://127.0.0.1:<port>`, no trailing slash; set once the tests run. */
  readonly base: string;
  readonly outbound: Outbound;
}

export function loopbackRegistry(handler: RequestListener): LoopbackRegistry {
  const server = createServer(handler);
  const registry = {} as { base: string; outbound: Outbound };
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    registry.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    registry.outbound = createOutbound({ allow: ['127.0.0.0/8'], allowHttp: true });
  });
  afterAll(async () => {
    await registry.outbound?.close();
    server.close();
  });
  return registry;
}
