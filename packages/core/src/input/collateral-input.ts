/**
 * The `margin risk` input of a multi-asset account: the usual file with a `collateral` section
 * (each asset's signed quantity and index price, optional own haircut tiers and borrow rates, a
 * credit line) instead of `account.balance`. Positions may settle in any asset of the pool.
 */
import { z } from 'zod';
import { InputError } from '../errors.js';
import { formatFixed } from '../num/decimal.js';
import { DEFAULT_VENUE_NAME, VENUES, venue } from '../venues/registry.js';
import type { Instrument } from '../instrument/instrument.js';
import { ONE, mul, type Fixed } from '../num/index.js';
import type { PositionSpec } from '../risk/types.js';
import { decimal, list, oneOf, record, text } from './decimal-schema.js';
import { buildInstrument, instrumentInputSchema, isoTime } from './instrument-input.js';
import { parseWithSchema } from './parse-with-schema.js';
import { positionInputSchema, resolveProfile, unlistedKindWarning } from './risk-input.js';
import { resolveCollateralSnapshot, type CollateralAssetRule, type CollateralSnapshot } from '../collateral/collateral-rules.js';
import { validateHaircutTable, type HaircutTable } from '../collateral/haircut-tiers.js';
import { validateCreditLine, type CreditLineSpec } from '../collateral/credit-line.js';
import type { AssetHolding } from '../collateral/multi-asset-pool.js';
import type { MultiAssetRequest } from '../collateral/multi-asset-risk.js';

const haircutTierSchema = record({
  /** Absent on the last tier: unbounded. */
  upTo: decimal('positive').optional(),
  ratio: decimal('nonNegative'),
});

export const collateralAssetInputSchema = record({
  asset: text('an asset name'),
  /** Signed: negative is a loan. */
  quantity: decimal('any'),
  /** Reference currency per unit. */
  indexPrice: decimal('positive'),
  /** Rate off the index holdings and gains are credited at (Binance's index bid buffer). */
  bidBuffer: decimal('nonNegative').optional(),
  /** Rate over the index loans, losses and requirements are charged at (Binance's index ask buffer). */
  askBuffer: decimal('nonNegative').optional(),
  /** Own haircut tiers (replace the venue snapshot's for this asset). */
  haircut: record({ unit: oneOf(['quantity', 'reference']).default('quantity'), tiers: list(haircutTierSchema) }).optional(),
  borrowable: z.boolean().optional(),
  borrowInitialRate: decimal('nonNegative').optional(),
  borrowMaintenanceRate: decimal('nonNegative').optional(),
  borrowLimit: decimal('nonNegative').optional(),
});

export const creditLineInputSchema = record({
  limit: decimal('any'),
  used: decimal('any').default(0n),
  bands: record({ initial: decimal('any'), marginCall: decimal('any'), liquidation: decimal('any') }).optional(),
});

export const collateralInputSchema = record({
  /** Snapshot id of the venue's collateral rules; default: the one in force at `time`, else the latest. */
  snapshot: text('a snapshot id').optional(),
  assets: list(collateralAssetInputSchema, 1),
  creditLine: creditLineInputSchema.optional(),
  /** Margin of open orders in the reference currency. */
  orderMargin: decimal('nonNegative').optional(),
});

export const multiAssetRiskInputSchema = record({
  profile: text('a profile name').optional(),
  account: record({
    balance: decimal('any').optional(),
    positionMode: oneOf(['one-way', 'hedge']).default('one-way'),
    asset: text('an asset name').optional(),
    orderMargin: decimal('nonNegative').optional(),
  }).default({ positionMode: 'one-way' }),
  time: isoTime.optional(),
  instruments: list(instrumentInputSchema),
  positions: list(positionInputSchema),
  collateral: collateralInputSchema,
});

/** True when the decoded file has a `collateral` section (the multi-asset form). */
export function isMultiAssetInput(json: unknown): boolean {
  return typeof json === 'object' && json !== null && !Array.isArray(json) && 'collateral' in json;
}

export interface ParsedMultiAssetRequest {
  readonly request: MultiAssetRequest;
  readonly warnings: readonly string[];
}

function ruleFor(snapshot: CollateralSnapshot, input: z.output<typeof collateralAssetInputSchema>, index: number): CollateralAssetRule {
  const path = ['collateral', 'assets', index];
  const known = snapshot.assets.find((a) => a.asset === input.asset);
  if (known === undefined && input.haircut === undefined) {
    throw new InputError([...path, 'asset'], `unknown collateral asset "${input.asset}" in snapshot ${snapshot.id} (collateral there: ${snapshot.assets.map((a) => a.asset).join(', ')}; or give its own haircut tiers)`);
  }
  let haircut: HaircutTable | undefined = known?.haircut;
  if (input.haircut !== undefined) {
    haircut = validateHaircutTable(
      { unit: input.haircut.unit, tiers: input.haircut.tiers.map((t) => ({ upTo: t.upTo ?? null, ratio: t.ratio })) },
      [...path, 'haircut'],
    );
  }
  if (haircut === undefined) throw new InputError([...path, 'haircut'], 'is required');
  return {
    asset: input.asset,
    haircut,
    borrowable: input.borrowable ?? known?.borrowable ?? false,
    borrowInitialRate: input.borrowInitialRate ?? known?.borrowInitialRate ?? 0n,
    borrowMaintenanceRate: input.borrowMaintenanceRate ?? known?.borrowMaintenanceRate ?? 0n,
    borrowLimit: input.borrowLimit ?? known?.borrowLimit ?? null,
  };
}

export function parseMultiAssetRiskInput(json: unknown, profileOverride?: string): ParsedMultiAssetRequest {
  const { value: input, warnings: schemaWarnings } = parseWithSchema(multiAssetRiskInputSchema, json);
  const warnings = [...schemaWarnings];
  const venueName = profileOverride ?? input.profile ?? DEFAULT_VENUE_NAME;
  const profilePath = profileOverride !== undefined ? ['--profile'] : ['profile'];
  const profile = resolveProfile(venueName, profilePath);
  const rules = venue(venueName, profilePath).collateral;
  if (rules === null) {
    const withRules = VENUES.filter((v) => v.collateral !== null).map((v) => v.name).join(', ');
    throw new InputError(profilePath, `venue ${venueName} has no multi-collateral rules (venues with them: ${withRules})`);
  }
  if (input.account.balance !== undefined) throw new InputError(['account', 'balance'], 'is not used with collateral: give each asset\'s quantity in collateral.assets');
  if (input.account.asset !== undefined) throw new InputError(['account', 'asset'], 'is not used with collateral: the pool holds every asset in collateral.assets');
  if (input.account.orderMargin !== undefined) throw new InputError(['account', 'orderMargin'], 'is not used with collateral: give collateral.orderMargin in the reference currency');
  const base = resolveCollateralSnapshot(rules, venueName, { ...(input.collateral.snapshot === undefined ? {} : { id: input.collateral.snapshot }), timeMs: input.time ?? null }, ['collateral']);
  const assetRules = input.collateral.assets.map((a, i) => ruleFor(base, a, i));
  // The snapshot as given: the venue's rules with the file's own assets and tiers in their place.
  const snapshot: CollateralSnapshot = {
    ...base,
    assets: [...base.assets.filter((a) => !assetRules.some((r) => r.asset === a.asset)), ...assetRules],
  };
  const holdings: AssetHolding[] = input.collateral.assets.map((a, i) => {
    if (a.bidBuffer !== undefined && a.bidBuffer >= ONE) throw new InputError(['collateral', 'assets', i, 'bidBuffer'], 'must be below 1');
    return {
      asset: a.asset,
      quantity: a.quantity,
      indexPrice: a.indexPrice,
      bidPrice: a.bidBuffer === undefined ? a.indexPrice : mul(a.indexPrice, ONE - a.bidBuffer, 'floor'),
      askPrice: a.askBuffer === undefined ? a.indexPrice : mul(a.indexPrice, ONE + a.askBuffer, 'ceil'),
    };
  });
  const credit: CreditLineSpec | null =
    input.collateral.creditLine === undefined
      ? null
      : validateCreditLine({ limit: input.collateral.creditLine.limit, used: input.collateral.creditLine.used, bands: input.collateral.creditLine.bands ?? null }, ['collateral', 'creditLine']);

  const instruments = new Map<string, Instrument>();
  const markPrices = new Map<string, Fixed>();
  input.instruments.forEach((instrumentInput, index) => {
    const path = ['instruments', index];
    if (instruments.has(instrumentInput.symbol)) throw new InputError([...path, 'symbol'], `duplicate symbol "${instrumentInput.symbol}"`);
    if (instrumentInput.markPrice === undefined) throw new InputError([...path, 'markPrice'], 'is required');
    const instrument = buildInstrument(profile, instrumentInput, path);
    instruments.set(instrumentInput.symbol, instrument);
    const unlisted = unlistedKindWarning(venueName, instrument, path);
    if (unlisted !== null) warnings.push(unlisted);
    markPrices.set(instrumentInput.symbol, instrumentInput.markPrice);
  });
  const assetNames = new Set(holdings.map((h) => h.asset));
  const seen = new Map<string, number>();
  const positions: PositionSpec[] = input.positions.map((position, index) => {
    const path = ['positions', index];
    const instrument = instruments.get(position.symbol);
    if (instrument === undefined) throw new InputError([...path, 'symbol'], `unknown symbol "${position.symbol}" (not in instruments)`);
    const key = input.account.positionMode === 'hedge' ? `${position.symbol}/${position.side}` : position.symbol;
    const earlier = seen.get(key);
    if (earlier !== undefined) throw new InputError([...path, 'symbol'], `${input.account.positionMode} mode holds one position per ${input.account.positionMode === 'hedge' ? 'symbol and side' : 'symbol'}; positions[${earlier}] is already ${position.symbol}`);
    seen.set(key, index);
    if (instrument.lotSize !== null && position.size % instrument.lotSize !== 0n) {
      throw new InputError([...path, 'size'], `must be a multiple of the lot size ${formatFixed(instrument.lotSize)}, got "${formatFixed(position.size)}"`);
    }
    if (position.margin === 'isolated' && position.isolatedBalance === undefined) throw new InputError([...path, 'isolatedBalance'], 'is required for an isolated position');
    if (position.margin === 'cross' && position.isolatedBalance !== undefined) throw new InputError([...path, 'isolatedBalance'], 'is only allowed on isolated positions (margin is "cross")');
    if (position.margin === 'cross' && !assetNames.has(instrument.settle)) {
      throw new InputError([...path, 'symbol'], `${position.symbol} settles in ${instrument.settle}, which is not in collateral.assets (add it, quantity "0" if none is held, with its index price)`);
    }
    return {
      symbol: position.symbol,
      side: position.side,
      size: position.size,
      entryPrice: position.entryPrice,
      leverage: position.leverage ?? null,
      margin: position.margin,
      isolatedBalance: position.isolatedBalance ?? null,
    };
  });
  return {
    request: {
      profile,
      venueName,
      snapshot,
      positionMode: input.account.positionMode,
      holdings,
      credit,
      orderMargin: input.collateral.orderMargin ?? 0n,
      instruments,
      markPrices,
      positions,
    },
    warnings,
  };
}
