/** The tests' clock: every scenario starts at T0 (2026-01-01T00:00:00Z) and counts seconds from it. */
export const T0_MS = Date.UTC(2026, 0, 1);
export const T0 = '2026-01-01T00:00:00Z';

/** The ISO time `seconds` after T0 (with milliseconds, as `Date.toISOString` prints it). */
export const at = (seconds: number): string => new Date(T0_MS + seconds * 1000).toISOString();
