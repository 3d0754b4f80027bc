/**
 * A venue record: everything the kernel knows about one venue (or the generic methodology) in one
 * place, namely its margin rules (`Profile`), market and funding rules (`MarketProfile`),
 * liquidation rules, dated tier snapshots and public sources. A venue may lack a part (`null`);
 * the registry then says which part is missing, never substituting another venue's.
 */
import type { Profile, TierSnapshot } from '../profile/profile.js';
import type { ContractKind, MarketProfile } from '../market/market-profile.js';
import type { LiquidationRules } from '../liquidation/liquidation-rules.js';
import type { StandardOptionsRules } from '../option-margin/rules.js';
import type { CollateralRules } from '../collateral/collateral-rules.js';

export interface Venue {
  readonly name: string;
  readonly title: string;
  /** Contract kind the venue's funding assumes when the input gives no `kind` (also in `market`). */
  readonly contractKind: ContractKind;
  /** Contract kinds the venue lists (its published product range); null: any kind. */
  readonly listedKinds: readonly ContractKind[] | null;
  /** Public sources of every part (URLs first), without repeats. */
  readonly sources: readonly string[];
  readonly tierSnapshots: readonly TierSnapshot[];
  readonly margin: Profile | null;
  readonly market: MarketProfile | null;
  readonly liquidation: LiquidationRules | null;
  /** Standard options margin and size-based futures margin snapshots, or null without options rules. */
  readonly standardOptions: StandardOptionsRules | null;
  /** Multi-collateral snapshots (haircuts, borrowing, conversion), or null without a multi-asset pool. */
  readonly collateral: CollateralRules | null;
}

export type VenuePart = 'margin' | 'market' | 'liquidation';
export const VENUE_PARTS: readonly VenuePart[] = ['margin', 'market', 'liquidation'];

/** How each part is called in messages and listings. */
export const VENUE_PART_TITLES: Readonly<Record<VenuePart, string>> = {
  margin: 'margin rules',
  market: 'market and funding rules',
  liquidation: 'liquidation rules',
};

/** A venue as written in its file: each part without the venue's name, which `defineVenue` stamps in. */
export interface VenueDefinition {
  readonly name: string;
  readonly title: string;
  readonly contractKind: ContractKind;
  /** Contract kinds the venue lists; absent: any kind (the generic methodology, a venue listing both). */
  readonly listedKinds?: readonly ContractKind[];
  readonly tierSnapshots?: readonly TierSnapshot[];
  readonly margin?: Omit<Profile, 'name' | 'tierSnapshots'>;
  readonly market?: Omit<MarketProfile, 'name' | 'contractKind'>;
  readonly liquidation?: Omit<LiquidationRules, 'profile'>;
  readonly standardOptions?: StandardOptionsRules;
  readonly collateral?: CollateralRules;
}

/** Build a venue record: one name for every part, the snapshots inside the margin rules, sources merged. */
export function defineVenue(definition: VenueDefinition): Venue {
  const { name } = definition;
  const tierSnapshots = definition.tierSnapshots ?? [];
  // Name first (as the parts always printed), then the part, then the stamped fields win.
  const margin: Profile | null = definition.margin === undefined ? null : Object.assign({ name }, definition.margin, { name, tierSnapshots });
  const market: MarketProfile | null =
    definition.market === undefined ? null : Object.assign({ name }, definition.market, { name, contractKind: definition.contractKind });
  const liquidation: LiquidationRules | null =
    definition.liquidation === undefined ? null : Object.assign({ profile: name }, definition.liquidation, { profile: name });
  const standardOptions = definition.standardOptions ?? null;
  const optionSources = standardOptions === null ? [] : [...standardOptions.options, ...standardOptions.sizeBasedFutures].flatMap((snapshot) => snapshot.sources);
  const collateral = definition.collateral ?? null;
  const collateralSources = collateral === null ? [] : collateral.snapshots.flatMap((snapshot) => snapshot.sources);
  const sources = [...(margin?.sources ?? []), ...(market?.sources ?? []), ...(liquidation?.sources ?? []), ...optionSources, ...collateralSources];
  return {
    name,
    title: definition.title,
    contractKind: definition.contractKind,
    listedKinds: definition.listedKinds ?? null,
    sources: [...new Set(sources)],
    tierSnapshots,
    margin,
    market,
    liquidation,
    standardOptions,
    collateral,
  };
}

/** The parts a venue defines, in the order of `VENUE_PARTS`. */
export function venueParts(venue: Venue): VenuePart[] {
  return VENUE_PARTS.filter((part) => venue[part] !== null);
}
