/**
 * A tool's annotation hints as badges (only the hints its server set), and the legend
 * that says what they are: the server's own claims, which nothing checks.
 */
import { annotationBadges } from './toolView.js';

export function AnnotationBadges({ definition }: { definition: Record<string, unknown> }) {
  const badges = annotationBadges(definition);
  if (!badges.length) return null;
  return (
    <ul className="badges" aria-label="What the server says about this tool">
      {badges.map((b) => (
        <li key={b.hint} className={`badge badge-hint-${b.tone}`} title={b.claim}>
          <span className="visually-hidden">{b.claim}</span>
          <span aria-hidden="true">{b.label}</span>
        </li>
      ))}
    </ul>
  );
}

export function HintLegend() {
  return (
    <p className="muted small" id="hint-legend">
      Badges such as <em>read-only</em> or <em>destructive</em> are the server’s own hints about its tools: Toolshed shows them as claimed, and nothing checks them.
    </p>
  );
}
