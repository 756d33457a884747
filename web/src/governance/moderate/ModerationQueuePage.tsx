/**
 * Console — reports: the moderators' queue. Each open report shows what was
 * reported, by whom, when and why; a moderator dismisses it, or deprecates,
 * deletes or blocks what it names, with a reason. Resolving sends the report's
 * ETag, so a report another moderator just resolved is refused, not decided twice.
 */
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useConsole } from '../../admin/consoleContext.js';
import { when } from '../../connect/meApi.js';
import { ShownText } from '../../ui/ShownText.js';
import { signInAgainOn401 } from '../../ui/signInAgain.js';
import { Empty, ErrorNotice, Loading } from '../../ui/Status.js';
import { useLoad } from '../../ui/useLoad.js';
import { KIND_LABELS, listReports, MODERATION_ACTIONS, resolveReport, type ModerationAction, type Report } from './moderationApi.js';

function ResolveForm({ report, token, onDone }: { report: Report; token: string | undefined; onDone: (message: string) => void }) {
  const [action, setAction] = useState<ModerationAction>('dismiss');
  const [reason, setReason] = useState('');
  const [state, setState] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });
  const needsReason = action !== 'dismiss';
  return (
    <form
      className="row-actions"
      onSubmit={(e) => {
        e.preventDefault();
        setState({ busy: true, error: null });
        resolveReport(report, action, reason.trim(), token).then(
          (r) => onDone(`Report #${r.id}: ${r.action}.`),
          (error: unknown) => setState({ busy: false, error }),
        );
      }}
    >
      <label>
        Action{' '}
        <select value={action} onChange={(e) => setAction(e.target.value as ModerationAction)}>
          {MODERATION_ACTIONS.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </label>{' '}
      <label>
        Reason{needsReason ? ' (required)' : ''} <input value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} required={needsReason} />
      </label>{' '}
      <button type="submit" disabled={state.busy || (needsReason && reason.trim() === '')}>
        Resolve
      </button>
      {state.error !== null && <ErrorNotice error={state.error} />}
    </form>
  );
}

export default function ModerationQueuePage() {
  const { token } = useConsole();
  const [reports, reload] = useLoad('reports:open', (signal) => listReports('open', token, signal));
  const [status, setStatus] = useState('');
  useEffect(() => {
    document.title = 'Reports · Toolshed';
  }, []);
  return (
    <section aria-labelledby="reports-heading">
      <h1 id="reports-heading">Reports</h1>
      <p className="muted">
        What people reported about servers. Dismiss a report, or deprecate, delete or block what it names: a block refuses the server in the gateway at once, on every replica, until it is unblocked.
      </p>
      <p role="status" aria-live="polite">
        {status}
      </p>
      {reports.state === 'loading' ? (
        <Loading what="reports" />
      ) : reports.state === 'error' ? (
        <ErrorNotice error={reports.error} action={signInAgainOn401(reports.error)} />
      ) : reports.data.reports.length === 0 ? (
        <Empty title="No open reports." />
      ) : (
        <ul className="source-list">
          {reports.data.reports.map((r) => (
            <li key={r.id} aria-labelledby={`report-${r.id}`}>
              <h2 id={`report-${r.id}`} className="source-head">
                #{r.id} {KIND_LABELS[r.kind]}:{' '}
                <Link to={`/servers/${r.name}`}>
                  <ShownText text={r.name} />
                </Link>
                {r.version !== null && <> version {r.version}</>}
              </h2>
              <p className="small">
                Reported by {r.reporter} {when(r.createdAt)}
              </p>
              {r.text && (
                <p>
                  <ShownText text={r.text} />
                </p>
              )}
              <ResolveForm
                report={r}
                token={token}
                onDone={(message) => {
                  setStatus(message);
                  reload();
                }}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
