/**
 * One tool as the server page shows it: its title and name, the signed-in person's
 * verdict (callable, or denied by which rule), the server's annotation hints, its
 * description as plain text, its parameters, and what the scan found in it.
 */
import { useId } from 'react';
import { ShownText } from '../ui/ShownText.js';
import { AnnotationBadges } from './AnnotationBadges.js';
import { Findings } from './Findings.js';
import type { ScanFinding, SnapshotItem, ToolVerdict } from './inventoryApi.js';
import { LongText } from './LongText.js';
import { ParameterTable } from './ParameterTable.js';
import { textsOf } from './toolView.js';

export function VerdictMark({ verdict }: { verdict: ToolVerdict }) {
  return verdict.allowed ? (
    <p className="verdict-mark verdict-allowed" data-testid="tool-verdict">
      You may call this{verdict.rule ? <span className="muted small"> (rule {verdict.rule.id})</span> : null}
    </p>
  ) : (
    <p className="verdict-mark verdict-denied" data-testid="tool-verdict">
      Denied for you{' '}
      {verdict.rule ? (
        <>
          by rule <code>{verdict.rule.id}</code>
        </>
      ) : (
        'by the default'
      )}
      {verdict.reason && !(verdict.rule && verdict.reason.includes(verdict.rule.id)) ? <span className="small verdict-reason">{verdict.reason}</span> : null}
    </p>
  );
}

export function ToolCard({ item, verdict, findings }: { item: SnapshotItem; verdict: ToolVerdict | undefined; findings: ScanFinding[] }) {
  const { title, description } = textsOf(item.definition);
  const headingId = useId();
  return (
    <li className="tool-card" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {title ? (
          <>
            <ShownText text={title} invisible />{' '}
            <code className="tool-name">
              <ShownText text={item.key} invisible />
            </code>
          </>
        ) : (
          <code>
            <ShownText text={item.key} invisible />
          </code>
        )}
      </h3>
      {verdict && <VerdictMark verdict={verdict} />}
      <AnnotationBadges definition={item.definition} />
      {description ? <LongText text={description} label={`the description of ${item.key}`} /> : <p className="muted small">No description.</p>}
      <ParameterTable tool={item.key} schema={item.definition.inputSchema} />
      <Findings findings={findings} showItem={false} />
    </li>
  );
}
