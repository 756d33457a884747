/**
 * The gateway's dispatcher with hosted instances in it: a request to
 * `http://<instance>.hosted.toolshed.invalid` goes to that instance's bridge
 * socket, every other request to the guarded upstream pool unchanged. The outbound
 * guard gains no exception: no address is allowed, and a publisher's remote
 * naming that domain reaches a bridge only with the instance's random id and its
 * secret header, which only `HostedInstances.acquire` hands out (to the gateway).
 */
import { connect } from 'node:net';
import { Agent, Dispatcher } from 'undici';
import { HOSTED_DOMAIN } from './createHostedInstances.js';

const SUFFIX = `.${HOSTED_DOMAIN}`;

export function createHostedDispatcher(upstream: Dispatcher, socketOf: (instanceId: string) => string | undefined): Dispatcher {
  const hosted = new Agent({
    connect(opts, callback) {
      const host = String(opts.hostname);
      const socket = host.endsWith(SUFFIX) ? socketOf(host.slice(0, -SUFFIX.length)) : undefined;
      if (!socket) {
        callback(Object.assign(new Error('No hosted instance answers there'), { code: 'ECONNREFUSED' }), null);
        return;
      }
      const conn = connect(socket);
      conn.once('connect', () => callback(null, conn));
      conn.once('error', (err) => callback(err, null));
    },
    bodyTimeout: 0,
    headersTimeout: 300_000,
  });
  class HostedRouting extends Dispatcher {
    override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
      // The hot path of every relayed request: a string test, no URL parse (an origin has no path, and a bridge's no port).
      const origin = String(options.origin ?? '');
      const target = origin.startsWith('http://') && origin.endsWith(SUFFIX) ? hosted : upstream;
      return target.dispatch(options, handler);
    }
    override async close(): Promise<void> {
      await Promise.all([hosted.close(), upstream.close()]);
    }
    override async destroy(): Promise<void> {
      await Promise.all([hosted.destroy(), upstream.destroy()]);
    }
  }
  return new HostedRouting();
}
