/** sseMessages: events split across chunks and line endings, comments skipped, and the per-event and whole-stream byte caps. */
import { describe, expect, it } from 'vitest';
import { ProbeError } from './probeError.js';
import { sseMessages } from './sseMessages.js';

async function* chunks(...parts: string[]) {
  for (const part of parts) yield Buffer.from(part);
}

async function collect(body: AsyncIterable<Buffer>, maxEventBytes = 1024, maxTotalBytes = 4096) {
  const out = [];
  for await (const event of sseMessages(body, { maxEventBytes, maxTotalBytes }, 'upstream.test')) out.push(event);
  return out;
}

describe('sseMessages', () => {
  it('yields whole events across chunk boundaries, CRLF and CR line ends included, and skips comments', async () => {
    const events = await collect(chunks('event: endpoint\r\ndata: /messages?s=1\r\n\r', '\n: keep-alive\n\nid: 7\ndata: {"a":', '1}\n\ndata: é\r\r', 'data: end\n\n'));
    expect(events.map((e) => [e.event, e.id, e.data])).toEqual([
      ['endpoint', undefined, '/messages?s=1'],
      [undefined, '7', '{"a":1}'],
      [undefined, undefined, 'é'],
      [undefined, undefined, 'end'],
    ]);
  });

  it('keeps a multi-byte character split between chunks whole', async () => {
    const bytes = Buffer.from('data: ü\n\n');
    async function* split() {
      yield bytes.subarray(0, 7);
      yield bytes.subarray(7);
    }
    expect((await collect(split()))[0]!.data).toBe('ü');
  });

  it('refuses an event that never ends, and a stream past its total, as too-large', async () => {
    await expect(collect(chunks('data: ', 'x'.repeat(600), 'x'.repeat(600)))).rejects.toMatchObject({ kind: 'too-large' });
    const many = Array.from({ length: 100 }, () => 'data: 0123456789\n\n');
    await expect(collect(chunks(...many), 1024, 500)).rejects.toBeInstanceOf(ProbeError);
    expect(await collect(chunks(...many), 1024, 10_000)).toHaveLength(100);
  });
});
