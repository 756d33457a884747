/** The automated checks of a review (schema, namespace, ownership, probe, scan): each with its outcome and detail. */
import { ShownText } from '../../ui/ShownText.js';
import type { Review } from './reviewApi.js';

export function ReviewChecks({ checks }: { checks: Review['checks'] }) {
  if (!checks.length) return <p className="muted">No automated check has run yet.</p>;
  return (
    <table className="review-checks">
      <caption className="visually-hidden">Automated checks</caption>
      <thead>
        <tr>
          <th scope="col">Check</th>
          <th scope="col">Outcome</th>
          <th scope="col">Detail</th>
        </tr>
      </thead>
      <tbody>
        {checks.map((c) => (
          <tr key={c.name}>
            <td>{c.name}</td>
            <td>
              <span className={`check check-${c.outcome}`}>{c.outcome}</span>
            </td>
            <td>{c.detail ? <ShownText text={c.detail} invisible /> : <span className="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
