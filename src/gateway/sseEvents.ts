/**
 * Splits a server-sent-events byte stream into whole events as they complete,
 * keeping each event's raw text so untouched events are forwarded byte for byte.
 * Lines may end in CRLF, LF or CR (a CR at a chunk's end waits for the next
 * chunk). An event larger than the bound is an error, so a stream that never
 * ends an event cannot grow memory without limit.
 */
import { StringDecoder } from 'node:string_decoder';

export interface SseEvent {
  /** The event exactly as received, blank line included. */
  raw: string;
  /** The `event:` field; undefined for the default `message`. */
  event?: string;
  /** `data:` lines joined with LF; undefined when the event has none (a comment, a bare id). */
  data?: string;
  id?: string;
}

export class SseEventTooLarge extends Error {}

export class SseSplitter {
  private buffer = '';
  private scanFrom = 0;
  private readonly decoder = new StringDecoder('utf8');

  constructor(private readonly maxEventChars: number) {}

  push(chunk: Buffer): SseEvent[] {
    this.buffer += this.decoder.write(chunk);
    const events: SseEvent[] = [];
    const buf = this.buffer;
    let eventStart = 0;
    let lineStart = this.scanFrom;
    let i = this.scanFrom;
    while (i < buf.length) {
      const c = buf.charCodeAt(i);
      if (c !== 0x0a && c !== 0x0d) {
        i++;
        continue;
      }
      let next: number;
      if (c === 0x0d) {
        if (i + 1 >= buf.length) break; // CR at the end: it may be the first half of CRLF
        next = buf.charCodeAt(i + 1) === 0x0a ? i + 2 : i + 1;
      } else next = i + 1;
      if (i === lineStart) {
        // A blank line ends the event.
        if (lineStart > eventStart) events.push(parseEvent(buf.slice(eventStart, next), buf.slice(eventStart, lineStart)));
        else events.push({ raw: buf.slice(eventStart, next) });
        eventStart = next;
      }
      lineStart = next;
      i = next;
    }
    this.buffer = buf.slice(eventStart);
    this.scanFrom = lineStart - eventStart;
    if (this.buffer.length > this.maxEventChars) throw new SseEventTooLarge(`an event is larger than ${this.maxEventChars} characters`);
    return events;
  }

  /** Whatever remains when the stream ends (an unterminated event, which SSE discards). */
  rest(): string {
    return this.buffer + this.decoder.end();
  }
}

function parseEvent(raw: string, body: string): SseEvent {
  const event: SseEvent = { raw };
  let data: string[] | undefined;
  for (const line of body.split(/\r\n|\r|\n/)) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') (data ??= []).push(value);
    else if (field === 'event') event.event = value;
    else if (field === 'id') event.id = value;
  }
  if (data) event.data = data.join('\n');
  return event;
}

/** One event in the form the SDKs write: `event:`, `id:`, then one `data:` line per line of data. */
export function formatEvent(data: string, fields: { event?: string | undefined; id?: string | undefined } = {}): string {
  let out = '';
  if (fields.event !== undefined) out += `event: ${fields.event}\n`;
  if (fields.id !== undefined) out += `id: ${fields.id}\n`;
  for (const line of data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  return `${out}\n`;
}
