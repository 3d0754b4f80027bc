/**
 * Margin-call review of one account in one settle asset with the exact kernel: new levels for the
 * cross pool and each isolated position (rules in margin-call-config.ts), with one event per change.
 */
import { formatFixed, fromUnits, marginRatio, roundDecimals, type Fixed } from '@margin/core';
import { assetDecimals } from '../ledger/ledger.js';
import type { Sink } from '../events/sink.js';
import type { Account, EngineState } from '../state/types.js';
import { LEVEL_NAMES, nextLevel } from '../state/margin-call-config.js';
import { currentView, riskOfView } from './pool-risk.js';
import { accountFigures, type AccountFigures, type PoolFigures } from './pool-figures.js';
import { optionRequirement } from './option-requirement.js';
import { optionPositionsOf } from '../state/option-book.js';

function levelName(level: number): (typeof LEVEL_NAMES)[number] {
  const name = LEVEL_NAMES[level];
  if (name === undefined) throw new RangeError(`condition failed: margin-call level ${level} has a name`);
  return name;
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
 * Re-evaluate every pool of (account, asset) exactly and emit level changes. Returns the pools'
 * figures for the caller's liquidation check, or null when the account holds nothing in the asset
 * and has no level to clear.
 */
export function reviewMarginCalls(state: EngineState, account: Account, asset: string, out: Sink): AccountFigures | null {
  const crossPool = account.crossPools.get(asset);
  let held = false;
  for (const position of account.positions.values()) {
    if (state.markets.get(position.symbol)?.instrument.settle === asset) {
      held = true;
      break;
    }
  }
  if (!held) held = optionPositionsOf(state, account.id, asset).length > 0;
  if (!held && (crossPool === undefined || state.scan.level(crossPool) === 0)) return null;
  const figures = accountFigures(state, account, asset) ?? figuresOfReport(state, account, asset);
  if (crossPool !== undefined) {
    const cross = figures.cross ?? { equity: fromUnits(figures.walletUnits, assetDecimals(state, asset)), maintenance: 0n };
    review(state, out, crossPool, { account: account.id, asset, positionKey: null }, cross.maintenance, cross.equity);
  }
  if (figures.isolated.size === 0) return figures;
  for (const [key, pool] of [...figures.isolated.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const position = account.positions.get(key);
    if (position === undefined || position.pool < 0) continue;
    review(state, out, position.pool, { account: account.id, asset, positionKey: key }, pool.maintenance, pool.equity);
  }
  return figures;
}

/** The same figures through the full kernel report (profiles whose maintenance needs price solves). */
function figuresOfReport(state: EngineState, account: Account, asset: string): AccountFigures {
  const view = currentView(state, account, asset);
  const report = riskOfView(state, account, view);
  const isolated = new Map<string, PoolFigures>();
  report.positions.forEach((risk, i) => {
    const key = view.positions[i]?.key;
    if (risk.isolated !== null && key !== undefined) isolated.set(key, { equity: risk.isolated.equity, maintenance: risk.maintenanceMargin });
  });
  const options = optionRequirement(state, account.id, asset);
  const crossHeld = report.positions.some((risk) => risk.spec.margin === 'cross') || options.positions.length > 0;
  return {
    cross: crossHeld ? { equity: report.account.equity + options.equity, maintenance: report.account.maintenanceMargin + options.maintenanceMargin } : null,
    walletUnits: view.wallet,
    isolated,
  };
}
