/** A server's icon from server.json `icons` (https only), or its initial when it has none or it fails to load. */
import { useState } from 'react';
import type { Icon } from '../api/catalogTypes.js';

export function ServerIcon({ icon, name, size = 40 }: { icon: Icon | undefined; name: string; size?: 40 | 64 }) {
  const [failed, setFailed] = useState(false);
  if (!icon || failed) {
    return (
      <span className={`server-icon server-icon-${size} server-icon-fallback`} aria-hidden="true">
        {(name.split('/').pop() ?? name).slice(0, 1).toUpperCase()}
      </span>
    );
  }
  return (
    <img className={`server-icon server-icon-${size}`} src={icon.src} alt="" width={size} height={size} loading="lazy" decoding="async" referrerPolicy="no-referrer" onError={() => setFailed(true)} />
  );
}
