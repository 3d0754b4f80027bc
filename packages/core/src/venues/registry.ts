/**
 * The one registry of venues. `venue(name)` throws on an unknown name, listing the known ones;
 * the part accessors throw naming the part a venue lacks. Nothing falls back to another venue.
 */
import { InputError, type PathSegment } from '../errors.js';
import type { Profile } from '../profile/profile.js';
import type { MarketProfile } from '../market/market-profile.js';
import type { LiquidationRules } from '../liquidation/liquidation-rules.js';
import type { Venue } from './venue.js';
import { requirePart } from './require-part.js';
import { GENERIC } from './generic.js';
import { BINANCE_USDM } from './binance-usdm.js';
import { BINANCE_COINM } from './binance-coinm.js';
import { BYBIT_LINEAR } from './bybit-linear.js';
import { BYBIT_INVERSE } from './bybit-inverse.js';
import { DYDX_V4 } from './dydx-v4.js';
import { HYPERLIQUID } from './hyperliquid.js';
import { DRIFT_V2 } from './drift-v2.js';
import { BITMEX } from './bitmex.js';
import { DERIBIT } from './deribit.js';
import { OKX } from './okx.js';

export const VENUES: readonly Venue[] = [GENERIC, BINANCE_USDM, BINANCE_COINM, BYBIT_LINEAR, BYBIT_INVERSE, DYDX_V4, HYPERLIQUID, DRIFT_V2, BITMEX, DERIBIT, OKX];

export const VENUE_NAMES: readonly string[] = VENUES.map((record) => record.name);

/** The venue every command uses when none is named. */
export const DEFAULT_VENUE_NAME = GENERIC.name;

export function findVenue(name: string): Venue | undefined {
  return VENUES.find((record) => record.name === name);
}

/** The venue called `name`; `path` is where the name sits in the caller's input. */
export function venue(name: string, path: readonly PathSegment[] = ['profile']): Venue {
  const found = findVenue(name);
  if (found === undefined) throw new InputError(path, `unknown profile "${name}" (known: ${VENUE_NAMES.join(', ')})`);
  return found;
}

/** Margin rules of the venue `name` (the `Profile` of `margin risk` and the engine). */
export function venueMargin(name: string, path: readonly PathSegment[] = ['profile']): Profile {
  return requirePart(venue(name, path), 'margin', path);
}

/** Market and funding rules of the venue `name` (`margin index|mark|funding|settle`). */
export function venueMarket(name: string, path: readonly PathSegment[] = ['profile']): MarketProfile {
  return requirePart(venue(name, path), 'market', path);
}

/** Liquidation rules of the venue `name` (the engine's liquidation process). */
export function venueLiquidation(name: string, path: readonly PathSegment[] = ['profile']): LiquidationRules {
  return requirePart(venue(name, path), 'liquidation', path);
}
