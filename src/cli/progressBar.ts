/** A progress bar on standard error, only when it is a terminal (CI logs stay clean) and not `--quiet`. */
import cliProgress from 'cli-progress';

export function progressBar(format: string, quiet?: boolean): cliProgress.SingleBar | undefined {
  if (!process.stderr.isTTY || quiet) return undefined;
  return new cliProgress.SingleBar({ format, stream: process.stderr }, cliProgress.Presets.shades_classic);
}
