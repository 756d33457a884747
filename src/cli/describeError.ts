/** One line for a command's output: a plane error's detail with up to five of its field messages. */
import { ToolshedError } from '../errors.js';

export function describeError(err: unknown): string {
  if (err instanceof ToolshedError) {
    const details = (err.errors ?? []).map((e) => (e.location ? `${e.location}: ${e.message}` : e.message));
    return details.length ? `${err.message}: ${details.slice(0, 5).join('; ')}` : err.message;
  }
  return (err as Error)?.message ?? String(err);
}
