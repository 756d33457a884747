/**
 * Console — drift alerts: every server whose capabilities changed since they were
 * pinned, with each open event's readable diff and who pinned what and when (for
 * `audit.read`); with `access.manage`, the server's drift action (warn, hide, block or
 * the default) and Re-pin, which approves what the server offers now and closes its
 * alerts.
 */
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useConsole } from '../admin/consoleContext.js';
import { when } from '../connect/meApi.js';
import { ShownText } from '../ui/ShownText.js';
import { signInAgainOn401 } from '../ui/signInAgain.js';
import { Empty, ErrorNotice, Loading } from '../ui/Status.js';
import { useLoad } from '../ui/useLoad.js';
import { DriftActionForm } from './DriftActionForm.js';
import { DriftChanges } from './DriftChanges.js';
import { SeverityBadge } from './Findings.js';
import { DRIFT_MANAGE, getPin, listOpenDrift, type DriftEvent } from './inventoryApi.js';
import { RepinButton } from './RepinButton.js';

function PinLine({ server, token, manage }: { server: string; token: string | undefined; manage: boolean }) {
  const [pin, reload] = useLoad(`pin:${server}`, (signal) => getPin(server, token, signal));
  if (pin.state === 'loading') return <Loading what="the pin" />;
  if (pin.state === 'error') return <ErrorNotice error={pin.error} />;
  const p = pin.data;
  return (
    <>
      <p className="small" data-testid="pin">
        {p.pinnedSnapshotId === null ? 'Not pinned.' : `Pinned ${when(p.pinnedAt ?? null)}${p.pinnedBy ? ` by ${p.pinnedBy}` : ''}.`}
        {p.effectiveAction ? ` The gateway’s action now: ${p.effectiveAction}.` : ''}
      </p>
      {manage && <DriftActionForm server={server} current={p.action ?? 'default'} token={token} onSaved={reload} />}
    </>
  );
}

function ServerDrift({ server, events, token, manage, onRepinned }: { server: string; events: DriftEvent[]; token: string | undefined; manage: boolean; onRepinned: (server: string) => void }) {
  return (
    <li className="drift-event" aria-labelledby={`drift-${events[0]!.id}`}>
      <h2 id={`drift-${events[0]!.id}`} className="source-head">
        <Link to={`/servers/${server}`}>
          <ShownText text={server} />
        </Link>
      </h2>
      <PinLine server={server} token={token} manage={manage} />
      {events.map((e) => (
        <div key={String(e.id)}>
          <p className="small">
            {e.severity && e.severity !== 'none' && (
              <>
                <SeverityBadge severity={String(e.severity)} />{' '}
              </>
            )}
            Version {e.version}, seen {when(e.detectedAt)} {e.via === 'observed' ? 'in a list the gateway relayed' : `by a ${e.via}`}
          </p>
          <DriftChanges changes={e.changes} />
        </div>
      ))}
      {manage && (
        <p className="row-actions">
          <RepinButton server={server} token={token} onDone={() => onRepinned(server)} />
        </p>
      )}
    </li>
  );
}

export default function DriftAlertsPage() {
  const { token, can } = useConsole();
  const [drift, reload] = useLoad('drift', (signal) => listOpenDrift(token, signal));
  const [status, setStatus] = useState('');
  useEffect(() => {
    document.title = 'Drift alerts · Toolshed';
  }, []);
  const byServer = new Map<string, DriftEvent[]>();
  if (drift.state === 'ready') for (const e of drift.data.events) byServer.set(e.server, [...(byServer.get(e.server) ?? []), e]);
  return (
    <section aria-labelledby="drift-heading">
      <h1 id="drift-heading">Drift alerts</h1>
      <p className="muted">
        Servers whose tools, prompts or resources changed since an administrator pinned them. A description that starts telling the model to do something new is how a tool is turned against its users:
        read the change, then re-pin it or leave the server hidden or blocked.
      </p>
      <p role="status" aria-live="polite">
        {status}
      </p>
      {drift.state === 'loading' ? (
        <Loading what="drift alerts" />
      ) : drift.state === 'error' ? (
        <ErrorNotice error={drift.error} action={signInAgainOn401(drift.error)} />
      ) : byServer.size === 0 ? (
        <Empty title="No open drift: every pinned server offers what was pinned." />
      ) : (
        <ul className="source-list">
          {[...byServer].map(([server, events]) => (
            <ServerDrift
              key={server}
              server={server}
              events={events}
              token={token}
              manage={can(DRIFT_MANAGE)}
              onRepinned={(s) => {
                setStatus(`Re-pinned ${s}.`);
                reload();
              }}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
