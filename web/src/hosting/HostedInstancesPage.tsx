/**
 * Hosted instances (GET /api/admin/hosting/instances): the package servers this
 * Toolshed process runs, one row per instance (server, version, person or everyone,
 * state, restarts, started, last used, memory), each with its recent stderr
 * (GET /api/admin/hosting/instances/{id}/stderr, every secret value redacted by the
 * API), read when opened. Needs `audit.read`, as the API does.
 */
import { useState } from 'react';
import { Link } from 'react-router';
import { useConsole } from '../admin/consoleContext.js';
import { serverPath } from '../catalog/serverPath.js';
import { signInAgainOn401 } from '../ui/signInAgain.js';
import { ShownText } from '../ui/ShownText.js';
import { Empty, ErrorNotice, Loading } from '../ui/Status.js';
import { useLoad } from '../ui/useLoad.js';
import { utcTime } from '../ui/utcTime.js';
import { instanceStderr, listHostedInstances, type HostedInstance } from './hostingApi.js';
import { memoryLabel, ownerLabel, restartsLabel, stateLabel } from './instanceFacts.js';

function StderrLines({ token, id }: { token: string | undefined; id: string }) {
  const [stderr, retry] = useLoad(`stderr:${id}`, (signal) => instanceStderr(token, id, signal));
  if (stderr.state === 'loading') return <Loading what="its stderr" />;
  if (stderr.state === 'error') {
    return (
      <ErrorNotice
        error={stderr.error}
        action={
          <button type="button" onClick={retry}>
            Try again
          </button>
        }
      />
    );
  }
  if (!stderr.data.lines.length) return <p className="muted small">It has written nothing to stderr.</p>;
  return (
    <pre tabIndex={0} aria-label={`Recent stderr of ${id}`} className="stderr">
      <code>{stderr.data.lines.join('\n')}</code>
    </pre>
  );
}

function Stderr({ token, instance }: { token: string | undefined; instance: HostedInstance }) {
  const [open, setOpen] = useState(false);
  return (
    <details onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>Recent stderr</summary>
      {open && <StderrLines token={token} id={instance.instanceId} />}
    </details>
  );
}

export default function HostedInstancesPage() {
  const { token } = useConsole();
  const [instances, retry] = useLoad('hosted-instances', (signal) => listHostedInstances(token, signal));
  return (
    <section aria-labelledby="hosted-instances-heading">
      <h1 id="hosted-instances-heading">Hosted instances</h1>
      <p className="muted">
        The package servers this Toolshed process runs for the gateway, each sandboxed, for one person or for everyone. Times are UTC; stderr has every value an instance was given replaced by
        [redacted].
      </p>
      <p>
        <button type="button" className="secondary" onClick={retry}>
          Refresh
        </button>
      </p>
      {instances.state === 'loading' && <Loading what="hosted instances" />}
      {instances.state === 'error' && <ErrorNotice error={instances.error} action={signInAgainOn401(instances.error)} />}
      {instances.state === 'ready' && instances.data.instances.length === 0 && (
        <Empty title="No hosted instance is running.">
          <p>An instance starts on the first request of a connection to a package server Toolshed hosts, and stops when idle.</p>
        </Empty>
      )}
      {instances.state === 'ready' && instances.data.instances.length > 0 && (
        <div className="table-scroll">
          <table className="audit-table hosted-instances">
            <caption className="visually-hidden">Hosted instances</caption>
            <thead>
              <tr>
                <th scope="col">Server</th>
                <th scope="col">Version</th>
                <th scope="col">Person</th>
                <th scope="col">State</th>
                <th scope="col">Restarts</th>
                <th scope="col">Started (UTC)</th>
                <th scope="col">Last used (UTC)</th>
                <th scope="col">Memory</th>
              </tr>
            </thead>
            <tbody>
              {instances.data.instances.map((i) => (
                <tr key={i.instanceId}>
                  <td>
                    <Link to={serverPath(i.server)}>
                      <ShownText text={i.server} />
                    </Link>
                    <div className="muted small">
                      <code>{i.instanceId}</code>
                    </div>
                    <Stderr token={token} instance={i} />
                  </td>
                  <td>{i.version}</td>
                  <td>
                    <ShownText text={ownerLabel(i.person)} />
                  </td>
                  <td>
                    <span className={`badge instance-${i.state}`}>{stateLabel(i.state)}</span>
                  </td>
                  <td>{restartsLabel(i.restarts)}</td>
                  <td>{utcTime(i.startedAt)}</td>
                  <td>{utcTime(i.lastUsedAt)}</td>
                  <td>{memoryLabel(i.rssBytes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
