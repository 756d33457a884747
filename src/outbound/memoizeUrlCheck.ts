/**
 * The outbound guard's URL check, remembering the URLs it permitted: the check
 * is a pure function of the URL and the (fixed) address policy, and the gateway
 * asks it for the same few upstream URLs on every request. Refusals are not
 * remembered (they throw every time); the memory is bounded.
 */
export function memoizeUrlCheck(check: (url: string | URL) => URL, maxEntries = 1000): (url: string | URL) => URL {
  const permitted = new Set<string>();
  return (input) => {
    if (typeof input !== 'string') return check(input);
    if (permitted.has(input)) return new URL(input);
    const url = check(input);
    if (permitted.size >= maxEntries) permitted.clear();
    permitted.add(input);
    return url;
  };
}
