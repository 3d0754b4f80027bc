/**
 * The risk desk's population views, built from the engine's own figures: the largest holders per
 * symbol and the venue's net exposure (clearing) per asset from the risk board's last pass (each
 * position as `accountRiskJson` reported it), and the ADL queue from the engine's `adlRanks` on the
 * committed state. Sums are exact (E18 fixed point); only `sharePercent` is a display figure.
 */
import { formatFixed, parseFixed } from '@margin/core';
import { accountRiskJson, adlRanks, type EngineState } from '@margin/engine';
import type { AdlQueue, Exposure, Holders } from '@margin/wire';
import type { BoardSnapshot, HeldPosition } from './risk-board.js';

const abs = (v: bigint): bigint => (v < 0n ? -v : v);

function sideSizes(rows: readonly HeldPosition[]): { long: bigint; short: bigint; longNotional: bigint; shortNotional: bigint } {
  let long = 0n;
  let short = 0n;
  let longNotional = 0n;
  let shortNotional = 0n;
  for (const row of rows) {
    if (row.side === 'long') {
      long += abs(parseFixed(row.size));
      longNotional += abs(parseFixed(row.notional));
    } else {
      short += abs(parseFixed(row.size));
      shortNotional += abs(parseFixed(row.notional));
    }
  }
  return { long, short, longNotional, shortNotional };
}

/** Percent with 2 decimals, rounded half up (display). */
function percent(part: bigint, whole: bigint): string {
  if (whole === 0n) return '0.00';
  const hundredths = (part * 10_000n * 2n + whole) / (2n * whole);
  return `${hundredths / 100n}.${String(hundredths % 100n).padStart(2, '0')}`;
}

/** The largest positions in `symbol` by notional (ties: account id), with each one's share of its side; null: nobody holds it. */
export function holdersOf(board: BoardSnapshot, symbol: string, limit: number, side: 'long' | 'short' | null): Holders | null {
  const rows = board.held.get(symbol);
  if (rows === undefined || rows.length === 0) return null;
  const sizes = sideSizes(rows);
  const picked = rows
    .filter((row) => side === null || row.side === side)
    .map((row) => ({ row, notional: abs(parseFixed(row.notional)), size: abs(parseFixed(row.size)) }))
    .sort((a, b) => (b.notional > a.notional ? 1 : b.notional < a.notional ? -1 : a.row.account < b.row.account ? -1 : 1));
  return {
    symbol,
    asOfSeq: board.asOfSeq,
    settle: rows[0]?.settle ?? '',
    longSize: formatFixed(sizes.long),
    shortSize: formatFixed(sizes.short),
    total: picked.length,
    holders: picked.slice(0, limit).map(({ row, size }) => ({
      account: row.account,
      side: row.side === 'short' ? 'short' : 'long',
      margin: row.margin === 'isolated' ? 'isolated' : 'cross',
      size: row.size,
      notional: row.notional,
      unrealizedPnl: row.unrealizedPnl,
      liquidationPrice: row.liquidationPrice,
      sharePercent: percent(size, row.side === 'long' ? sizes.long : sizes.short),
    })),
  };
}

/**
 * The venue's net exposure: every fill and funding payment has the engine's `clearing` account on
 * the other side, so in each symbol clearing holds the opposite of the holders' net position.
 */
export function exposureOf(board: BoardSnapshot): Exposure {
  const byAsset = new Map<string, Exposure['assets'][number]['symbols']>();
  for (const [symbol, rows] of [...board.held.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (rows.length === 0) continue;
    const settle = rows[0]?.settle ?? '';
    const sizes = sideSizes(rows);
    let list = byAsset.get(settle);
    if (list === undefined) byAsset.set(settle, (list = []));
    list.push({
      symbol,
      longSize: formatFixed(sizes.long),
      shortSize: formatFixed(sizes.short),
      clearingSize: formatFixed(sizes.short - sizes.long),
      clearingNotional: formatFixed(sizes.shortNotional - sizes.longNotional),
      markPrice: rows[rows.length - 1]?.markPrice ?? null,
    });
  }
  const assets = new Set([...byAsset.keys(), ...Object.keys(board.system).filter((asset) => board.system[asset]?.['clearing'] !== undefined)]);
  return {
    asOfSeq: board.asOfSeq,
    assets: [...assets].sort().map((asset) => {
      const symbols = byAsset.get(asset) ?? [];
      const notional = symbols.reduce((sum, row) => sum + parseFixed(row.clearingNotional), 0n);
      return { asset, clearingBalance: board.system[asset]?.['clearing'] ?? '0', clearingNotional: formatFixed(notional), symbols };
    }),
  };
}

/** The ADL queue of `symbol` (one side or both), ranks as the engine publishes them, with each position's figures. */
export function adlQueueOf(state: EngineState, seq: number, symbol: string, side: 'long' | 'short' | null, limit: number, settle: string | undefined): AdlQueue {
  const ranks = adlRanks(state, symbol);
  const counts = { long: 0, short: 0 };
  for (const row of ranks) counts[row.side]++;
  const picked = ranks.filter((row) => side === null || row.side === side);
  // The first `limit` of each side (ranks come longs then shorts, each in rank order).
  const perSide = { long: 0, short: 0 };
  const rows: AdlQueue['rows'] = [];
  for (const row of picked) {
    if (perSide[row.side] >= limit) continue;
    perSide[row.side]++;
    const risk = accountRiskJson(state, row.account, settle);
    const position = risk?.positions.find((p) => p.symbol === symbol && p.side === row.side);
    rows.push({
      ...row,
      size: position?.size ?? '0',
      notional: position?.notional ?? '0',
      unrealizedPnl: position?.unrealizedPnl ?? '0',
      margin: position?.margin === 'isolated' ? 'isolated' : 'cross',
    });
  }
  return { symbol, seq, counts, rows };
}

