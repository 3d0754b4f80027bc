/**
 * Margin-call review of one account in one settle asset with the exact kernel: new levels for the
 * cross pool and each isolated position (rules in margin-call-config.ts), with one event per change.
 */
import { formatFixed, marginRatio, roundDecimals, type Fixed, type RiskReport } from '@margin/core';
import type { Sink } from '../apply/sink.js';
import type { Account, EngineState } from '../state/types.js';
import { LEVEL_NAMES, nextLevel } from './margin-call-config.js';
import { currentView, riskOfView } from './pool-risk.js';

function levelName(level: number): string {
  return LEVEL_NAMES[level] ?? `level${level}`;
}

function review(
  state: EngineState,
  out: Sink,
  pool: number,
  where: { account: string; asset: string; positionKey: string | null },
  maintenance: Fixed,
  equity: Fixed,
): void {
  const scan = state.scan;
  const current = scan.level(pool);
  const next = nextLevel(state.marginCalls, current, maintenance, equity);
  if (next === current) return;
  scan.setLevel(pool, next);
  const { moneyDecimals, ratioDecimals } = state.profile;
  const ratio = marginRatio(maintenance, equity);
  out.emit({
    type: next > current ? 'marginCall' : 'marginCallCleared',
    account: where.account,
    asset: where.asset,
    positionKey: where.positionKey,
    level: levelName(next),
    previousLevel: levelName(current),
    ratio: ratio === null ? null : formatFixed(roundDecimals(ratio, ratioDecimals, 'ceil')),
    maintenanceMargin: formatFixed(roundDecimals(maintenance, moneyDecimals, 'ceil')),
    equity: formatFixed(roundDecimals(equity, moneyDecimals, 'floor')),
  });
}

/**
 * Re-evaluate every pool of (account, asset) exactly and emit level changes. Returns the report
 * (without prices) for the caller's liquidation check, or null when the account holds nothing in
 * the asset and has no level to clear.
 */
export function reviewMarginCalls(state: EngineState, account: Account, asset: string, out: Sink): RiskReport | null {
  const crossPool = account.crossPools.get(asset);
  const view = currentView(state, account, asset);
  if (view.positions.length === 0 && (crossPool === undefined || state.scan.level(crossPool) === 0)) return null;
  const report = riskOfView(state, account, view);
  if (crossPool !== undefined) {
    review(state, out, crossPool, { account: account.id, asset, positionKey: null }, report.account.maintenanceMargin, report.account.equity);
  }
  report.positions.forEach((risk, index) => {
    const positionView = view.positions[index];
    if (risk.isolated === null || positionView === undefined) return;
    const position = account.positions.get(positionView.key);
    if (position === undefined || position.pool < 0) return;
    review(state, out, position.pool, { account: account.id, asset, positionKey: position.key }, risk.maintenanceMargin, risk.isolated.equity);
  });
  return report;
}
