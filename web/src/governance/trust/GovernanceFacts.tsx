/**
 * What everyone who can see a server reads about its governance: the trust level (and
 * who set it, when), owners, support contact, docs URL, re-certification due date, and
 * the shown version's review state.
 */
import { when } from '../../connect/meApi.js';
import { ShownText } from '../../ui/ShownText.js';
import { ownerLabel } from './ownerLines.js';
import type { GovernanceView } from './serverGovernanceApi.js';

export type GovernanceFactsView = Pick<GovernanceView, 'trust' | 'trustSource' | 'owners' | 'supportContact' | 'docsUrl' | 'recertifyDueAt'> &
  Partial<Pick<GovernanceView, 'trustSetBy' | 'trustSetAt'>>;

function Contact({ value }: { value: string }) {
  if (/^https?:\/\//i.test(value))
    return (
      <a href={value} rel="noopener noreferrer nofollow" target="_blank">
        <ShownText text={value} />
      </a>
    );
  if (/^[^\s@]+@[^\s@]+$/.test(value)) return <a href={`mailto:${value}`}>{value}</a>;
  return <ShownText text={value} />;
}

export function GovernanceFacts({ view, reviewState }: { view: GovernanceFactsView; reviewState: string | undefined }) {
  return (
    <dl className="facts">
      <dt>Trust level</dt>
      <dd data-testid="trust-level">
        {view.trust ? <span className="badge badge-trust">{view.trust}</span> : <span className="muted">not set</span>}
        {view.trustSource === 'curation' && <span className="muted small"> (the default of its source)</span>}
        {view.trustSource === 'reviewer' && view.trustSetBy && (
          <span className="muted small">
            {' '}
            set by {view.trustSetBy} {when(view.trustSetAt)}
          </span>
        )}
      </dd>
      <dt>Owners</dt>
      <dd data-testid="owners">{view.owners.length ? view.owners.map(ownerLabel).join(', ') : <span className="muted">none named</span>}</dd>
      <dt>Support contact</dt>
      <dd>{view.supportContact ? <Contact value={view.supportContact} /> : <span className="muted">—</span>}</dd>
      <dt>Docs</dt>
      <dd>{view.docsUrl ? <Contact value={view.docsUrl} /> : <span className="muted">—</span>}</dd>
      {view.recertifyDueAt && (
        <>
          <dt>Re-certification due</dt>
          <dd>{when(view.recertifyDueAt)}</dd>
        </>
      )}
      {reviewState && (
        <>
          <dt>Review of this version</dt>
          <dd data-testid="review-state">
            <span className={`review-state review-${reviewState}`}>{reviewState.replace('_', ' ')}</span>
            {reviewState !== 'approved' && <span className="muted small"> — only its submitter and reviewers see it until it is approved</span>}
          </dd>
        </>
      )}
    </dl>
  );
}
