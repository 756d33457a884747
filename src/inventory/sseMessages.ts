/**
 * Server-sent events off a response body, parsed with eventsource-parser, with
 * byte caps: an event that never ends (or a stream past its total) is
 * `too-large`, so a hostile stream cannot grow memory without limit.
 */
import { StringDecoder } from 'node:string_decoder';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { ProbeError } from './probeError.js';

export interface SseLimits {
  /** Bytes one event may take. */
  maxEventBytes: number;
  /** Bytes the whole stream may take. */
  maxTotalBytes: number;
}

export async function* sseMessages(body: AsyncIterable<Buffer>, limits: SseLimits, host: string): AsyncGenerator<EventSourceMessage> {
  const queue: EventSourceMessage[] = [];
  let tooLarge = false;
  const parser = createParser({
    onEvent: (event) => {
      queue.push(event);
      sinceEvent = 0;
    },
    onError: (err) => {
      if (err.type === 'max-buffer-size-exceeded') tooLarge = true;
    },
    maxBufferSize: limits.maxEventBytes,
  });
  const decoder = new StringDecoder('utf8');
  let total = 0;
  let sinceEvent = 0;
  for await (const chunk of body) {
    total += chunk.length;
    sinceEvent += chunk.length;
    if (total > limits.maxTotalBytes) throw new ProbeError('too-large', `an event stream from ${host} is larger than ${limits.maxTotalBytes} bytes`);
    parser.feed(decoder.write(chunk));
    if (tooLarge || sinceEvent > limits.maxEventBytes) throw new ProbeError('too-large', `an event from ${host} is larger than ${limits.maxEventBytes} bytes`);
    while (queue.length > 0) yield queue.shift()!;
  }
}
