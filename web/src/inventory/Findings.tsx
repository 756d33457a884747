/** Scan findings (what looks like tool poisoning), most severe first, each with the exact excerpt. */
import { ShownText } from '../ui/ShownText.js';
import type { ScanFinding } from './inventoryApi.js';

const ORDER = { high: 0, medium: 1, low: 2 } as const;

export function SeverityBadge({ severity }: { severity: string }) {
  return <span className={`severity severity-${severity in ORDER ? severity : 'low'}`}>{severity}</span>;
}

export function Findings({ findings, showItem = true }: { findings: ScanFinding[]; showItem?: boolean }) {
  if (!findings.length) return null;
  const sorted = [...findings].sort((a, b) => (ORDER[a.severity] ?? 3) - (ORDER[b.severity] ?? 3));
  return (
    <ul className="findings" aria-label="Scan findings">
      {sorted.map((f, i) => (
        <li key={`${f.rule}:${f.kind}:${f.key}:${f.path}:${i}`}>
          <SeverityBadge severity={f.severity} /> <ShownText text={f.message} invisible />
          <span className="muted small">
            {' '}
            ({f.rule}
            {showItem && f.key ? (
              <>
                {' in '}
                <code>
                  <ShownText text={f.key} invisible />
                </code>
              </>
            ) : null}
            {f.path ? `, ${f.path}` : ''})
          </span>
          {f.excerpt && (
            <div className="finding-excerpt">
              <code>
                <ShownText text={f.excerpt} invisible />
              </code>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
