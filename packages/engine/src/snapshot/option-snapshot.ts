/**
 * The option book in snapshots (ADR 0022): written as `options` only when the state has one, so a
 * state that never saw an option keeps its snapshot text and hash. Markets in definition order,
 * positions by account id then symbol.
 */
import { z } from 'zod';
import { OPTION_INSTRUMENT_KINDS, OPTION_RIGHTS, decimal, formatFixed, isoTime, parseWithSchema, record, text, type Fixed } from '@margin/core';
import type { EngineState } from '../state/types.js';
import { ensureOptionBook, setOptionPosition } from '../state/option-book.js';
import { crossPool } from '../state/positions.js';

const fixedOrNull = (value: Fixed | null): string | null => (value === null ? null : formatFixed(value));
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function optionsSnapshotJson(state: EngineState): unknown {
  const book = state.options;
  if (book === undefined) return undefined;
  const markets = [...book.markets.values()]
    .sort((a, b) => a.order - b.order)
    .map(({ instrument: i, ...market }) => ({
      symbol: i.symbol,
      kind: i.kind,
      right: i.right,
      underlying: i.underlying,
      base: i.base,
      settle: i.settle,
      contractSize: formatFixed(i.contractSize),
      strike: formatFixed(i.strike),
      expiry: new Date(i.expiryMs).toISOString(),
      tickSize: formatFixed(i.tickSize),
      lotSize: fixedOrNull(i.lotSize),
      takerFeeRate: fixedOrNull(i.takerFeeRate),
      marginSnapshot: market.marginSnapshot,
      markPrice: fixedOrNull(market.markPrice),
      markIv: fixedOrNull(market.markIv),
      priceTime: market.priceTimeMs === null ? null : new Date(market.priceTimeMs).toISOString(),
      settlementPrice: fixedOrNull(market.settlementPrice),
      // Written only for an option on an index, so snapshots of other options keep their text and hash.
      ...(market.underlyingPrice === 'index' ? { underlyingPrice: 'index' } : {}),
    }));
  const positions = [...book.positions.entries()]
    .sort(([a], [b]) => byText(a, b))
    .flatMap(([, held]) => [...held.values()].sort((a, b) => byText(a.symbol, b.symbol)))
    .map((position) => ({ account: position.accountId, symbol: position.symbol, size: formatFixed(position.size), entryPrice: formatFixed(position.entryPrice) }));
  return { markets, positions };
}

const nullableFixed = decimal('any').nullable();
const optionsSchema = record({
  markets: z.array(
    record({
      symbol: text(),
      kind: z.enum(OPTION_INSTRUMENT_KINDS),
      right: z.enum(OPTION_RIGHTS),
      underlying: text(),
      base: text(),
      settle: text(),
      contractSize: decimal('positive'),
      strike: decimal('positive'),
      expiry: isoTime,
      tickSize: decimal('positive'),
      lotSize: nullableFixed,
      takerFeeRate: nullableFixed,
      marginSnapshot: z.string().nullable(),
      markPrice: nullableFixed,
      markIv: nullableFixed,
      priceTime: isoTime.nullable(),
      settlementPrice: nullableFixed,
      underlyingPrice: z.literal('index').optional(),
    }),
  ),
  positions: z.array(record({ account: text(), symbol: text(), size: decimal('any'), entryPrice: decimal('any') })),
});

export function restoreOptions(state: EngineState, json: unknown): void {
  if (json === undefined) return;
  const { value } = parseWithSchema(optionsSchema, json, ['snapshot', 'options']);
  const book = ensureOptionBook(state);
  for (const m of value.markets) {
    book.markets.set(m.symbol, {
      instrument: {
        symbol: m.symbol,
        kind: m.kind,
        right: m.right,
        underlying: m.underlying,
        base: m.base,
        settle: m.settle,
        contractSize: m.contractSize,
        strike: m.strike,
        expiryMs: m.expiry,
        tickSize: m.tickSize,
        lotSize: m.lotSize,
        takerFeeRate: m.takerFeeRate,
      },
      marginSnapshot: m.marginSnapshot,
      markPrice: m.markPrice,
      markIv: m.markIv,
      priceTimeMs: m.priceTime,
      settlementPrice: m.settlementPrice,
      order: book.markets.size,
      ...(m.underlyingPrice === 'index' ? { underlyingPrice: 'index' as const } : {}),
    });
  }
  for (const p of value.positions) {
    setOptionPosition(state, p.account, p.symbol, p.size, p.entryPrice);
    // A live option fill opens the holder's cross pool (option-fill.ts); so does its restore, so
    // the margin-call review of an options-only pool sees the same pool after a restore.
    const account = state.accounts.get(p.account);
    const settle = book.markets.get(p.symbol)?.instrument.settle;
    if (account !== undefined && settle !== undefined) crossPool(state, account, settle);
  }
}
