/**
 * Console — Review queue: the versions awaiting a decision, oldest first, each with its
 * checks, diffs against the approved version, scan findings and comments, approved or
 * rejected with If-Match so two reviewers cannot both decide. Needs `catalog.approve`.
 */
import { useEffect, useState } from 'react';
import { useConsole } from '../../admin/consoleContext.js';
import { useSession } from '../../session/useSession.js';
import { signInAgainOn401 } from '../../ui/signInAgain.js';
import { Empty, ErrorNotice, Loading } from '../../ui/Status.js';
import { useLoad } from '../../ui/useLoad.js';
import { listReviews } from './reviewApi.js';
import { ReviewItem } from './ReviewItem.js';

export default function ReviewQueuePage() {
  const { token } = useConsole();
  const { user } = useSession();
  const [queue, reload] = useLoad('reviews', (signal) => listReviews(token, signal));
  const [status, setStatus] = useState('');
  // A token sign-in has no email of its own: its label (the verified email, else the name) stands in.
  const me = [user?.id, user?.email, user?.name].filter((v): v is string => typeof v === 'string' && v !== '');
  useEffect(() => {
    document.title = 'Review queue · Toolshed';
  }, []);
  return (
    <section aria-labelledby="reviews-heading">
      <h1 id="reviews-heading">Review queue</h1>
      <p className="muted">
        Versions waiting for a person to decide, oldest first. Readers, the catalog and the gateway see a version only once it is approved; approving pins its tools, so drift is measured from what you
        approved.
      </p>
      <p role="status" aria-live="polite">
        {status}
      </p>
      {queue.state === 'loading' ? (
        <Loading what="the review queue" />
      ) : queue.state === 'error' ? (
        <ErrorNotice error={queue.error} action={signInAgainOn401(queue.error)} />
      ) : queue.data.reviews.length === 0 ? (
        <Empty title="Nothing waits for review." />
      ) : (
        <ul className="source-list">
          {queue.data.reviews.map((r) => (
            <ReviewItem
              key={`${r.name}@${r.version}`}
              item={r}
              token={token}
              me={me}
              onDecided={(message) => {
                setStatus(message);
                reload();
              }}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
