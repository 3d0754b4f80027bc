/**
 * What-if: an account's margin after a hypothetical order and/or hypothetical mark prices, without
 * touching the engine state. The account's current risk (the engine's `accountRiskJson`) is turned
 * back into a core risk request (balance, positions, instruments), the hypothesis is applied with
 * core's own fill maths (`applyFill`: average entry, realised PnL, flips), and core's
 * `computeRisk` answers. Assumptions, stated in the response and docs/api.md:
 * - fees are only what the caller passes (`order.fee`, debited from the wallet);
 * - isolated margin moves as the engine's fill moves it: realised PnL into the position's margin,
 *   a pro-rata release to the wallet on a reduction (all of it on a close or flip), and a top-up
 *   from the wallet until the position's equity covers its initial margin when it grows
 *   (amounts exact, where the engine rounds to the asset's ledger units);
 * - open-order margin stays as it is.
 */
import { z } from 'zod';
import {
  FLAT,
  InputError,
  applyFill,
  buildInstrument,
  computeRisk,
  decimal,
  venueMargin,
  formatFixed,
  instrumentInputSchema,
  oneOf,
  parseFixed,
  parseWithSchema,
  record,
  riskReportToJson,
  text,
  type Fixed,
  type Instrument,
  type PositionSpec,
  type RiskJson,
} from '@margin/core';
import type { InstrumentCatalog } from './views/instrument-catalog.js';

export const whatIfSchema = record({
  asset: text('an asset name').optional(),
  prices: z.record(z.string(), decimal('positive'), { error: 'must be an object of symbol to decimal string' }).optional(),
  order: record({
    symbol: text('a symbol string'),
    side: oneOf(['buy', 'sell']),
    size: decimal('positive'),
    price: decimal('positive'),
    positionSide: oneOf(['long', 'short']).optional(),
    margin: oneOf(['cross', 'isolated']).optional(),
    leverage: decimal('positive').optional(),
    fee: decimal('nonNegative').optional(),
  }).optional(),
});

export type WhatIfInput = z.output<typeof whatIfSchema>;

export interface WhatIfResult {
  readonly account: string;
  readonly hypothesis: unknown;
  readonly before: RiskJson;
  readonly after: RiskJson;
  readonly realizedPnl: string;
  readonly assumptions: readonly string[];
}

export const WHAT_IF_ASSUMPTIONS = [
  'fees: only order.fee, debited from the wallet',
  'isolated margin moves as in the engine: PnL into the position, pro-rata release on a reduction, top-up from the wallet to initial margin on growth',
  'open-order margin is unchanged',
] as const;

interface MutablePosition {
  symbol: string;
  side: 'long' | 'short';
  size: Fixed;
  entryPrice: Fixed;
  leverage: Fixed | null;
  margin: 'cross' | 'isolated';
  isolatedBalance: Fixed | null;
}

export function parseWhatIf(json: unknown): WhatIfInput {
  const { value } = parseWithSchema(whatIfSchema, json ?? {}, ['body']);
  if (value.order === undefined && (value.prices === undefined || Object.keys(value.prices).length === 0)) {
    throw new InputError(['body'], 'must name an order, prices, or both');
  }
  return value;
}

/**
 * `before` is the account's current risk as the engine reports it; `profileName` the engine's profile.
 * Throws InputError for a symbol the calculator cannot price (the path names the field).
 */
export function computeWhatIf(
  account: string,
  before: RiskJson,
  input: WhatIfInput,
  catalog: InstrumentCatalog,
  profileName: string,
  lastMark: (symbol: string) => string | null,
): WhatIfResult {
  const profile = venueMargin(profileName);
  const instruments = new Map<string, Instrument>();
  const instrumentOf = (symbol: string, path: (string | number)[]): Instrument => {
    const known = instruments.get(symbol);
    if (known !== undefined) return known;
    const json = catalog.get(symbol);
    if (json === undefined) throw new InputError(path, `unknown symbol "${symbol}" (no instrument definition known to the server)`);
    const { value } = parseWithSchema(instrumentInputSchema, json, ['instrument']);
    const instrument = buildInstrument(profile, value, ['instrument']);
    instruments.set(symbol, instrument);
    return instrument;
  };

  let balance = parseFixed(before.account.walletBalance);
  const positions: MutablePosition[] = before.positions.map((p, index) => {
    instrumentOf(p.symbol, ['positions', index, 'symbol']);
    return {
      symbol: p.symbol,
      side: p.side === 'short' ? 'short' : 'long',
      size: parseFixed(p.size),
      entryPrice: parseFixed(p.entryPrice),
      leverage: parseFixed(p.leverage),
      margin: p.margin === 'isolated' ? 'isolated' : 'cross',
      isolatedBalance: p.isolatedBalance === undefined ? null : parseFixed(p.isolatedBalance),
    };
  });
  const symbolCount = new Map<string, number>();
  for (const p of positions) symbolCount.set(p.symbol, (symbolCount.get(p.symbol) ?? 0) + 1);
  const hedge = [...symbolCount.values()].some((n) => n > 1) || input.order?.positionSide !== undefined;

  const markPrices = new Map<string, Fixed>();
  for (const p of before.positions) markPrices.set(p.symbol, parseFixed(p.markPrice));
  for (const [symbol, price] of Object.entries(input.prices ?? {})) {
    instrumentOf(symbol, ['body', 'prices', symbol]);
    markPrices.set(symbol, price);
  }

  let realized = 0n;
  let growing: MutablePosition | null = null;
  const order = input.order;
  if (order !== undefined) {
    const instrument = instrumentOf(order.symbol, ['body', 'order', 'symbol']);
    if (!markPrices.has(order.symbol)) {
      const mark = lastMark(order.symbol);
      markPrices.set(order.symbol, mark === null ? order.price : parseFixed(mark));
    }
    const signed = order.side === 'buy' ? order.size : -order.size;
    const sideWanted = order.positionSide;
    const index = positions.findIndex((p) => p.symbol === order.symbol && (!hedge || sideWanted === undefined || p.side === sideWanted));
    const existing = index >= 0 ? (positions[index] as MutablePosition) : null;
    const held = existing === null ? FLAT : { size: existing.side === 'long' ? existing.size : -existing.size, entryPrice: existing.entryPrice };
    const outcome = applyFill(instrument, held, signed, order.price, !hedge);
    realized = outcome.realizedPnl;
    balance -= order.fee ?? 0n;
    const size = outcome.position.size;
    const flipped = existing !== null && size !== 0n && size > 0n !== (existing.side === 'long');
    // As the engine's fill: an isolated position's PnL lands in its margin; a reduction releases
    // margin pro rata (floor), a close or flip releases all of it; cross PnL lands in the wallet.
    let isolatedBalance: Fixed | null = null;
    if (existing !== null && existing.margin === 'isolated') {
      const pool = (existing.isolatedBalance ?? 0n) + realized;
      let release = 0n;
      if (size === 0n || flipped) release = pool;
      else if (outcome.closedSize > 0n && pool > 0n) release = (pool * outcome.closedSize) / existing.size;
      balance += release;
      isolatedBalance = pool - release;
    } else {
      balance += realized;
    }
    if (size === 0n) {
      if (existing !== null) positions.splice(index, 1);
    } else {
      const margin = existing?.margin ?? order.margin ?? 'cross';
      const next: MutablePosition = {
        symbol: order.symbol,
        side: hedge && sideWanted !== undefined ? sideWanted : size > 0n ? 'long' : 'short',
        size: size > 0n ? size : -size,
        entryPrice: outcome.position.entryPrice,
        leverage: order.leverage ?? existing?.leverage ?? null,
        margin,
        isolatedBalance: margin === 'isolated' ? (isolatedBalance ?? 0n) : null,
      };
      if (existing === null) positions.push(next);
      else positions[index] = next;
      if (margin === 'isolated' && outcome.openedSize > 0n) growing = next;
    }
  }

  const run = (): RiskJson => {
    const specs: PositionSpec[] = positions.map((p) => ({ ...p }));
    const settle = before.account.settle ?? positions.find((p) => p.margin === 'cross')?.symbol ?? null;
    return riskReportToJson(
      computeRisk(
        {
          profile,
          account: {
            balance,
            positionMode: hedge ? 'hedge' : 'one-way',
            asset: before.account.settle ?? (settle === null ? null : (instruments.get(settle)?.settle ?? null)),
            orderMargin: parseFixed(before.account.orderMargin),
          },
          instruments,
          markPrices,
          positions: specs,
        },
        { withPrices: true },
      ),
    );
  };

  if (growing !== null) {
    // As the engine's fill: top the isolated margin up from the wallet until the position's
    // equity (margin + uPnL) covers its initial margin.
    const target = growing;
    const probe = run().positions.find((p) => p.symbol === target.symbol && p.side === target.side);
    if (probe !== undefined) {
      const shortfall = parseFixed(probe.initialMargin) - ((target.isolatedBalance ?? 0n) + parseFixed(probe.unrealizedPnl));
      if (shortfall > 0n) {
        target.isolatedBalance = (target.isolatedBalance ?? 0n) + shortfall;
        balance -= shortfall;
      }
    }
  }

  return {
    account,
    hypothesis: jsonOf(input),
    before,
    after: run(),
    realizedPnl: formatFixed(realized),
    assumptions: WHAT_IF_ASSUMPTIONS,
  };
}

/** The parsed input back as decimal strings, to echo in the response. */
function jsonOf(input: WhatIfInput): unknown {
  return JSON.parse(JSON.stringify(input, (_key, value: unknown) => (typeof value === 'bigint' ? formatFixed(value) : value))) as unknown;
}
