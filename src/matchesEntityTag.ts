/**
 * Whether an `If-Match` / `If-None-Match` list names this entity tag: `*` matches
 * anything, and a `W/` prefix is ignored on both sides (the weak comparison RFC
 * 9110 gives If-None-Match; the rule set's If-Match has always accepted it too).
 */
export function matchesEntityTag(header: string, etag: string): boolean {
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || tag === bare;
  });
}
