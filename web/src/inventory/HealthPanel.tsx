/**
 * A version's health from its recent probes: up or down now, the typical latency, the
 * share up, and a strip of the recent readings (oldest to newest, each named in words
 * for a screen reader and a tooltip), with a failure named by its kind.
 */
import { when } from '../connect/meApi.js';
import { ErrorNotice, Loading } from '../ui/Status.js';
import { useLoad } from '../ui/useLoad.js';
import { getHealth, type HealthReading } from './inventoryApi.js';
import { healthSummary } from './toolView.js';

function readingText(r: HealthReading): string {
  const failure = r.failure;
  if (r.up) return `${when(r.at)}: up${r.latencyMs !== null ? `, ${r.latencyMs} ms` : ''}`;
  return `${when(r.at)}: down${failure ? ` (${failure.kind}${failure.message ? `: ${failure.message}` : ''})` : ''}`;
}

/** `stamp` (the last probe's time) changes when a probe ran: the readings are asked again. */
export function HealthPanel({ server, version, token, stamp }: { server: string; version: string; token: string | undefined; stamp: string }) {
  const [health] = useLoad(`health:${server}@${version}:${stamp}`, (signal) => getHealth(server, version, token, signal));
  if (health.state === 'loading') return <Loading what="health" />;
  if (health.state === 'error') return <ErrorNotice error={health.error} />;
  const readings = health.data.readings;
  if (!readings.length) return <p className="muted">No health readings yet.</p>;
  // The API answers newest first; the strip reads left to right, oldest to newest.
  const summary = healthSummary(readings);
  const newest = readings[0]!;
  const failure = newest.failure;
  const upShare = health.data.uptime;
  return (
    <div className="health-panel">
      <p data-testid="health-now">
        <span className={`health ${summary.up ? 'health-ok' : 'health-error'}`}>{summary.up ? 'up' : 'down'}</span>{' '}
        {summary.up && newest.latencyMs !== null ? (
          `${newest.latencyMs} ms`
        ) : failure ? (
          <>
            {failure.kind} failure: {failure.message}
          </>
        ) : null}
        <span className="muted small">
          {' '}
          · last reading {when(newest.at)}
          {summary.medianLatencyMs !== null ? ` · typical ${summary.medianLatencyMs} ms` : ''}
          {upShare !== null ? ` · up in ${Math.round(upShare * 100)}% of the last ${readings.length}` : ''}
        </span>
      </p>
      <ol className="health-strip" aria-label="Recent probes, oldest first">
        {[...readings].reverse().map((r, i) => (
          <li key={`${r.at}:${i}`} className={r.up ? 'tick tick-up' : 'tick tick-down'} title={readingText(r)}>
            <span className="visually-hidden">{readingText(r)}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
