/** A version's prompts (with their arguments) and resources and resource templates, as plain text. */
import { ShownText } from '../ui/ShownText.js';
import type { SnapshotItem } from './inventoryApi.js';
import { LongText } from './LongText.js';
import { promptArguments, textsOf } from './toolView.js';

export function PromptList({ prompts }: { prompts: SnapshotItem[] }) {
  return (
    <ul className="capability-list">
      {prompts.map((p) => {
        const { title, description } = textsOf(p.definition);
        const args = promptArguments(p.definition);
        return (
          <li key={p.key} className="tool-card">
            <h3>
              {title && (
                <>
                  <ShownText text={title} invisible />{' '}
                </>
              )}
              <code className={title ? 'tool-name' : undefined}>
                <ShownText text={p.key} invisible />
              </code>
            </h3>
            {description && <LongText text={description} label={`the description of ${p.key}`} />}
            {args.length === 0 ? (
              <p className="muted small">Takes no arguments.</p>
            ) : (
              <ul className="plain-list">
                {args.map((a, i) => (
                  <li key={`${a.name}:${i}`}>
                    <code>
                      <ShownText text={a.name} invisible />
                    </code>{' '}
                    <span className="muted small">{a.required ? 'required' : 'optional'}</span>
                    {a.description && (
                      <>
                        {' — '}
                        <ShownText text={a.description} invisible />
                      </>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ul>
  );
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

export function ResourceList({ resources, label }: { resources: SnapshotItem[]; label: string }) {
  return (
    <ul className="plain-list" aria-label={label}>
      {resources.map((r) => {
        const name = str(r.definition.title) ?? str(r.definition.name);
        const mime = str(r.definition.mimeType);
        const description = str(r.definition.description);
        return (
          <li key={r.key}>
            <code>
              <ShownText text={r.key} invisible />
            </code>
            {name && (
              <>
                {' '}
                <strong>
                  <ShownText text={name} invisible />
                </strong>
              </>
            )}
            {mime && <span className="chip">{mime}</span>}
            {description && (
              <div className="small">
                <ShownText text={description.length > 400 ? `${description.slice(0, 400)}…` : description} invisible />
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
