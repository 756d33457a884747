/** Re-pin: approves the server's current capabilities as its new pin (after a confirmation), which closes its drift. */
import { useState } from 'react';
import { ConfirmButton } from '../ui/Confirm.js';
import { ErrorNotice } from '../ui/Status.js';
import { repin } from './inventoryApi.js';

export function RepinButton({ server, token, onDone }: { server: string; token: string | undefined; onDone: () => void }) {
  const [state, setState] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });
  return (
    <>
      <ConfirmButton
        label="Re-pin"
        question={`Approve what ${server} offers now as its pin?`}
        confirmLabel="Yes, re-pin"
        busy={state.busy}
        onConfirm={() => {
          setState({ busy: true, error: null });
          repin(server, token).then(
            () => {
              setState({ busy: false, error: null });
              onDone();
            },
            (error: unknown) => setState({ busy: false, error }),
          );
        }}
      />
      {state.error !== null && <ErrorNotice error={state.error} />}
    </>
  );
}
