/**
 * Console — Webhook deliveries: the delivery log of the drift and governance
 * webhooks (status, attempts, last error), and Redeliver (access.manage).
 */
import { useEffect, useState } from 'react';
import { useConsole } from '../../admin/consoleContext.js';
import { when } from '../../connect/meApi.js';
import { ShownText } from '../../ui/ShownText.js';
import { signInAgainOn401 } from '../../ui/signInAgain.js';
import { Empty, ErrorNotice, Loading } from '../../ui/Status.js';
import { useLoad } from '../../ui/useLoad.js';
import { listDeliveries, redeliver } from '../attention/attentionApi.js';

export default function WebhookDeliveriesPage() {
  const { token, can } = useConsole();
  const [status, setStatus] = useState('');
  const [message, setMessage] = useState('');
  const [list, reload] = useLoad(`deliveries:${status}`, (signal) => listDeliveries(status, token, signal));
  useEffect(() => {
    document.title = 'Webhook deliveries · Toolshed';
  }, []);
  return (
    <section aria-labelledby="deliveries-heading">
      <h1 id="deliveries-heading">Webhook deliveries</h1>
      <p className="muted">Every signed webhook Toolshed sent or is retrying: drift alerts and governance events.</p>
      <label>
        Status{' '}
        <select value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">all</option>
          <option value="pending">pending</option>
          <option value="delivered">delivered</option>
          <option value="failed">failed</option>
        </select>
      </label>
      <p role="status" aria-live="polite">
        {message}
      </p>
      {list.state === 'loading' ? (
        <Loading what="deliveries" />
      ) : list.state === 'error' ? (
        <ErrorNotice error={list.error} action={signInAgainOn401(list.error)} />
      ) : list.data.deliveries.length === 0 ? (
        <Empty title="No webhook deliveries." />
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Event</th>
              <th scope="col">Receiver</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last error</th>
              <th scope="col">Created</th>
              {can('access.manage') && <th scope="col">Action</th>}
            </tr>
          </thead>
          <tbody>
            {list.data.deliveries.map((d) => (
              <tr key={d.id}>
                <td>{d.id}</td>
                <td>{d.event}</td>
                <td>{d.endpoint}</td>
                <td>{d.status === 'pending' && d.nextAttemptAt ? `pending (next ${when(d.nextAttemptAt)})` : d.status}</td>
                <td>{d.attempts}</td>
                <td>{d.lastError ? <ShownText text={d.lastError} /> : ''}</td>
                <td>{when(d.createdAt)}</td>
                {can('access.manage') && (
                  <td>
                    <button
                      type="button"
                      onClick={() => {
                        redeliver(d.id, token).then(
                          (again) => {
                            setMessage(`Delivery ${d.id} queued again as ${again.id}.`);
                            reload();
                          },
                          (err: unknown) => setMessage(`Redelivery failed: ${(err as Error).message}`),
                        );
                      }}
                    >
                      Redeliver
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
