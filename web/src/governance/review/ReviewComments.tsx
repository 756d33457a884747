/** A review's comments, oldest first, and a form to add one (reviewers and the version's submitter may). */
import { useId, useState } from 'react';
import { when } from '../../connect/meApi.js';
import { ShownText } from '../../ui/ShownText.js';
import { ErrorNotice } from '../../ui/Status.js';
import { commentReview, type ReviewComment } from './reviewApi.js';

export function ReviewComments({ name, version, comments, token, onAdded }: { name: string; version: string; comments: ReviewComment[]; token: string | undefined; onAdded: () => void }) {
  const id = useId();
  const [body, setBody] = useState('');
  const [state, setState] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });
  return (
    <>
      {comments.length === 0 ? (
        <p className="muted">No comments yet.</p>
      ) : (
        <ul className="plain-list review-comments">
          {comments.map((c) => (
            <li key={c.id}>
              <span className="small muted">
                {c.author} {when(c.at)}:
              </span>{' '}
              <ShownText text={c.body} />
            </li>
          ))}
        </ul>
      )}
      <form
        className="row-actions"
        onSubmit={(e) => {
          e.preventDefault();
          setState({ busy: true, error: null });
          commentReview(name, version, body.trim(), token).then(
            () => {
              setBody('');
              setState({ busy: false, error: null });
              onAdded();
            },
            (error: unknown) => setState({ busy: false, error }),
          );
        }}
      >
        <label htmlFor={`${id}-comment`}>Comment</label> <input id={`${id}-comment`} value={body} maxLength={4000} onChange={(e) => setBody(e.target.value)} />{' '}
        <button type="submit" disabled={state.busy || body.trim() === ''}>
          Add comment
        </button>
        {state.error !== null && <ErrorNotice error={state.error} />}
      </form>
    </>
  );
}
