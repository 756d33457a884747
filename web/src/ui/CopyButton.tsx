/**
 * A button that copies text to the clipboard and says so ("Copied." in a live
 * region), or says in words when the browser refused.
 */
import { useState, type ReactNode } from 'react';

export function CopyButton({ text, label = 'Copy', ariaLabel }: { text: string; label?: string; ariaLabel?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <>
      <button
        type="button"
        className="secondary"
        {...(ariaLabel ? { 'aria-label': ariaLabel } : {})}
        onClick={() => {
          if (!navigator.clipboard) {
            setState('failed');
            return;
          }
          navigator.clipboard.writeText(text).then(
            () => setState('copied'),
            () => setState('failed'),
          );
        }}
      >
        {label}
      </button>
      <span role="status" className="small">
        {state === 'copied' ? ' Copied.' : state === 'failed' ? ' The browser did not allow copying: select the text and copy it yourself.' : ''}
      </span>
    </>
  );
}

/** A secret shown once: the value, a copy button, and the warning. */
export function ShownOnce({ title, value, children }: { title: string; value: string; children?: ReactNode }) {
  return (
    <div className="once" role="region" aria-label={title}>
      <p className="state-title">{title}</p>
      <p className="small">Shown only now: copy it and keep it like a password. Toolshed stores only its hash.</p>
      <code data-testid="shown-once">{value}</code>
      <CopyButton text={value} label={`Copy ${title.toLowerCase()}`} />
      {children}
    </div>
  );
}
