/**
 * Console — Needs attention: the servers whose re-certification is due, that nobody
 * used through the gateway for a while, whose health has been failing, or whose
 * upstream has a newer version than the approved one, each with its owners.
 */
import { useEffect } from 'react';
import { Link } from 'react-router';
import { useConsole } from '../../admin/consoleContext.js';
import { when } from '../../connect/meApi.js';
import { ShownText } from '../../ui/ShownText.js';
import { signInAgainOn401 } from '../../ui/signInAgain.js';
import { Empty, ErrorNotice, Loading } from '../../ui/Status.js';
import { useLoad } from '../../ui/useLoad.js';
import { getAttention, type AttentionReason } from './attentionApi.js';

function describe(r: AttentionReason, unusedDays: number, unhealthyDays: number): string {
  switch (r.reason) {
    case 'recertification_due':
      return `Re-certification was due ${when(r.dueAt)}`;
    case 'unused':
      return r.lastUsedAt ? `Unused through the gateway for over ${unusedDays} days (last call ${when(r.lastUsedAt)})` : `No gateway call on record in ${unusedDays} days`;
    case 'unhealthy':
      return `Health failing since ${when(r.failingSince)} (version ${r.version ?? '?'}${r.failureKind ? `, ${r.failureKind}` : ''}; more than ${unhealthyDays} days)`;
    case 'upstream_newer':
      return `Upstream ${r.source ?? '?'} has ${r.upstreamVersion ?? '?'}; approved here: ${r.approvedVersion ?? 'none'}`;
  }
}

export default function AttentionPage() {
  const { token } = useConsole();
  const [list] = useLoad('attention', (signal) => getAttention(token, signal));
  useEffect(() => {
    document.title = 'Needs attention · Toolshed';
  }, []);
  return (
    <section aria-labelledby="attention-heading">
      <h1 id="attention-heading">Needs attention</h1>
      <p className="muted">Regular reviews keep the registry worth trusting: re-certify servers when due, prune the unused, chase the broken, and review newer upstream versions.</p>
      {list.state === 'loading' ? (
        <Loading what="the attention list" />
      ) : list.state === 'error' ? (
        <ErrorNotice error={list.error} action={signInAgainOn401(list.error)} />
      ) : list.data.servers.length === 0 ? (
        <Empty title="Nothing needs attention." />
      ) : (
        <>
          <p className="small" data-testid="attention-counts">
            {list.data.counts.recertification_due} re-certification due · {list.data.counts.unused} unused · {list.data.counts.unhealthy} unhealthy · {list.data.counts.upstream_newer} upstream newer
          </p>
          <ul className="source-list">
            {list.data.servers.map((s) => (
              <li key={s.name} className="drift-event" aria-labelledby={`attention-${s.name}`}>
                <h2 id={`attention-${s.name}`} className="source-head">
                  <Link to={`/servers/${s.name}`}>
                    <ShownText text={s.name} />
                  </Link>
                </h2>
                <ul>
                  {s.reasons.map((r) => (
                    <li key={r.reason}>{describe(r, list.data.settings.unusedDays, list.data.settings.unhealthyDays)}</li>
                  ))}
                </ul>
                {s.owners.length > 0 && (
                  <p className="small">
                    Owners:{' '}
                    {s.owners.map((o, i) => (
                      <span key={i}>
                        {i > 0 ? ', ' : ''}
                        <ShownText text={o.kind === 'user' ? (o.id ?? '') : `group ${o.name ?? ''}`} />
                      </span>
                    ))}
                  </p>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
