/**
 * Start-up and shutdown in one place. Composition adds each part as it opens it,
 * `{ value, close }`; closing runs the parts' closes last-in-first-out, so a part
 * closes before what it was built on. The same list closes a deployment at
 * shutdown and what was already open when start-up fails half-way.
 */
export interface Part<T> {
  value: T;
  close(): unknown;
}

export interface Parts {
  /** Registers the part's close and hands back its value. */
  add<T>(part: Part<T>): T;
  /** Closes every part added, newest first; each close runs once. */
  closeAll(): Promise<void>;
}

export function createParts(): Parts {
  const closes: Array<() => unknown> = [];
  return {
    add(part) {
      closes.push(() => part.close());
      return part.value;
    },
    async closeAll() {
      for (let close = closes.pop(); close; close = closes.pop()) await close();
    },
  };
}
