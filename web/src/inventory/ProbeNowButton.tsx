/** "Probe now" for an administrator: queues a probe of the version (202) and says so; `onQueued` lets the page reload. */
import { useState } from 'react';
import { ErrorNotice } from '../ui/Status.js';
import { probeNow } from './inventoryApi.js';

export function ProbeNowButton({ server, version, token, onQueued }: { server: string; version: string | undefined; token: string | undefined; onQueued?: () => void }) {
  const [state, setState] = useState<{ busy: boolean; done: boolean; error: unknown }>({ busy: false, done: false, error: null });
  return (
    <span className="row-actions">
      <button
        type="button"
        className="secondary"
        disabled={state.busy}
        onClick={() => {
          setState({ busy: true, done: false, error: null });
          probeNow(server, version, token).then(
            () => {
              setState({ busy: false, done: true, error: null });
              onQueued?.();
            },
            (error: unknown) => setState({ busy: false, done: false, error }),
          );
        }}
      >
        {state.busy ? 'Queuing…' : 'Probe now'}
      </button>
      <span role="status" className="small">
        {state.done ? 'Probe queued: this page shows its result once it has run.' : ''}
      </span>
      {state.error !== null && <ErrorNotice error={state.error} />}
    </span>
  );
}
