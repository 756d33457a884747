/** Progress lines on stderr (stdout carries only the JSON result), with elapsed seconds. */
const started = performance.now();

export function progress(message: string): void {
  process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(1)}s] ${message}\n`);
}
