/**
 * How a version's server.json differs from the previously approved version's, field by
 * field (JSON pointers): added, removed, or changed with its value before and after, as
 * plain text with invisible characters written out.
 */
import { ShownText } from '../../ui/ShownText.js';

export interface DocumentChange {
  path: string;
  change: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

const text = (v: unknown) => (v === undefined ? '(absent)' : typeof v === 'string' ? v : JSON.stringify(v, null, 1));

export function DocumentChanges({ diff }: { diff: { changes?: unknown; omitted?: unknown } }) {
  const changes = Array.isArray(diff.changes) ? (diff.changes as DocumentChange[]) : [];
  const omitted = typeof diff.omitted === 'number' ? diff.omitted : 0;
  if (!changes.length) return <p className="muted">The document is the same as the approved version’s.</p>;
  return (
    <>
      <ul className="drift-changes document-changes">
        {changes.map((c) => (
          <li key={c.path}>
            <span className={`change change-${c.change}`}>{c.change}</span> <code>{c.path}</code>
            <dl className="facts compact">
              {c.change !== 'added' && (
                <>
                  <dt>Before</dt>
                  <dd>
                    <code>
                      <ShownText text={text(c.before)} invisible />
                    </code>
                  </dd>
                </>
              )}
              {c.change !== 'removed' && (
                <>
                  <dt>After</dt>
                  <dd>
                    <code>
                      <ShownText text={text(c.after)} invisible />
                    </code>
                  </dd>
                </>
              )}
            </dl>
          </li>
        ))}
      </ul>
      {omitted > 0 && <p className="muted small">And {omitted} more change(s) not listed.</p>}
    </>
  );
}
