/** Console — Usage: a placeholder until the gateway audit API exists (calls per server, person and tool). */
import { Empty } from '../ui/Status.js';

export default function UsagePage() {
  return (
    <section aria-labelledby="usage-heading">
      <h1 id="usage-heading">Usage</h1>
      <Empty title="Coming: usage charts and the gateway call audit.">
        <p>Once the gateway records its calls, this page charts calls per server, person and tool, and lists them with filters.</p>
      </Empty>
    </section>
  );
}
