/**
 * Text that comes from a server.json or a caller (names, titles, descriptions, labels),
 * as a reader must see it: bidi controls written out (revealBidiControls), isolated from
 * the text around it (<bdi>), and breakable after dots, underscores, slashes and
 * hyphens (<wbr>), so a long name wraps between its parts rather than mid-word and
 * never widens the page.
 */
import { Fragment } from 'react';
import { revealBidiControls } from './revealBidiControls.js';

export function ShownText({ text }: { text: string }) {
  const parts = revealBidiControls(text).split(/(?<=[._/-])/);
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
