/**
 * How a server's capabilities differ from its pin, readable: each added, removed or
 * changed item, and for a changed one each field by JSON pointer with its word diff (or
 * its values before and after), all as plain text with invisible characters written out.
 */
import { ShownText } from '../ui/ShownText.js';
import type { FieldChange, ItemChange } from './inventoryApi.js';
import { wordDiffRuns } from './wordDiffRuns.js';

const KIND = { tools: 'tool', prompts: 'prompt', resources: 'resource', resourceTemplates: 'resource template', instructions: 'instructions' } as const;

function valueText(v: unknown): string {
  if (v === undefined) return '(absent)';
  return typeof v === 'string' ? v : JSON.stringify(v, null, 1);
}

function WordDiff({ diff }: { diff: string }) {
  return (
    <>
      {wordDiffRuns(diff).map((r, i) =>
        r.op === 'same' ? (
          <ShownText key={i} text={r.text} invisible />
        ) : r.op === 'del' ? (
          <del key={i}>
            <span className="visually-hidden">[removed: </span>
            <ShownText text={r.text} invisible />
            <span className="visually-hidden">]</span>
          </del>
        ) : (
          <ins key={i}>
            <span className="visually-hidden">[added: </span>
            <ShownText text={r.text} invisible />
            <span className="visually-hidden">]</span>
          </ins>
        ),
      )}
    </>
  );
}

function Field({ field }: { field: FieldChange }) {
  return (
    <li>
      <code>{field.path || '/'}</code>
      {field.textDiff ? (
        <pre className="text-diff" tabIndex={0} aria-label={`Changes to ${field.path}`}>
          <WordDiff diff={field.textDiff} />
        </pre>
      ) : (
        <dl className="facts compact">
          <dt>Before</dt>
          <dd>
            <code>
              <ShownText text={valueText(field.before)} invisible />
            </code>
          </dd>
          <dt>After</dt>
          <dd>
            <code>
              <ShownText text={valueText(field.after)} invisible />
            </code>
          </dd>
        </dl>
      )}
    </li>
  );
}

export function DriftChanges({ changes }: { changes: ItemChange[] }) {
  return (
    <ul className="drift-changes">
      {changes.map((c) => (
        <li key={`${c.kind}:${c.key}`}>
          <span className={`change change-${c.change}`}>{c.change}</span> {KIND[c.kind] ?? c.kind}{' '}
          {c.key && (
            <code>
              <ShownText text={c.key} invisible />
            </code>
          )}
          {c.fields && c.fields.length > 0 && (
            <ul className="drift-fields">
              {c.fields.map((f) => (
                <Field key={f.path} field={f} />
              ))}
            </ul>
          )}
          {c.omittedFields ? <p className="muted small">{c.omittedFields} more changed fields are not listed.</p> : null}
        </li>
      ))}
    </ul>
  );
}
