/**
 * One pending review in the queue: who submitted what and when, the automated checks,
 * the document diff and the tool diff against the previously approved version, the scan
 * findings, the comments, and the decision. A decision refused as stale reloads the item.
 */
import { useState } from 'react';
import { Link } from 'react-router';
import { when } from '../../connect/meApi.js';
import { DriftChanges } from '../../inventory/DriftChanges.js';
import { Findings } from '../../inventory/Findings.js';
import type { ItemChange, ScanFinding } from '../../inventory/inventoryApi.js';
import { ShownText } from '../../ui/ShownText.js';
import { ErrorNotice, Loading } from '../../ui/Status.js';
import { useLoad } from '../../ui/useLoad.js';
import { DocumentChanges } from './DocumentChanges.js';
import { getReview, getReviewPolicy, type Review } from './reviewApi.js';
import { ReviewChecks } from './ReviewChecks.js';
import { ReviewComments } from './ReviewComments.js';
import { ReviewDecision } from './ReviewDecision.js';

const UNDECIDED = new Set(['submitted', 'checking', 'in_review']);

export interface ReviewItemProps {
  item: Review;
  token: string | undefined;
  /** The names the signed-in reviewer goes by (id, email), to tell their own submissions. */
  me: readonly string[];
  onDecided: (message: string) => void;
}

export function ReviewItem({ item, token, me, onDecided }: ReviewItemProps) {
  const key = `${item.name}@${item.version}`;
  const [detail, reload] = useLoad(`review:${key}`, (signal) => getReview(item.name, item.version, token, signal));
  const mine = me.includes(item.submittedBy);
  const [policy] = useLoad(`policy:${item.source}:${mine}`, (signal) => (mine ? getReviewPolicy(item.source, token, signal) : Promise.resolve(null)));
  const [notice, setNotice] = useState('');
  const headingId = `review-${key.replace(/[^\w-]/g, '-')}`;
  const review = detail.state === 'ready' ? detail.data.review : item;
  const fourEyes = mine && policy.state === 'ready' && policy.data !== null && !policy.data.policy.allowSelfApproval;
  return (
    <li aria-labelledby={headingId} className="review-item">
      <h2 id={headingId} className="source-head">
        <Link to={`/servers/${item.name}?version=${encodeURIComponent(item.version)}`}>
          <ShownText text={item.name} />
        </Link>{' '}
        {item.version}
      </h2>
      <p className="small">
        <span className={`review-state review-${review.state}`}>{review.state.replace('_', ' ')}</span> · submitted by {review.submittedBy} {when(review.submittedAt)} · source {review.source}
      </p>
      {notice && (
        <p className="state state-error" role="alert">
          {notice}
        </p>
      )}
      {detail.state === 'loading' ? (
        <Loading what={`the review of ${key}`} />
      ) : detail.state === 'error' ? (
        <ErrorNotice error={detail.error} />
      ) : (
        <>
          <h3>Automated checks</h3>
          <ReviewChecks checks={detail.data.review.checks} />
          <h3>Document changes{detail.data.previousApprovedVersion ? ` since ${detail.data.previousApprovedVersion}` : ''}</h3>
          {detail.data.documentDiff ? <DocumentChanges diff={detail.data.documentDiff} /> : <p className="muted">No approved version before this one: the whole document is new.</p>}
          <h3>Tool changes</h3>
          {detail.data.toolDiff ? (
            detail.data.toolDiff.length ? (
              <DriftChanges changes={detail.data.toolDiff as unknown as ItemChange[]} />
            ) : (
              <p className="muted">The tools are the same as the approved version’s.</p>
            )
          ) : (
            <p className="muted">{detail.data.snapshotId === null ? 'No capability snapshot of this version yet.' : 'No approved version’s snapshot to compare with.'}</p>
          )}
          <h3>Scan findings</h3>
          {detail.data.findings.length ? <Findings findings={detail.data.findings as unknown as ScanFinding[]} /> : <p className="muted">No finding.</p>}
          <h3>Comments</h3>
          <ReviewComments name={item.name} version={item.version} comments={detail.data.comments} token={token} onAdded={reload} />
          {UNDECIDED.has(detail.data.review.state) ? (
            <ReviewDecision
              review={detail.data.review}
              token={token}
              fourEyes={fourEyes}
              onDecided={onDecided}
              onStale={(message) => {
                setNotice(message);
                reload();
              }}
            />
          ) : (
            <p role="status">
              Decided: {detail.data.review.state} by {detail.data.review.decidedBy ?? 'a rule'} {when(detail.data.review.decidedAt)}
              {detail.data.review.reason ? ` — ${detail.data.review.reason}` : ''}
            </p>
          )}
        </>
      )}
    </li>
  );
}
