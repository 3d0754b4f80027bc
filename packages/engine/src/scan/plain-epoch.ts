/**
 * A count bumped whenever an account field that decides whether its pools are "plain" for the ADL
 * columns (portfolio model, credit line, collateral mode, a second wallet asset) changes, in any
 * state of the process (state/account.ts setters). A scan whose per-pool plain flags were set at an
 * older count forgets them all before the next ranking reads them (liquidation/adl-columns.ts):
 * those changes are rare, and one process-wide count needs no path from an account to its scan.
 */
let epoch = 0;

export function bumpPlainEpoch(): void {
  epoch++;
}

export function plainEpoch(): number {
  return epoch;
}
