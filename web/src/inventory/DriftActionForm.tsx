/** The drift action of one server: warn, hide or block, or the default; saved with its own button, the result said in words. */
import { useId, useState, type FormEvent } from 'react';
import { ErrorNotice } from '../ui/Status.js';
import { setDriftAction, type DriftActionChoice } from './inventoryApi.js';

const CHOICES: Array<{ value: DriftActionChoice; label: string }> = [
  { value: 'default', label: 'the default' },
  { value: 'warn', label: 'warn (relay as is)' },
  { value: 'hide', label: 'hide new and changed tools' },
  { value: 'block', label: 'block the server' },
];

export function DriftActionForm({ server, current, token, onSaved }: { server: string; current: DriftActionChoice; token: string | undefined; onSaved: () => void }) {
  const [choice, setChoice] = useState<DriftActionChoice>(current);
  const [state, setState] = useState<{ busy: boolean; saved: boolean; error: unknown }>({ busy: false, saved: false, error: null });
  const id = useId();
  function save(e: FormEvent) {
    e.preventDefault();
    setState({ busy: true, saved: false, error: null });
    setDriftAction(server, choice, token).then(
      () => {
        setState({ busy: false, saved: true, error: null });
        onSaved();
      },
      (error: unknown) => setState({ busy: false, saved: false, error }),
    );
  }
  return (
    <form className="row-actions" onSubmit={save} aria-label={`Drift action for ${server}`}>
      <label htmlFor={id}>When it drifts</label>
      <select id={id} value={choice} onChange={(e) => setChoice(e.target.value as DriftActionChoice)}>
        {CHOICES.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
      <button type="submit" className="secondary" disabled={state.busy}>
        {state.busy ? 'Saving…' : 'Save action'}
      </button>
      <span role="status" className="small">
        {state.saved ? 'Saved.' : ''}
      </span>
      {state.error !== null && <ErrorNotice error={state.error} />}
    </form>
  );
}
