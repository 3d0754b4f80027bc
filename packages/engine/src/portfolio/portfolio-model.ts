/**
 * Which portfolio venue records the engine can run, and which parameter set of a record holds a
 * symbol: the grid method (`deribit-pm`) keys its parameters by settlement currency (the settle
 * asset), the components method (`okx-pm`) by risk unit (the underlying); in both the record's
 * settlement (linear or inverse) must be the instrument's. SPAN reads a risk parameter file the
 * engine does not hold, so it is refused by name.
 */
import {
  PORTFOLIO_VENUES,
  type ComponentsVenue,
  type DeribitPmParams,
  type GridVenue,
  type OkxPmParams,
} from '@margin/core';
import type { Market } from '../state/types.js';
import { settlementOf, underlyingOf } from './portfolio-position.js';

export type EngineModel = GridVenue | ComponentsVenue;

/** The records the engine runs (every portfolio record without a parameter file). */
export const ENGINE_MODEL_NAMES: readonly string[] = PORTFOLIO_VENUES.filter((v) => v.method !== 'span').map((v) => v.name);

/** The record of `name`, or null when the engine cannot run it (unknown, or SPAN). */
export function engineModel(name: string): EngineModel | null {
  const venue = PORTFOLIO_VENUES.find((v) => v.name === name);
  return venue === undefined || venue.method === 'span' ? null : venue;
}

export type ModelParams = { readonly method: 'grid'; readonly key: string; readonly params: DeribitPmParams } | { readonly method: 'components'; readonly key: string; readonly params: OkxPmParams };

/** The parameter set that holds the symbol, or a reason naming what is missing. */
export function paramsFor(model: EngineModel, market: Market): ModelParams | { readonly refusal: string } {
  const settlement = settlementOf(market);
  const symbol = market.instrument.symbol;
  if (model.method === 'grid') {
    const key = market.instrument.settle;
    const params = Object.prototype.hasOwnProperty.call(model.currencies, key) ? model.currencies[key] : undefined;
    if (params === undefined) return { refusal: `${model.name} has no parameters for settle asset ${key} of ${symbol} (known: ${Object.keys(model.currencies).join(', ')})` };
    if (params.settlement !== settlement) return { refusal: `${model.name} margins ${key} as ${params.settlement}, ${symbol} is ${settlement}` };
    return { method: 'grid', key, params };
  }
  const key = underlyingOf(market);
  const params = Object.prototype.hasOwnProperty.call(model.units, key) ? model.units[key] : undefined;
  if (params === undefined) return { refusal: `${model.name} has no parameters for underlying ${key} of ${symbol} (known: ${Object.keys(model.units).join(', ')})` };
  if (params.settlement !== settlement) return { refusal: `${model.name} margins ${key} as ${params.settlement}, ${symbol} is ${settlement}` };
  return { method: 'components', key, params };
}
