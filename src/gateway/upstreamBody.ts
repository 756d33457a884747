/**
 * An upstream response body as the relay consumes it: read whole (bounded; a
 * JSON answer, the common case, with no stream built at all), streamed with
 * backpressure (an event stream: the upstream is paused while the client's
 * socket is full), discarded, or destroyed. `DispatchedBody` is fed by an
 * undici dispatch handler; `readableBody` wraps any Readable (a decompressed body).
 */
import { Readable } from 'node:stream';

export interface UpstreamBody {
  /** The whole body, up to `max` bytes; a larger one is refused (`tooLarge()`) without reading the rest. */
  readAll(max: number, tooLarge: () => Error): Promise<Buffer>;
  /** The body as a stream, from its first byte. Call once, instead of readAll. */
  stream(): Readable;
  /** Reads and drops the rest (the connection stays reusable). */
  discard(): void;
  /** Stops the body now (the upstream connection is closed). */
  destroy(): void;
}

/** The flow control an undici dispatch gives its handler. */
export interface BodyController {
  pause(): void;
  resume(): void;
  abort(reason: Error): void;
}

type Mode = 'buffer' | 'collect' | 'stream' | 'discard';

/** Bytes held before the relay says how it reads the body. */
const UNCLAIMED_BYTES = 64 * 1024;

export class DispatchedBody implements UpstreamBody {
  private mode: Mode = 'buffer';
  private chunks: Buffer[] = [];
  private size = 0;
  private ended = false;
  private failure: Error | undefined;
  private max = Infinity;
  private tooLarge: (() => Error) | undefined;
  private settle: { resolve(body: Buffer): void; reject(err: Error): void } | undefined;
  private readable: Readable | undefined;

  constructor(private readonly controller: BodyController) {}

  /** From the handler: a chunk arrived. */
  push(chunk: Buffer): void {
    switch (this.mode) {
      case 'discard':
        return;
      case 'stream':
        if (!this.readable!.push(chunk)) this.controller.pause();
        return;
      default:
        this.size += chunk.length;
        // Not yet claimed: hold a little, then let the upstream wait.
        if (this.mode === 'buffer' && this.size > UNCLAIMED_BYTES) this.controller.pause();
        if (this.size > this.max) {
          this.chunks = [];
          const err = this.tooLarge!();
          this.controller.abort(err);
          this.fail(err);
          return;
        }
        this.chunks.push(chunk);
    }
  }

  /** From the handler: the body is complete. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.mode === 'stream') this.readable!.push(null);
    else if (this.mode === 'collect') this.settle!.resolve(this.joined());
  }

  /** From the handler: the body broke off (or was aborted). */
  fail(err: Error): void {
    if (this.ended || this.failure) return;
    this.failure = err;
    if (this.mode === 'stream') this.readable!.destroy(err);
    else if (this.mode === 'collect') this.settle!.reject(err);
  }

  readAll(max: number, tooLarge: () => Error): Promise<Buffer> {
    this.max = max;
    this.tooLarge = tooLarge;
    if (this.size > max) {
      const err = tooLarge();
      this.controller.abort(err);
      return Promise.reject(err);
    }
    if (this.failure) return Promise.reject(this.failure);
    if (this.ended) return Promise.resolve(this.joined());
    this.mode = 'collect';
    this.controller.resume();
    return new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
    });
  }

  stream(): Readable {
    const controller = this.controller;
    const readable = new Readable({
      read: () => controller.resume(),
      destroy: (err, callback) => {
        if (!this.ended && !this.failure) controller.abort(err ?? new Error('the relay stopped reading the upstream body'));
        callback(err);
      },
    });
    this.readable = readable;
    this.mode = 'stream';
    for (const chunk of this.chunks) readable.push(chunk);
    this.chunks = [];
    if (this.failure) readable.destroy(this.failure);
    else if (this.ended) readable.push(null);
    return readable;
  }

  discard(): void {
    this.mode = 'discard';
    this.chunks = [];
    this.controller.resume();
  }

  destroy(): void {
    this.chunks = [];
    if (!this.ended && !this.failure) this.controller.abort(new Error('the relay stopped reading the upstream body'));
    if (this.readable) this.readable.destroy();
  }

  private joined(): Buffer {
    const body = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size);
    this.chunks = [];
    return body;
  }
}

/** Any Readable as an upstream body. */
export function readableBody(readable: Readable): UpstreamBody {
  return {
    async readAll(max, tooLarge) {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of readable) {
        size += (chunk as Buffer).length;
        if (size > max) {
          readable.destroy();
          throw tooLarge();
        }
        chunks.push(chunk as Buffer);
      }
      return Buffer.concat(chunks, size);
    },
    stream: () => readable,
    discard: () => void readable.resume(),
    destroy: () => void readable.destroy(),
  };
}
