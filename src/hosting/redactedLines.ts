/**
 * A bounded buffer of a process's recent stderr lines with every secret value
 * taken out: a line that contains one is kept with the value replaced by
 * `[redacted]`, so a value never reaches the console, the log or an API. Lines
 * are cut at `maxLineChars` and only the last `maxLines` are kept.
 */
import { StringDecoder } from 'node:string_decoder';

export interface RedactedLines {
  push(chunk: Buffer | string): void;
  /** Adds one line of Toolshed's own (a failure it named), redacted like the rest. */
  note(line: string): void;
  lines(): readonly string[];
}

/** The values to take out, non-empty and longest first (so a value inside a longer one cannot leave part of it). */
const redactionOrder = (secrets: readonly string[]) => secrets.filter((s) => s.length > 0).sort((a, b) => b.length - a.length);

function replaceValues(text: string, ordered: readonly string[]): string {
  let out = text;
  for (const value of ordered) if (out.includes(value)) out = out.split(value).join('[redacted]');
  return out;
}

/** `text` with every one of `secrets` replaced by `[redacted]`, longest first. */
export function redactValues(text: string, secrets: readonly string[]): string {
  return replaceValues(text, redactionOrder(secrets));
}

export function createRedactedLines(secrets: readonly string[], maxLines = 200, maxLineChars = 2000): RedactedLines {
  const values = redactionOrder(secrets);
  const kept: string[] = [];
  let partial = '';
  // A character split across two chunks is decoded whole, so a value holding one is still found.
  const decoder = new StringDecoder('utf8');
  // Ordered once here, not for every line.
  const redact = (line: string) => replaceValues(line, values);
  const add = (line: string) => {
    // Redacted before it is cut, so a value split by the cut cannot survive in part.
    kept.push(redact(line).slice(0, maxLineChars));
    if (kept.length > maxLines) kept.splice(0, kept.length - maxLines);
  };
  return {
    push(chunk) {
      partial += typeof chunk === 'string' ? chunk : decoder.write(chunk);
      const parts = partial.split('\n');
      partial = parts.pop() ?? '';
      // A line that never ends is bounded too: what is past the limit (and a value's worth of margin) is dropped.
      const limit = maxLineChars + (values[0]?.length ?? 0);
      if (partial.length > limit) partial = partial.slice(0, limit);
      for (const line of parts) add(line);
    },
    note(line) {
      add(`[toolshed] ${line}`);
    },
    lines() {
      return partial ? [...kept, redact(partial).slice(0, maxLineChars)] : [...kept];
    },
  };
}
