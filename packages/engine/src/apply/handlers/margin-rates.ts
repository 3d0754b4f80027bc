/**
 * `marginRates`: a model sets an instrument's rates at a stated time (ADR 0025). The new table
 * replaces the rates in force at once: the scan row is redefined and the symbol's holders are
 * scanned, so margin calls and liquidations follow in the same command, and every later fill,
 * order and withdrawal is checked against the new rates. The event names the old and new
 * first-tier rates, the factors on the venue's table, the model, its inputs and the cap shortfall.
 */
import { InputError, formatFixed, type TierTable } from '@margin/core';
import type { MarginRatesCommand } from '@margin/wire';
import { defineScanSymbol, isoTime } from './market.js';
import { scanSymbols } from '../../liquidation/confirm.js';
import type { Sink } from '../../events/sink.js';
import type { EngineState } from '../../state/types.js';
import { firstTierRates, scaleTiers, type ScaledTiers } from '../../dynamic/scale-tiers.js';

export function applyMarginRates(state: EngineState, command: MarginRatesCommand, out: Sink): void {
  const market = state.markets.get(command.symbol);
  if (market === undefined) return out.reject(command.type, 'instrument_not_found', `unknown symbol "${command.symbol}"`);
  if (market.settlementPrice !== null) return out.reject(command.type, 'instrument_expired', `${command.symbol} has been settled`);
  const current = market.dynamicRates;
  if (current !== null && command.time < current.timeMs) {
    return out.reject(command.type, 'margin_rates_stale', `${command.symbol} rates were last set at ${isoTime(current.timeMs)}`);
  }
  const venueTiers: TierTable = current?.venueTiers ?? market.instrument.tiers;
  let scaled: ScaledTiers;
  try {
    scaled = scaleTiers(venueTiers, command);
  } catch (error) {
    if (error instanceof InputError) return out.reject(command.type, 'margin_rates_invalid', error.message);
    throw error;
  }
  const previous = firstTierRates(market.instrument.tiers);
  market.instrument = { ...market.instrument, tiers: scaled.tiers };
  market.dynamicRates = { venueTiers, timeMs: command.time, model: command.model };
  defineScanSymbol(state, market);
  out.emit({
    type: 'marginRatesChanged',
    symbol: command.symbol,
    time: isoTime(command.time),
    model: command.model,
    inputs: { ...command.inputs },
    previous,
    current: firstTierRates(scaled.tiers),
    maintenanceScale: formatFixed(scaled.maintenanceScale),
    initialScale: formatFixed(scaled.initialScale),
    capShortfall: command.capShortfall === undefined ? null : formatFixed(command.capShortfall),
    tiers: String(scaled.tiers.length),
  });
  scanSymbols(state, [market.symbolIndex], out);
}
