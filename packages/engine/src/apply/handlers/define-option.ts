/**
 * `instrument` with an option kind: define (or redefine) an option market. One clear rejection per
 * broken rule, nothing applied: a venue without options margin rules, an underlying that is not a
 * defined future, an expiry not after the underlying's last price time, a symbol taken by a
 * future, an inverse option whose base differs from its settle coin, an unknown pinned snapshot,
 * a contract change while positions exist. Strikes, sizes and ticks > 0 are the wire's rules.
 */
import { InputError, formatFixed, optionMarginSnapshot, type OptionInstrument } from '@margin/core';
import type { OptionInstrumentCommand } from '@margin/wire';
import { assetLedger } from '../../ledger/ledger.js';
import type { Sink } from '../../events/sink.js';
import type { EngineState } from '../../state/types.js';
import { optionRules } from '../../risk/option-requirement.js';
import { ensureOptionBook, holdersOf, optionMarket, type OptionMarket } from '../../state/option-book.js';

const isoTime = (ms: number): string => new Date(ms).toISOString();

export function applyDefineOption(state: EngineState, command: OptionInstrumentCommand, out: Sink): void {
  const reject = out.reject.bind(out, command.type);
  const spec = command.instrument;
  const invalid = (field: string, rule: string) => reject('instrument_invalid', `instrument.${field}: ${rule}`);
  const rules = optionRules(state);
  if (rules === null || rules.options.length === 0) return invalid('kind', `venue ${state.profile.name} has no standard options margin rules`);
  if (state.markets.has(spec.symbol)) return invalid('symbol', `"${spec.symbol}" is a future already defined`);
  const underlying = state.markets.get(spec.underlying);
  if (underlying === undefined) {
    const known = [...state.markets.keys()].map((name) => `"${name}"`).join(', ') || 'none';
    return invalid('underlying', `unknown underlying "${spec.underlying}" (not a defined future; known: ${known})`);
  }
  if (underlying.priceTimeMs !== null && spec.expiry <= underlying.priceTimeMs) {
    return reject('instrument_expired', `instrument.expiry: ${isoTime(spec.expiry)} is not after the last price time ${isoTime(underlying.priceTimeMs)}`);
  }
  // An option on the index of a future (option-underlying.ts): that future must carry an index.
  if (spec.underlyingPrice === 'index' && underlying.indexPrice === null) {
    return invalid('underlyingPrice', `unknown index: underlying "${spec.underlying}" carries no index price (give it an indexPrice in a price command first)`);
  }
  if (spec.kind === 'inverse-option' && spec.base !== undefined && spec.base !== spec.settle) {
    return invalid('base', `an inverse option settles in its base coin: base "${spec.base}" differs from settle "${spec.settle}"`);
  }
  const base = spec.base ?? (spec.kind === 'inverse-option' ? spec.settle : undefined);
  if (base === undefined) return invalid('base', 'is required for a linear option (the coin of the underlying)');
  const marginSnapshot = spec.marginSnapshot ?? null;
  try {
    // A pinned id must exist; without a pin some snapshot must cover this option at expiry - 1 ms.
    optionMarginSnapshot(rules, state.profile.name, spec.kind, base, marginSnapshot === null ? spec.expiry - 1 : 0, marginSnapshot, ['instrument', 'marginSnapshot']);
  } catch (error) {
    if (error instanceof InputError) return invalid('marginSnapshot', error.rule);
    throw error;
  }
  const existing = optionMarket(state, spec.symbol);
  if (existing !== null && existing.settlementPrice !== null) return reject('instrument_expired');
  const instrument: OptionInstrument = {
    symbol: spec.symbol,
    kind: spec.kind,
    right: spec.right,
    underlying: spec.underlying,
    base,
    settle: spec.settle,
    contractSize: spec.contractSize,
    strike: spec.strike,
    expiryMs: spec.expiry,
    tickSize: spec.tickSize,
    lotSize: spec.lotSize ?? null,
    takerFeeRate: spec.takerFeeRate ?? null,
  };
  const onIndex = spec.underlyingPrice === 'index';
  if (existing !== null && holdersOf(state, spec.symbol).length > 0 && (!sameContract(existing.instrument, instrument) || (existing.underlyingPrice === 'index') !== onIndex)) {
    return reject('instrument_change_not_allowed');
  }
  assetLedger(state, instrument.settle);
  const book = ensureOptionBook(state);
  const market: OptionMarket = {
    instrument,
    marginSnapshot,
    markPrice: existing?.markPrice ?? null,
    markIv: existing?.markIv ?? null,
    priceTimeMs: existing?.priceTimeMs ?? null,
    settlementPrice: null,
    order: existing?.order ?? book.markets.size,
    ...(onIndex ? { underlyingPrice: 'index' as const } : {}),
  };
  book.markets.set(spec.symbol, market);
  out.emit({
    type: 'instrumentDefined',
    symbol: instrument.symbol,
    kind: instrument.kind,
    settle: instrument.settle,
    contractSize: formatFixed(instrument.contractSize),
    tiers: '0',
    tiersSource: 'standard options margin',
    updated: existing !== null,
  });
}

function sameContract(a: OptionInstrument, b: OptionInstrument): boolean {
  return a.kind === b.kind && a.right === b.right && a.settle === b.settle && a.contractSize === b.contractSize && a.strike === b.strike && a.expiryMs === b.expiryMs && a.underlying === b.underlying;
}
