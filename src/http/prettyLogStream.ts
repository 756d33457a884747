/**
 * `TOOLSHED_LOG_FORMAT=pretty`: the server's JSON log lines rewritten for a
 * person at a terminal, one line per record (an error's stack below it). Written
 * here rather than taken from pino-pretty so the server needs no extra package;
 * it reads only what pino writes, after redaction, so it cannot show a secret
 * the JSON line would not.
 */
const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
/** Fields shown in the line's head, or never (pino's own bookkeeping). */
const SHOWN = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'method', 'path', 'status', 'durationMs', 'err']);

export interface LogSink {
  write(text: string): unknown;
}

function clock(time: unknown): string {
  const date = typeof time === 'number' ? new Date(time) : new Date();
  return date.toISOString().slice(11, 23);
}

function shown(value: unknown): string {
  if (typeof value === 'string') return /[\s"=]/.test(value) || value === '' ? JSON.stringify(value) : value;
  return JSON.stringify(value) ?? String(value);
}

/** One JSON log line as a terminal line: `12:00:01.234 INFO  GET /v0/servers 200 3.1ms request caller=alice`. */
export function prettyLogLine(json: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const head = [clock(record.time), LEVELS[record.level as number] ?? String(record.level)];
  if (record.method !== undefined && record.path !== undefined) {
    head.push(`${String(record.method)} ${String(record.path)}`);
    if (record.status !== undefined) head.push(String(record.status));
    if (typeof record.durationMs === 'number') head.push(`${record.durationMs}ms`);
  }
  if (record.msg !== undefined) head.push(String(record.msg));
  const rest = Object.entries(record)
    .filter(([key, value]) => !SHOWN.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${shown(value)}`);
  let out = [...head, ...rest].join(' ');
  const err = record.err as { type?: string; message?: string; stack?: string } | undefined;
  if (err) out += `\n    ${(err.stack ?? `${err.type ?? 'Error'}: ${err.message ?? ''}`).split('\n').join('\n    ')}`;
  return `${out}\n`;
}

/** A pino destination writing each record to `out` as a terminal line. */
export function prettyLogStream(out: LogSink = process.stdout): LogSink {
  return {
    write(text: string) {
      // pino writes one record per call, newline-terminated.
      for (const line of text.split('\n')) if (line !== '') out.write(prettyLogLine(line));
    },
  };
}
