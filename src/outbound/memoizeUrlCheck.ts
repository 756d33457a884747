/**
 * The outbound guard's URL check, remembering the URLs it permitted: the check
 * is a pure function of the URL and the (fixed) address policy, and the gateway
 * asks it for the same few upstream URLs on every request. A remembered URL is
 * handed out as the one parsed object, so callers only read it (they build a
 * new URL to change anything). Refusals are not remembered (they throw every
 * time); the memory is bounded.
 */
export function memoizeUrlCheck(check: (url: string | URL) => URL, maxEntries = 1000): (url: string | URL) => Readonly<URL> {
  const permitted = new Map<string, URL>();
  return (input) => {
    if (typeof input !== 'string') return check(input);
    const known = permitted.get(input);
    if (known) return known;
    const url = check(input);
    if (permitted.size >= maxEntries) permitted.clear();
    permitted.set(input, url);
    return url;
  };
}
