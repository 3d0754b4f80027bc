/**
 * Snapshot of the exact state as canonical JSON (format `SNAPSHOT_VERSION`), and its hash.
 * Collections are written in key order (accounts by id, positions by key, orders by id, assets by
 * name; markets in definition order, which replay reproduces), so two states that went through the
 * same commands give the same text whatever their in-memory order. The scan arrays are not part of
 * it: they are derived and rebuilt on restore (only the margin-call levels they carry are written).
 */
import { formatFixed, formatUnits, type Fixed, type Instrument } from '@margin/core';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Account, AssetLedger, EngineState, Market } from '../state/types.js';
import { DEFAULT_EXECUTORS } from '../state/create.js';
import { ID_WINDOW_DEFAULT } from '../state/id-window.js';
import { canonicalJson } from './canonical-json.js';
import { dynamicRatesJson } from '../dynamic/rates-snapshot.js';
import { assetCollateralJson, creditLineJson } from './collateral-json.js';
import { optionsSnapshotJson } from './option-snapshot.js';
import { spanSnapshotJson } from './span-snapshot.js';

export const SNAPSHOT_VERSION = 1;

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const fixedOrNull = (value: Fixed | null): string | null => (value === null ? null : formatFixed(value));
const timeOrNull = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function instrumentJson(instrument: Instrument): unknown {
  return {
    symbol: instrument.symbol,
    kind: instrument.kind,
    settle: instrument.settle,
    contractSize: formatFixed(instrument.contractSize),
    tickSize: formatFixed(instrument.tickSize),
    lotSize: fixedOrNull(instrument.lotSize),
    expiry: timeOrNull(instrument.expiryMs),
    takerFeeRate: fixedOrNull(instrument.takerFeeRate),
    tiers: instrument.tiers.map((tier) => ({
      notionalFloor: formatFixed(tier.notionalFloor),
      maintenanceRate: formatFixed(tier.maintenanceRate),
      maintenanceAmount: formatFixed(tier.maintenanceAmount),
      maxLeverage: formatFixed(tier.maxLeverage),
      ...(tier.step === true ? { rule: 'step' } : {}), // step tables only (ADR 0018): other snapshots unchanged
      ...(tier.basis === 'quantity' ? { basis: 'quantity' } : {}),
    })),
    tiersSource: instrument.tiersSource,
  };
}

function marketJson(market: Market): unknown {
  // Written only when present, so a state that never saw a book keeps its snapshot text.
  const book =
    market.book === null
      ? {}
      : {
          book: {
            bids: market.book.bids.map((level) => [formatFixed(level.price), formatFixed(level.size)]),
            asks: market.book.asks.map((level) => [formatFixed(level.price), formatFixed(level.size)]),
            time: new Date(market.book.timeMs).toISOString(),
          },
        };
  return {
    ...book,
    instrument: instrumentJson(market.instrument),
    markPrice: fixedOrNull(market.markPrice),
    indexPrice: fixedOrNull(market.indexPrice),
    priceTime: timeOrNull(market.priceTimeMs),
    fundingRate: fixedOrNull(market.fundingRate),
    fundingRateTime: timeOrNull(market.fundingRateTimeMs),
    lastFundingTime: timeOrNull(market.lastFundingTimeMs),
    settlementPrice: fixedOrNull(market.settlementPrice),
    ...dynamicRatesJson(market.dynamicRates),
  };
}

function assetJson(ledger: AssetLedger): unknown {
  const system: Record<string, string> = {};
  for (const [name, units] of ledger.system) system[name] = formatUnits(units, ledger.decimals);
  return {
    asset: ledger.asset,
    decimals: ledger.decimals,
    deposited: formatUnits(ledger.deposited, ledger.decimals),
    withdrawn: formatUnits(ledger.withdrawn, ledger.decimals),
    system,
    ...(ledger.collateral === undefined ? {} : { collateral: assetCollateralJson(ledger.collateral) }),
  };
}

function accountJson(state: EngineState, account: Account): unknown {
  const decimalsOf = (asset: string): number => state.assets.get(asset)?.decimals ?? 8;
  const settleOf = (symbol: string): string => state.markets.get(symbol)?.instrument.settle ?? '';
  const wallets: Record<string, string> = {};
  for (const [asset, units] of account.wallets) wallets[asset] = formatUnits(units, decimalsOf(asset));
  const settings: Record<string, unknown> = {};
  for (const [symbol, setting] of account.settings) settings[symbol] = { leverage: fixedOrNull(setting.leverage), margin: setting.margin };
  const crossLevels: Record<string, number> = {};
  for (const [asset, pool] of account.crossPools) {
    const level = state.scan.level(pool);
    if (level !== 0) crossLevels[asset] = level;
  }
  const positions = [...account.positions.values()]
    .sort((a, b) => byText(a.key, b.key))
    .map((position) => ({
      key: position.key,
      symbol: position.symbol,
      positionSide: position.positionSide,
      size: formatFixed(position.size),
      entryPrice: formatFixed(position.entryPrice),
      margin: position.margin,
      isolatedBalance: formatUnits(position.isolatedUnits, decimalsOf(settleOf(position.symbol))),
      marginLevel: position.pool >= 0 ? state.scan.level(position.pool) : 0,
    }));
  const orders = [...account.orders.values()]
    .sort((a, b) => byText(a.orderId, b.orderId))
    .map((order) => ({
      orderId: order.orderId,
      symbol: order.symbol,
      side: order.side,
      positionSide: order.positionSide,
      size: formatFixed(order.size),
      price: formatFixed(order.price),
      reduceOnly: order.reduceOnly,
    }));
  // Written only when set, so the snapshots of states without portfolio accounts do not change.
  const portfolio = account.portfolioModel === null ? {} : { portfolioModel: account.portfolioModel };
  return {
    id: account.id,
    positionMode: account.positionMode,
    ...portfolio,
    wallets,
    settings,
    crossLevels,
    positions,
    orders,
    ...(account.creditLine === null ? {} : { creditLine: creditLineJson(account.creditLine) }),
    ...(account.collateralMode === null ? {} : { collateralMode: account.collateralMode }),
    ...(account.creditBand === 0 ? {} : { creditBand: account.creditBand }),
  };
}

/** The snapshot as a plain value (before canonical serialisation). */
export function snapshotValue(state: EngineState): unknown {
  const executors = state.liquidation.executors;
  const defaultExecutors = executors.length === DEFAULT_EXECUTORS.length && executors.every((name, i) => name === DEFAULT_EXECUTORS[i]);
  return {
    version: SNAPSHOT_VERSION,
    profile: state.profile.name,
    ...(defaultExecutors ? {} : { liquidation: { executors: [...executors] } }),
    ...(state.shortfall === 'hold' ? { shortfall: 'hold' } : {}),
    marginCalls: {
      warning: formatFixed(state.marginCalls.levels[0]?.ratio ?? 0n),
      call: formatFixed(state.marginCalls.levels[1]?.ratio ?? 0n),
      liquidation: formatFixed(state.marginCalls.levels[2]?.ratio ?? 0n),
      hysteresis: formatFixed(state.marginCalls.hysteresis),
    },
    lastSeq: state.lastSeq,
    appliedIds: [...state.appliedIds].sort(byText),
    // Written only when they differ from a state that never rotated its id window under the
    // default size, so snapshots (and hashes) of such states are what they were before the window.
    ...(state.previousIds.size === 0 ? {} : { previousIds: [...state.previousIds].sort(byText) }),
    ...(state.idWindow === ID_WINDOW_DEFAULT ? {} : { idWindow: state.idWindow }),
    assets: [...state.assets.values()].sort((a, b) => byText(a.asset, b.asset)).map(assetJson),
    markets: [...state.markets.values()].sort((a, b) => a.symbolIndex - b.symbolIndex).map(marketJson),
    accounts: [...state.accounts.values()].sort((a, b) => byText(a.id, b.id)).map((account) => accountJson(state, account)),
    // Only when the state has an option book (ADR 0022): other snapshots keep their text.
    ...(state.options === undefined ? {} : { options: optionsSnapshotJson(state) }),
    // Only when the state has SPAN parameter sets (ADR 0035).
    ...(state.span === undefined ? {} : { span: spanSnapshotJson(state) }),
  };
}

export function snapshotState(state: EngineState): string {
  return canonicalJson(snapshotValue(state));
}

export function hashText(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

export function stateHash(state: EngineState): string {
  return hashText(snapshotState(state));
}
