/** Status, trust, origin and tag badges: text first, colour second, a title for the detail. */
import type { Badge } from '../catalog/serverSummary.js';

export function Badges({ badges }: { badges: Badge[] }) {
  if (!badges.length) return null;
  return (
    <ul className="badges" aria-label="Badges">
      {badges.map((b) => (
        <li key={`${b.kind}:${b.label}`} className={`badge badge-${b.kind}`} title={b.title}>
          <span className="visually-hidden">{b.title}</span>
          <span aria-hidden="true">{b.label}</span>
        </li>
      ))}
    </ul>
  );
}
