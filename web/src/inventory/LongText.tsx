/**
 * A definition's text (a tool's description, a server's instructions) as plain text:
 * never HTML, line breaks kept, every invisible character written out; past a few
 * lines it is folded behind a "Show all" toggle so one long description cannot bury
 * the rest of the page.
 */
import { useId, useState } from 'react';
import { ShownText } from '../ui/ShownText.js';

const FOLD_CHARS = 400;
const FOLD_LINES = 6;

export function LongText({ text, label }: { text: string; label: string }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const long = text.length > FOLD_CHARS || text.split('\n').length > FOLD_LINES;
  if (!long) {
    return (
      <p className="definition-text">
        <ShownText text={text} invisible />
      </p>
    );
  }
  const shown = open ? text : `${text.slice(0, FOLD_CHARS).split('\n').slice(0, FOLD_LINES).join('\n')}…`;
  return (
    <div>
      <p className="definition-text" id={id}>
        <ShownText text={shown} invisible />
      </p>
      <button type="button" className="link-button" aria-expanded={open} aria-controls={id} aria-label={`${open ? 'Show less of' : 'Show all of'} ${label}`} onClick={() => setOpen(!open)}>
        {open ? 'Show less' : `Show all (${text.length.toLocaleString('en')} characters)`}
      </button>
    </div>
  );
}
