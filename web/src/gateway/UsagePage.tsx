/**
 * Gateway usage (GET /api/admin/gateway/usage), drawn with Recharts (loaded only with
 * this page): calls per UTC day by server as stacked bars, the most-called tools, and
 * the calls by outcome with the error and denial rates. Every chart has its text
 * alternative under it: a summary sentence and the same numbers as a table. The
 * window (30 days by default) and a server filter live in the address bar.
 */
import { useId, type ReactNode } from 'react';
import { Link } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ApiError } from '../api/apiClient.js';
import { useConsole } from '../admin/consoleContext.js';
import { Empty, ErrorNotice, Loading } from '../ui/Status.js';
import { useLoad } from '../ui/useLoad.js';
import { getUsage, usageQuery, type GatewayUsage } from './gatewayApi.js';
import { dailySeries, OTHER_SERVERS, outcomeShares, percent, ratesSummary } from './usageData.js';
import { useUrlFilters } from '../ui/useUrlFilters.js';
import { DateFilter } from '../ui/DateFilter.js';

/** Okabe–Ito colours (distinguishable with colour-blindness), then greys. */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#8C6BB1', '#B8860B', '#2F8F8F', '#A0522D', '#888888'];
const OUTCOME_COLOURS: Record<string, string> = {
  ok: '#009E73',
  error: '#D55E00',
  denied: '#CC79A7',
  rate_limited: '#E69F00',
  timeout: '#A0522D',
  disconnected: '#888888',
};
const tooltipStyle = { background: 'var(--bg)', border: '1px solid var(--border)', color: 'var(--text)' };

const calls = (n: number) => `${n.toLocaleString('en')} ${n === 1 ? 'call' : 'calls'}`;

function ChartFigure({ id, title, summary, table, children }: { id: string; title: string; summary: ReactNode; table: ReactNode; children: ReactNode }) {
  return (
    <figure className="chart" aria-labelledby={`${id}-title`} aria-describedby={`${id}-summary`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <div className="chart-canvas">{children}</div>
      <figcaption>
        <p id={`${id}-summary`} className="chart-summary">
          {summary}
        </p>
        <details>
          <summary>The numbers as a table</summary>
          <div className="table-scroll">{table}</div>
        </details>
      </figcaption>
    </figure>
  );
}

function DailyChart({ usage }: { usage: GatewayUsage }) {
  const { series, rows } = dailySeries(usage);
  const busiest = usage.servers[0];
  const activeDays = new Set(usage.days.map((d) => d.day)).size;
  return (
    <ChartFigure
      id="daily"
      title="Calls per day by server"
      summary={
        <>
          {calls(usage.totals.calls)} on {activeDays} of {rows.length} days across {usage.servers.length} server{usage.servers.length === 1 ? '' : 's'}
          {series.includes(OTHER_SERVERS) ? ' (and others, shown together)' : ''}
          {busiest ? `; busiest: ${busiest.server} with ${calls(busiest.calls)}.` : '.'}
        </>
      }
      table={
        <table className="usage-table" data-testid="daily-table">
          <caption className="visually-hidden">Calls per day by server</caption>
          <thead>
            <tr>
              <th scope="col">Day (UTC)</th>
              <th scope="col">Server</th>
              <th scope="col">Calls</th>
            </tr>
          </thead>
          <tbody>
            {usage.days.map((d) => (
              <tr key={`${d.day} ${d.server ?? ''}`}>
                <td>{d.day}</td>
                <td>{d.server ?? OTHER_SERVERS}</td>
                <td className="number">{d.calls}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <ResponsiveContainer width="100%" height={320}>
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} minTickGap={12} />
          <YAxis allowDecimals={false} width={48} />
          <Tooltip contentStyle={tooltipStyle} cursor={{ fillOpacity: 0.15 }} />
          <Legend itemSorter={null} />
          {series.map((s, i) => (
            <Bar key={s} dataKey={s} name={s} stackId="calls" fill={PALETTE[i % PALETTE.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

function ToolsChart({ usage }: { usage: GatewayUsage }) {
  const data = usage.topTools.map((t) => ({ name: `${t.tool} · ${t.server}`, calls: t.calls }));
  const top = usage.topTools[0];
  return (
    <ChartFigure
      id="tools"
      title="Top tools"
      summary={
        top
          ? `${usage.topTools.length} most-called tool${usage.topTools.length === 1 ? '' : 's'} (tools/call); first: ${top.tool} on ${top.server} with ${calls(top.calls)}.`
          : 'No tool calls in this window.'
      }
      table={
        <table className="usage-table" data-testid="tools-table">
          <caption className="visually-hidden">Top tools</caption>
          <thead>
            <tr>
              <th scope="col">Tool</th>
              <th scope="col">Server</th>
              <th scope="col">Calls</th>
            </tr>
          </thead>
          <tbody>
            {usage.topTools.map((t) => (
              <tr key={`${t.server} ${t.tool}`}>
                <td>
                  <Link to={`/console/gateway/calls?${new URLSearchParams({ server: t.server, tool: t.tool }).toString()}`}>{t.tool}</Link>
                </td>
                <td>{t.server}</td>
                <td className="number">{t.calls}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      {data.length > 0 && (
        <ResponsiveContainer width="100%" height={Math.max(120, data.length * 36 + 40)}>
          <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" allowDecimals={false} />
            <YAxis type="category" dataKey="name" width={180} tickFormatter={(n: string) => (n.length > 28 ? `${n.slice(0, 27)}…` : n)} />
            <Tooltip contentStyle={tooltipStyle} cursor={{ fillOpacity: 0.15 }} />
            <Bar dataKey="calls" name="Calls" fill={PALETTE[0]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      )}
    </ChartFigure>
  );
}

function OutcomesChart({ usage }: { usage: GatewayUsage }) {
  const shares = outcomeShares(usage);
  const data = shares.map((s) => ({ name: s.label, value: s.calls, fill: OUTCOME_COLOURS[s.outcome] ?? '#888888' }));
  return (
    <ChartFigure
      id="outcomes"
      title="Errors and denials"
      summary={ratesSummary(usage.totals)}
      table={
        <table className="usage-table" data-testid="outcomes-table">
          <caption className="visually-hidden">Calls by outcome</caption>
          <thead>
            <tr>
              <th scope="col">Outcome</th>
              <th scope="col">Calls</th>
              <th scope="col">Share</th>
            </tr>
          </thead>
          <tbody>
            {shares.map((s) => (
              <tr key={s.outcome}>
                <td>
                  <Link to={`/console/gateway/calls?outcome=${s.outcome}`}>{s.label}</Link>
                </td>
                <td className="number">{s.calls}</td>
                <td className="number">{s.share}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <ResponsiveContainer width="100%" height={260}>
        <PieChart>
          <Pie data={data} dataKey="value" nameKey="name" innerRadius="50%" outerRadius="80%" isAnimationActive={false} />
          <Tooltip contentStyle={tooltipStyle} formatter={(v) => `${String(v)} (${percent(Number(v), usage.totals.calls)})`} />
          <Legend itemSorter={null} />
        </PieChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

export default function UsagePage() {
  const { token } = useConsole();
  const { filters, draft, setDraft, submit } = useUrlFilters(['server', 'since', 'until'] as const);
  const ids = { server: useId() };
  const query = usageQuery(filters);
  const [usage, retry] = useLoad(query, (signal) => getUsage(token, query, signal));

  return (
    <section aria-labelledby="usage-heading" className="usage">
      <h1 id="usage-heading">Usage</h1>
      <p className="muted">
        Gateway calls over a window of UTC days (the last 30 unless you choose), from the <Link to="/console/gateway/calls">gateway audit</Link>.
      </p>
      <form className="audit-filters" onSubmit={submit} aria-label="Usage window">
        <div>
          <label htmlFor={ids.server}>Server</label>
          <input id={ids.server} value={draft.server} onChange={(e) => setDraft({ ...draft, server: e.target.value })} placeholder="all servers" />
        </div>
        <DateFilter label="From" value={draft.since} onChange={(since) => setDraft({ ...draft, since })} />
        <DateFilter label="To" value={draft.until} onChange={(until) => setDraft({ ...draft, until })} />
        <div className="audit-filter-actions">
          <button type="submit">Show usage</button>
        </div>
      </form>

      {usage.state === 'loading' ? (
        <Loading what="usage" />
      ) : usage.state === 'error' ? (
        <ErrorNotice
          error={usage.error}
          action={
            usage.error instanceof ApiError && usage.error.status === 401 ? (
              <Link to="/console/sign-in">Sign in again</Link>
            ) : (
              <button type="button" className="secondary" onClick={retry}>
                Try again
              </button>
            )
          }
        />
      ) : (
        <>
          <p className="usage-window" data-testid="usage-window">
            {usage.data.since.slice(0, 10)} to {usage.data.until.slice(0, 10)}
            {filters.server ? ` · ${filters.server}` : ''}: <strong>{calls(usage.data.totals.calls)}</strong>
          </p>
          {usage.data.totals.calls === 0 ? (
            <Empty title="No gateway calls in this window.">
              <p>Choose a longer window or another server; calls appear here once people use the gateway.</p>
            </Empty>
          ) : (
            <div className="usage-charts">
              <DailyChart usage={usage.data} />
              <ToolsChart usage={usage.data} />
              <OutcomesChart usage={usage.data} />
            </div>
          )}
        </>
      )}
    </section>
  );
}
