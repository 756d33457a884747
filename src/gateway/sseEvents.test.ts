/**
 * The SSE splitter: events come out whole and byte-identical however the stream
 * is cut into chunks (CRLF split across chunks, multi-byte characters split),
 * fields are read per the SSE rules, and an endless event is refused.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatEvent, SseEventTooLarge, SseSplitter } from './sseEvents.js';

const STREAM =
  'event: endpoint\r\ndata: /messages?sessionId=1\r\n\r\n' +
  ': keepalive\n\n' +
  'event: message\nid: 42\ndata: {"jsonrpc":"2.0","id":1,"result":{"text":"héllo ✓"}}\n\n' +
  'data: line one\rdata: line two\r\r' +
  'id: 43\ndata:\n\n';

function splitAt(text: string, cuts: number[]): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let last = 0;
  for (const p of [...points, bytes.length]) {
    chunks.push(bytes.subarray(last, p));
    last = p;
  }
  return chunks;
}

describe('SseSplitter', () => {
  it('reads the fields of each event and keeps its raw text', () => {
    const events = new SseSplitter(1 << 20).push(Buffer.from(STREAM));
    expect(events.map((e) => [e.event, e.id, e.data])).toEqual([
      ['endpoint', undefined, '/messages?sessionId=1'],
      [undefined, undefined, undefined],
      ['message', '42', '{"jsonrpc":"2.0","id":1,"result":{"text":"héllo ✓"}}'],
      [undefined, undefined, 'line one\nline two'],
      [undefined, '43', ''],
    ]);
    expect(events.map((e) => e.raw).join('')).toBe(STREAM);
  });

  it('gives the same events however the bytes are chunked', () => {
    const whole = new SseSplitter(1 << 20).push(Buffer.from(STREAM));
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 12 }), (cuts) => {
        const splitter = new SseSplitter(1 << 20);
        const events = splitAt(STREAM, cuts).flatMap((chunk) => splitter.push(chunk));
        expect(events).toEqual(whole);
      }),
    );
  });

  it('holds an event until its blank line arrives', () => {
    const splitter = new SseSplitter(1 << 20);
    expect(splitter.push(Buffer.from('data: {"a":1}\n'))).toEqual([]);
    expect(splitter.push(Buffer.from('\n'))).toEqual([{ raw: 'data: {"a":1}\n\n', data: '{"a":1}' }]);
  });

  it('refuses an event larger than the bound', () => {
    const splitter = new SseSplitter(100);
    expect(() => splitter.push(Buffer.from(`data: ${'x'.repeat(200)}`))).toThrow(SseEventTooLarge);
  });

  it('formats events the way it reads them', () => {
    const text = formatEvent('{"x":1}\nsecond', { event: 'message', id: '7' });
    expect(text).toBe('event: message\nid: 7\ndata: {"x":1}\ndata: second\n\n');
    expect(new SseSplitter(1 << 20).push(Buffer.from(text))).toEqual([{ raw: text, event: 'message', id: '7', data: '{"x":1}\nsecond' }]);
  });
});
