/**
 * The server page's drift banner. Someone who may read drift (`audit.read`) sees each
 * open drift event with its readable diff and a link to the console's drift alerts, and
 * with `access.manage` a Re-pin button; anyone else
 * sees only that the gateway is hiding changed tools or blocking the server, and why.
 */
import { Link } from 'react-router';
import { when } from '../connect/meApi.js';
import { ErrorNotice } from '../ui/Status.js';
import { useLoad } from '../ui/useLoad.js';
import { DriftChanges } from './DriftChanges.js';
import { openDriftOf, type Capabilities } from './inventoryApi.js';
import { RepinButton } from './RepinButton.js';

export function GatewayDriftNotice({ action }: { action: 'hide' | 'block' }) {
  return (
    <div className="drift-banner" role="note" data-testid="drift-banner">
      <p className="state-title">{action === 'block' ? 'The gateway is refusing this server for now.' : 'The gateway is hiding some of this server’s tools for now.'}</p>
      <p>Its tools changed since an administrator approved them, and {action === 'block' ? 'it stays refused' : 'new and changed tools stay hidden'} until an administrator reviews the change.</p>
    </div>
  );
}

export function AdminDriftBanner({ server, token, stamp, canRepin, onRepinned }: { server: string; token: string | undefined; stamp: string; canRepin: boolean; onRepinned: () => void }) {
  const [drift, reload] = useLoad(`drift:${server}:${stamp}`, (signal) => openDriftOf(server, token, signal));
  if (drift.state === 'loading') return null;
  if (drift.state === 'error') return <ErrorNotice error={drift.error} />;
  if (!drift.data.length) return null;
  return (
    <div className="drift-banner" role="region" aria-label="Drift from the pinned tools" data-testid="drift-banner">
      <p className="state-title">This server’s capabilities changed since they were pinned.</p>
      {drift.data.map((e) => (
        <div key={String(e.id)}>
          <p className="small">
            Version {e.version}, seen {when(e.detectedAt)} by {e.via === 'observed' ? 'the gateway' : 'a probe'}
          </p>
          <DriftChanges changes={e.changes} />
        </div>
      ))}
      <p className="row-actions">
        {canRepin && (
          <RepinButton
            server={server}
            token={token}
            onDone={() => {
              reload();
              onRepinned();
            }}
          />
        )}
        <Link to="/console/inventory/drift">All drift alerts</Link>
      </p>
    </div>
  );
}

export function DriftBanner({ caps, admin, canRepin, token, onRepinned }: { caps: Capabilities; admin: boolean; canRepin: boolean; token: string | undefined; onRepinned: () => void }) {
  if (admin) return <AdminDriftBanner server={caps.server} token={token} canRepin={canRepin} stamp={`${caps.lastProbeAt ?? ''}:${caps.current?.id ?? ''}`} onRepinned={onRepinned} />;
  const action = caps.drift?.open ? caps.drift.action : undefined;
  return action === 'hide' || action === 'block' ? <GatewayDriftNotice action={action} /> : null;
}
