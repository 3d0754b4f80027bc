/**
 * The collateral part of a snapshot: an asset's collateral rules and index price, an account's
 * credit line. Written only when present, so states without collateral keep their snapshot text.
 */
import { z } from 'zod';
import { decimal, formatFixed, isoTime, oneOf, record, text, type CreditLineSpec, type Fixed } from '@margin/core';
import type { AssetCollateral } from '../state/collateral.js';

const fixedOrNull = (value: Fixed | null): string | null => (value === null ? null : formatFixed(value));

export function assetCollateralJson(c: AssetCollateral): unknown {
  return {
    reference: c.reference,
    haircut: {
      unit: c.haircut.unit,
      tiers: c.haircut.tiers.map((t) => ({ upTo: fixedOrNull(t.upTo), ratio: formatFixed(t.ratio) })),
      // Written only when set (Drift's size discount), so other states keep their snapshot text.
      ...(c.haircut.sizeDiscount === undefined ? {} : { sizeDiscount: { imfFactor: formatFixed(c.haircut.sizeDiscount.imfFactor) } }),
    },
    borrowable: c.borrowable,
    borrowInitialRate: formatFixed(c.borrowInitialRate),
    borrowMaintenanceRate: formatFixed(c.borrowMaintenanceRate),
    borrowLimit: fixedOrNull(c.borrowLimit),
    snapshot: c.snapshot,
    indexPrice: fixedOrNull(c.indexPrice),
    bidPrice: fixedOrNull(c.bidPrice),
    askPrice: fixedOrNull(c.askPrice),
    priceTime: c.priceTimeMs === null ? null : new Date(c.priceTimeMs).toISOString(),
  };
}

export function creditLineJson(c: CreditLineSpec): unknown {
  return {
    limit: formatFixed(c.limit),
    used: formatFixed(c.used),
    bands: c.bands === null ? null : { initial: formatFixed(c.bands.initial), marginCall: formatFixed(c.bands.marginCall), liquidation: formatFixed(c.bands.liquidation) },
  };
}

export const assetCollateralSchema = record({
  reference: text(),
  haircut: record({
    unit: oneOf(['quantity', 'reference']),
    tiers: z.array(record({ upTo: decimal('positive').nullable(), ratio: decimal('nonNegative') })),
    sizeDiscount: record({ imfFactor: decimal('nonNegative') }).optional(),
  }),
  borrowable: z.boolean(),
  borrowInitialRate: decimal('nonNegative'),
  borrowMaintenanceRate: decimal('nonNegative'),
  borrowLimit: decimal('nonNegative').nullable(),
  snapshot: z.string().nullable(),
  indexPrice: decimal('positive').nullable(),
  bidPrice: decimal('positive').nullable(),
  askPrice: decimal('positive').nullable(),
  priceTime: isoTime.nullable(),
});

export const creditLineSchema = record({
  limit: decimal('nonNegative'),
  used: decimal('nonNegative'),
  bands: record({ initial: decimal('any'), marginCall: decimal('any'), liquidation: decimal('any') }).nullable(),
});

export function assetCollateralFrom(input: z.output<typeof assetCollateralSchema>): AssetCollateral {
  return {
    reference: input.reference,
    haircut: {
      unit: input.haircut.unit,
      tiers: input.haircut.tiers.map((t) => ({ upTo: t.upTo, ratio: t.ratio })),
      ...(input.haircut.sizeDiscount === undefined ? {} : { sizeDiscount: { imfFactor: input.haircut.sizeDiscount.imfFactor } }),
    },
    borrowable: input.borrowable,
    borrowInitialRate: input.borrowInitialRate,
    borrowMaintenanceRate: input.borrowMaintenanceRate,
    borrowLimit: input.borrowLimit,
    snapshot: input.snapshot,
    indexPrice: input.indexPrice,
    bidPrice: input.bidPrice,
    askPrice: input.askPrice,
    priceTimeMs: input.priceTime,
  };
}
