/** A UI path that matches no page. */
import { Link } from 'react-router';
import { Empty } from './ui/Status.js';

export default function NotFoundPage() {
  return (
    <Empty title="There is no page here.">
      <p>
        <Link to="/">Browse the catalog</Link> or read the <a href="/docs">API documentation</a>.
      </p>
    </Empty>
  );
}
