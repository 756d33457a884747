/** Set a server's trust level, with a reason for the audit log (reviewers: `catalog.approve`). Sent with If-Match. */
import { useId, useState } from 'react';
import { ErrorNotice } from '../../ui/Status.js';
import { changeGovernance, TRUST_LEVELS, type GovernanceView, type TrustLevel } from './serverGovernanceApi.js';
import { staleOr } from './staleOr.js';

export interface GovernanceEditorProps {
  view: GovernanceView;
  etag: string;
  token: string | undefined;
  onSaved: (message: string) => void;
  onStale: (message: string) => void;
}

export function TrustEditor({ view, etag, token, onSaved, onStale }: GovernanceEditorProps) {
  const id = useId();
  const [trust, setTrust] = useState<TrustLevel | ''>(view.trustSource === 'reviewer' && view.trust ? view.trust : '');
  const [reason, setReason] = useState('');
  const [state, setState] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });
  return (
    <form
      className="governance-form"
      aria-label="Set the trust level"
      onSubmit={(e) => {
        e.preventDefault();
        setState({ busy: true, error: null });
        changeGovernance(view.name, { trust: trust === '' ? null : trust, ...(reason.trim() ? { reason: reason.trim() } : {}) }, etag, token).then(
          (r) => {
            setState({ busy: false, error: null });
            setReason('');
            onSaved(r.view.trust ? `Trust level set: ${r.view.trust}.` : 'Trust level cleared.');
          },
          staleOr(onStale, (error) => setState({ busy: false, error })),
        );
      }}
    >
      <label htmlFor={`${id}-trust`}>Trust level</label>{' '}
      <select id={`${id}-trust`} value={trust} onChange={(e) => setTrust(e.target.value as TrustLevel | '')}>
        <option value="">none (the source’s default)</option>
        {TRUST_LEVELS.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </select>{' '}
      <label htmlFor={`${id}-reason`}>Reason</label> <input id={`${id}-reason`} value={reason} maxLength={4000} onChange={(e) => setReason(e.target.value)} />{' '}
      <button type="submit" disabled={state.busy}>
        Set trust
      </button>
      {trust === 'blocked' && <p className="small muted">A blocked server is refused by the gateway at once.</p>}
      {state.error !== null && <ErrorNotice error={state.error} />}
    </form>
  );
}
