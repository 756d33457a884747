const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A UTC day as the start (or the last microsecond) of that day, RFC 3339; anything else is left out. */
export function dayBound(day: string | undefined, end: boolean): string | undefined {
  if (!day || !DATE.test(day)) return undefined;
  return end ? `${day}T23:59:59.999999Z` : `${day}T00:00:00Z`;
}
