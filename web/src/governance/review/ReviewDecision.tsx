/**
 * Approve or reject one review, sent with the review's ETag as If-Match. A rejection
 * needs a reason. A 412 (another reviewer decided, or the version changed, since this
 * was read) goes to `onStale`, which reloads the item. A reviewer who submitted the
 * version sees why they may not approve it when the policy keeps four eyes.
 */
import { useId, useState } from 'react';
import { ApiError } from '../../api/apiClient.js';
import { ErrorNotice } from '../../ui/Status.js';
import { decideReview, type Decision, type Review } from './reviewApi.js';

export interface ReviewDecisionProps {
  review: Review;
  token: string | undefined;
  /** The signed-in reviewer submitted this version and the policy does not let them approve it. */
  fourEyes: boolean;
  onDecided: (message: string) => void;
  onStale: (message: string) => void;
}

export function ReviewDecision({ review, token, fourEyes, onDecided, onStale }: ReviewDecisionProps) {
  const id = useId();
  const [reason, setReason] = useState('');
  const [state, setState] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });
  const decide = (decision: Decision) => {
    setState({ busy: true, error: null });
    decideReview(review, decision, reason.trim(), token).then(
      (r) => onDecided(`${r.name} ${r.version}: ${r.state}${r.reason ? ` (${r.reason})` : ''}.`),
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 412) {
          setState({ busy: false, error: null });
          onStale(`Not decided: someone else decided ${review.name} ${review.version}, or it changed, since you opened it. It was reloaded: look at it again.`);
        } else setState({ busy: false, error });
      },
    );
  };
  return (
    <form className="review-decision" aria-label={`Decide ${review.name} ${review.version}`} onSubmit={(e) => e.preventDefault()}>
      {fourEyes && (
        <p className="notice" role="note">
          You submitted this version. Four-eyes: another reviewer must approve it (the approval policy of the <strong>{review.source}</strong> source does not let a submitter approve their own
          version). You may still reject it or comment.
        </p>
      )}
      <label htmlFor={`${id}-reason`}>Reason (required to reject)</label> <input id={`${id}-reason`} value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} />{' '}
      <button type="button" disabled={state.busy || fourEyes} onClick={() => decide('approve')}>
        Approve
      </button>{' '}
      <button type="button" className="danger" disabled={state.busy || reason.trim() === ''} onClick={() => decide('reject')}>
        Reject
      </button>
      {state.error !== null && <ErrorNotice error={state.error} />}
    </form>
  );
}
