/** An RFC 3339 time as the logs show it: `2026-11-24 12:30:05` (UTC, to the second). */
export const utcTime = (iso: string): string => iso.replace('T', ' ').slice(0, 19);
