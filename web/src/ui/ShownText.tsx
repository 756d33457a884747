/**
 * Text that comes from a server.json or a caller (names, titles, descriptions, labels),
 * as a reader must see it: bidi controls written out (revealBidiControls; with
 * `invisible`, every invisible character: revealInvisible), isolated from the text
 * around it (<bdi>), and breakable after dots, underscores, slashes and hyphens
 * (<wbr>), so a long name wraps between its parts rather than mid-word and never
 * widens the page.
 */
import { Fragment } from 'react';
import { revealBidiControls } from './revealBidiControls.js';
import { revealInvisible } from './revealInvisible.js';

export function ShownText({ text, invisible = false }: { text: string; invisible?: boolean }) {
  const parts = (invisible ? revealInvisible : revealBidiControls)(text).split(/(?<=[._/-])/);
  return (
    <bdi>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </bdi>
  );
}
