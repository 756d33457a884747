/** Edit a server's owners, support contact and docs URL (reviewers and the server's owners), with If-Match. */
import { useId, useState } from 'react';
import { ErrorNotice } from '../../ui/Status.js';
import { linesToOwners, ownersToLines } from './ownerLines.js';
import { changeGovernance } from './serverGovernanceApi.js';
import { staleOr } from './staleOr.js';
import type { GovernanceEditorProps } from './TrustEditor.js';

export function OwnersEditor({ view, etag, token, onSaved, onStale }: GovernanceEditorProps) {
  const id = useId();
  const [owners, setOwners] = useState(() => ownersToLines(view.owners));
  const [support, setSupport] = useState(view.supportContact ?? '');
  const [docs, setDocs] = useState(view.docsUrl ?? '');
  const [reason, setReason] = useState('');
  const [state, setState] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });
  return (
    <form
      className="governance-form"
      aria-label="Edit owners and contacts"
      onSubmit={(e) => {
        e.preventDefault();
        setState({ busy: true, error: null });
        const change = {
          owners: linesToOwners(owners),
          supportContact: support.trim() || null,
          docsUrl: docs.trim() || null,
          ...(reason.trim() ? { reason: reason.trim() } : {}),
        };
        changeGovernance(view.name, change, etag, token).then(
          () => {
            setState({ busy: false, error: null });
            onSaved('Owners and contacts saved.');
          },
          staleOr(onStale, (error) => setState({ busy: false, error })),
        );
      }}
    >
      <label htmlFor={`${id}-owners`}>Owners (one a line: an email, group:NAME or user:ID)</label>
      <textarea id={`${id}-owners`} rows={3} value={owners} onChange={(e) => setOwners(e.target.value)} />
      <label htmlFor={`${id}-support`}>Support contact (an email or an http(s) URL)</label>
      <input id={`${id}-support`} value={support} maxLength={2000} onChange={(e) => setSupport(e.target.value)} />
      <label htmlFor={`${id}-docs`}>Docs URL (https)</label>
      <input id={`${id}-docs`} type="url" value={docs} maxLength={4000} onChange={(e) => setDocs(e.target.value)} />
      <label htmlFor={`${id}-reason`}>Reason</label>
      <input id={`${id}-reason`} value={reason} maxLength={4000} onChange={(e) => setReason(e.target.value)} />
      <p className="row-actions">
        <button type="submit" disabled={state.busy}>
          Save owners and contacts
        </button>
      </p>
      {state.error !== null && <ErrorNotice error={state.error} />}
    </form>
  );
}
