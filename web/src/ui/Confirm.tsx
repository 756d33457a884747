/**
 * A destructive action with an inline confirmation ("Revoke" → "Revoke X? Yes / Cancel"),
 * usable with the keyboard alone (focus moves to the confirmation and back).
 */
import { useEffect, useRef, useState } from 'react';

export function ConfirmButton({ label, question, confirmLabel, onConfirm, busy }: { label: string; question: string; confirmLabel: string; onConfirm: () => void; busy?: boolean }) {
  const [asking, setAsking] = useState(false);
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) yes.current?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <button type="button" className="secondary" onClick={() => setAsking(true)} disabled={busy}>
        {label}
      </button>
    );
  }
  return (
    <span className="row-actions" role="group" aria-label={question}>
      <span>{question}</span>
      <button
        ref={yes}
        type="button"
        className="danger"
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className="secondary" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
