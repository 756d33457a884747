/**
 * "Report" on the server page: a signed-in person tells the moderators that a
 * server (or the version shown) is malicious, broken, leaks data, or something
 * else, with a few words. Shown only to people who may report.
 */
import { useId, useState, type FormEvent } from 'react';
import { useSession } from '../../session/useSession.js';
import { ErrorNotice } from '../../ui/Status.js';
import { fileReport, KIND_LABELS, REPORT_KINDS, REPORT_PERMISSION, type ReportKind } from './moderationApi.js';

export function ReportButton({ server, version }: { server: string; version?: string }) {
  const session = useSession();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<ReportKind>('broken');
  const [text, setText] = useState('');
  const [whole, setWhole] = useState(version === undefined);
  const [state, setState] = useState<{ busy: boolean; error: unknown; done: number | null }>({ busy: false, error: null, done: null });
  if (!session.can(REPORT_PERMISSION)) return null;
  if (state.done !== null) return <p role="status">Thank you: your report (#{state.done}) is with the moderators.</p>;
  if (!open)
    return (
      <button type="button" className="secondary" onClick={() => setOpen(true)}>
        Report
      </button>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setState({ busy: true, error: null, done: null });
    fileReport({ name: server, ...(!whole && version ? { version } : {}), kind, ...(text.trim() ? { text } : {}) }, session.token).then(
      (r) => setState({ busy: false, error: null, done: r.id }),
      (error: unknown) => setState({ busy: false, error, done: null }),
    );
  };
  return (
    <form onSubmit={submit} aria-labelledby={`${id}-title`} className="report-form">
      <p id={`${id}-title`} className="state-title">
        Report this server to the moderators
      </p>
      <fieldset>
        <legend>What is wrong?</legend>
        {REPORT_KINDS.map((k) => (
          <label key={k}>
            <input type="radio" name={`${id}-kind`} value={k} checked={kind === k} onChange={() => setKind(k)} /> {KIND_LABELS[k]}
          </label>
        ))}
      </fieldset>
      {version !== undefined && (
        <label>
          <input type="checkbox" checked={!whole} onChange={(e) => setWhole(!e.target.checked)} /> Only version {version}
        </label>
      )}
      <label htmlFor={`${id}-text`}>What did you see?{kind === 'other' ? ' (required)' : ''}</label>
      <textarea id={`${id}-text`} value={text} maxLength={4000} onChange={(e) => setText(e.target.value)} required={kind === 'other'} />
      <p className="row-actions">
        <button type="submit" disabled={state.busy || (kind === 'other' && text.trim() === '')}>
          Send report
        </button>{' '}
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </p>
      {state.error !== null && <ErrorNotice error={state.error} />}
    </form>
  );
}
