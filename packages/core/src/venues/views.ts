/**
 * The registries that existed before venue records, kept as views over `VENUES` for callers that
 * list or look up one part. A `find*` returns undefined for an unknown name or a missing part;
 * prefer `venueMargin` / `venueMarket` / `venueLiquidation`, whose errors say which.
 */
import type { Profile } from '../profile/profile.js';
import type { MarketProfile } from '../market/market-profile.js';
import type { LiquidationRules } from '../liquidation/liquidation-rules.js';
import { VENUES, findVenue, venueLiquidation } from './registry.js';

/** Margin rules of every venue that has them. */
export const PROFILES: readonly Profile[] = VENUES.flatMap((record) => (record.margin === null ? [] : [record.margin]));

/** Names of the venues with margin rules (all venues: `VENUE_NAMES`). */
export const PROFILE_NAMES: readonly string[] = PROFILES.map((profile) => profile.name);

export function findProfile(name: string): Profile | undefined {
  return findVenue(name)?.margin ?? undefined;
}

export const MARKET_PROFILES: readonly MarketProfile[] = VENUES.flatMap((record) => (record.market === null ? [] : [record.market]));

export const MARKET_PROFILE_NAMES: readonly string[] = MARKET_PROFILES.map((profile) => profile.name);

export function findMarketProfile(name: string): MarketProfile | undefined {
  return findVenue(name)?.market ?? undefined;
}

export const LIQUIDATION_RULES: readonly LiquidationRules[] = VENUES.flatMap((record) => (record.liquidation === null ? [] : [record.liquidation]));

/** The liquidation rules of a venue; throws for an unknown venue or one without liquidation rules (no fallback). */
export function liquidationRulesFor(profileName: string): LiquidationRules {
  return venueLiquidation(profileName);
}
