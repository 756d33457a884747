/**
 * The gateway audit (GET /api/admin/gateway/calls): every relayed, refused or failed
 * MCP request, newest first, filtered by person, server, tool, outcome and UTC dates,
 * paged with the API's cursor, and exported with the same filters as JSON Lines.
 * Filters live in the address bar.
 */
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { useConsole } from '../admin/consoleContext.js';
import { serverPath } from '../catalog/serverPath.js';
import { usePaged, withCursor } from '../ui/usePaged.js';
import { PagedTable } from '../ui/PagedTable.js';
import { utcTime } from '../ui/utcTime.js';
import { signInAgainOn401 } from '../ui/signInAgain.js';
import { callsQuery, exportPath, listCalls, OUTCOMES, type GatewayCall } from './gatewayApi.js';
import { OUTCOME_LABELS } from './usageData.js';
import { useUrlFilters } from '../ui/useUrlFilters.js';
import { DateFilter } from '../ui/DateFilter.js';
import { ShownText } from '../ui/ShownText.js';

const KEYS = ['user', 'server', 'tool', 'outcome', 'since', 'until'] as const;

function duration(micros: number): string {
  return micros >= 1_000_000 ? `${(micros / 1_000_000).toFixed(2)} s` : `${Math.round(micros / 1000)} ms`;
}

/** The export: a plain link with the session cookie; with the bootstrap token, fetched with it and saved. */
function ExportLink({ token, query }: { token: string | undefined; query: string }) {
  const [error, setError] = useState<string | null>(null);
  if (!token) {
    return (
      <a className="button-link" href={exportPath(query)} download="gateway-calls.jsonl">
        Export these calls (JSON Lines)
      </a>
    );
  }
  async function save() {
    setError(null);
    try {
      const res = await fetch(exportPath(query), { headers: { authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`The export was refused (HTTP ${res.status}).`);
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = 'gateway-calls.jsonl';
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'The export failed.');
    }
  }
  return (
    <>
      <button type="button" className="secondary" onClick={() => void save()}>
        Export these calls (JSON Lines)
      </button>
      {error && (
        <span role="alert" className="error-text">
          {' '}
          {error}
        </span>
      )}
    </>
  );
}

export default function GatewayCallsPage() {
  const { token } = useConsole();
  const { filters, draft, setDraft, submit } = useUrlFilters(KEYS);
  const ids = { user: useId(), server: useId(), tool: useId(), outcome: useId() };
  const query = callsQuery(filters);
  const [calls, loadMore] = usePaged<GatewayCall>(query, async (cursor, signal) => {
    const page = withCursor(`${query ? `${query}&` : ''}limit=50`, cursor);
    const body = await listCalls(token, page, signal);
    return { items: body.calls, ...(body.metadata.nextCursor ? { next: body.metadata.nextCursor } : {}) };
  });

  const field = (key: 'user' | 'server' | 'tool', label: string, placeholder: string) => (
    <div>
      <label htmlFor={ids[key]}>{label}</label>
      <input id={ids[key]} value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} placeholder={placeholder} />
    </div>
  );

  return (
    <section aria-labelledby="gateway-calls-heading">
      <h1 id="gateway-calls-heading">Gateway calls</h1>
      <p className="muted">Every MCP request the gateway relayed, refused or failed, newest first. Times are UTC.</p>
      <form className="audit-filters" onSubmit={submit} aria-label="Filter gateway calls">
        {field('user', 'Person', 'usr_… or email')}
        {field('server', 'Server', 'io.github.acme/weather')}
        {field('tool', 'Tool', 'tool, prompt or resource')}
        <div>
          <label htmlFor={ids.outcome}>Outcome</label>
          <select id={ids.outcome} value={draft.outcome} onChange={(e) => setDraft({ ...draft, outcome: e.target.value })}>
            <option value="">any</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {OUTCOME_LABELS[o]}
              </option>
            ))}
          </select>
        </div>
        <DateFilter label="From" value={draft.since} onChange={(since) => setDraft({ ...draft, since })} />
        <DateFilter label="To" value={draft.until} onChange={(until) => setDraft({ ...draft, until })} />
        <div className="audit-filter-actions">
          <button type="submit">Show calls</button>
        </div>
      </form>
      <p>
        <ExportLink token={token} query={query} />
      </p>

      <PagedTable
        paged={calls}
        loadMore={loadMore}
        what="gateway calls"
        emptyTitle="No gateway calls match these filters."
        moreLabel="Load older calls"
        errorAction={signInAgainOn401}
        className="audit-table gateway-calls"
        caption="Gateway calls, newest first"
        columns={['When (UTC)', 'Person', 'Server', 'Request', 'Outcome', 'Duration']}
        rowKey={(c) => c.id}
        cells={(c) => (
          <>
            <td>{utcTime(c.at)}</td>
            <td>
              <ShownText text={c.principal.label} /> <span className="muted small">({c.principal.via})</span>
              {c.connection && (
                <div className="muted small">
                  via <ShownText text={c.connection.label ?? c.connection.id} />
                </div>
              )}
            </td>
            <td>
              <Link to={serverPath(c.server)}>
                <ShownText text={c.server} />
              </Link>
            </td>
            <td>
              <code>{c.method}</code>
              {c.target && (
                <>
                  {' '}
                  <ShownText text={c.target} />
                </>
              )}
              {c.client && (
                <div className="muted small">
                  <ShownText text={`${c.client.name} ${c.client.version ?? ''}`} />
                </div>
              )}
            </td>
            <td>
              <span className={`badge outcome-${c.outcome}`}>{OUTCOME_LABELS[c.outcome] ?? c.outcome}</span>
              {c.error?.message && (
                <div className="small">
                  <ShownText text={c.error.message} />
                </div>
              )}
            </td>
            <td>{duration(c.durationMicros)}</td>
          </>
        )}
      />
    </section>
  );
}
