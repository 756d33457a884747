/**
 * Federation sources and their sync status (GET /api/admin/sources), with "Sync now"
 * per source (POST /api/admin/sources/{name}/sync) and its outcome in words.
 */
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../api/apiClient.js';
import { useConsole } from './consoleContext.js';
import { Empty, ErrorNotice, Loading } from '../ui/Status.js';
import { useLoad } from '../ui/useLoad.js';
import { utcTime } from '../ui/utcTime.js';
import { listSources, syncSource, type SourceStatus, type SyncResult } from './adminApi.js';

function when(iso: string | null): string {
  if (!iso) return 'never';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : utcTime(d.toISOString()) + ' UTC';
}

function interval(seconds: number): string {
  if (seconds === 0) return 'on demand only';
  if (seconds % 3600 === 0) return `every ${seconds / 3600} h`;
  if (seconds % 60 === 0) return `every ${seconds / 60} min`;
  return `every ${seconds} s`;
}

function health(source: SourceStatus): { label: string; kind: 'ok' | 'error' | 'idle' | 'off' } {
  if (!source.enabled) return { label: 'Disabled', kind: 'off' };
  const failedLast = source.lastErrorAt && (!source.lastSuccessAt || source.lastErrorAt > source.lastSuccessAt);
  if (failedLast) return { label: 'Last sync failed', kind: 'error' };
  if (source.lastSuccessAt) return { label: 'In sync', kind: 'ok' };
  return { label: 'Not synced yet', kind: 'idle' };
}

function SourceCard({ source, token, onSynced }: { source: SourceStatus; token: string | undefined; onSynced: () => void }) {
  const [sync, setSync] = useState<{ state: 'idle' | 'running' } | { state: 'done'; result: SyncResult } | { state: 'failed'; error: unknown }>({ state: 'idle' });
  const h = health(source);
  const run = source.counts.lastRun;
  return (
    <li className="source-card" aria-labelledby={`source-${source.name}`}>
      <div className="source-head">
        <h2 id={`source-${source.name}`}>{source.name}</h2>
        <span className={`health health-${h.kind}`}>{h.label}</span>
      </div>
      <p>
        <code>{source.baseUrl}</code>
        {source.hasAuthHeader && <span className="muted small"> · sends an Authorization header</span>}
      </p>
      <dl className="facts compact">
        <dt>Schedule</dt>
        <dd>{interval(source.intervalSeconds)}</dd>
        <dt>Precedence</dt>
        <dd>{source.precedence}</dd>
        <dt>Last success</dt>
        <dd>{when(source.lastSuccessAt)}</dd>
        <dt>Last started</dt>
        <dd>{when(source.lastStartedAt)}</dd>
        <dt>Mirrored versions</dt>
        <dd>
          {source.counts.mirrored} — <Link to={`/?source=${encodeURIComponent(source.name)}`}>browse them</Link>
        </dd>
        <dt>Last run</dt>
        <dd>
          {run.fetched} fetched, {run.stored} stored, {run.rejected} rejected, {run.changed} catalog changes, {run.pages} pages
        </dd>
        {source.resumable && (
          <>
            <dt>Resumable</dt>
            <dd>an interrupted run will resume where it stopped</dd>
          </>
        )}
      </dl>
      {source.lastError && (
        <div className="state state-error">
          <p className="state-title">
            Last error ({when(source.lastErrorAt)}): {source.lastError}
          </p>
        </div>
      )}
      <div className="actions">
        <button
          type="button"
          disabled={sync.state === 'running' || !source.enabled}
          onClick={() => {
            setSync({ state: 'running' });
            syncSource(token, source.name).then(
              (result) => {
                setSync({ state: 'done', result });
                onSynced();
              },
              (error: unknown) => {
                setSync({ state: 'failed', error });
                onSynced();
              },
            );
          }}
        >
          {sync.state === 'running' ? 'Syncing…' : `Sync ${source.name} now`}
        </button>
        {!source.enabled && <span className="muted small"> Enable the source to sync it.</span>}
        <span role="status" aria-live="polite">
          {sync.state === 'done' &&
            ` Synced (${sync.result.mode}): ${sync.result.fetched} fetched, ${sync.result.stored} stored, ${sync.result.rejected} rejected, ${sync.result.changed} catalog changes in ${(sync.result.durationMs / 1000).toFixed(1)} s.`}
        </span>
      </div>
      {sync.state === 'failed' && <ErrorNotice error={sync.error} />}
    </li>
  );
}

export default function SourcesPage() {
  const { token } = useConsole();
  const [sources, reload] = useLoad('sources', (signal) => listSources(token, signal));
  return (
    <section aria-labelledby="sources-heading">
      <h1 id="sources-heading">Federation sources</h1>
      <p className="muted">Upstream registries mirrored into this catalog, and how their syncs are going.</p>
      {sources.state === 'loading' && <Loading what="sources" />}
      {sources.state === 'error' && (
        <ErrorNotice
          error={sources.error}
          action={
            sources.error instanceof ApiError && sources.error.status === 401 ? (
              <Link to="/console/sign-in">Sign in again</Link>
            ) : (
              <button type="button" onClick={reload}>
                Try again
              </button>
            )
          }
        />
      )}
      {sources.state === 'ready' &&
        (sources.data.sources.length === 0 ? (
          <Empty title="No federation sources yet.">
            <p>
              Add one with <code>POST /api/admin/sources</code>, <code>toolshed source add</code> or
              <code> federationSources</code> in the configuration file (see the README, Federation).
            </p>
          </Empty>
        ) : (
          <ul className="source-list">
            {sources.data.sources.map((s) => (
              <SourceCard key={s.name} source={s} token={token} onSynced={reload} />
            ))}
          </ul>
        ))}
    </section>
  );
}
