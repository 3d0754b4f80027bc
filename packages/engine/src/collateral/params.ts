/**
 * `collateralAsset`, `collateralPrices`, `creditLine`: the collateral state of multi-asset pools
 * (docs/collateral.md). Rules come from a snapshot of the engine's venue record or in full; every
 * bad rule is a `rejected` event naming the field. Objects are replaced, never mutated (preview).
 */
import {
  InputError,
  ONE,
  findVenue,
  formatFixed,
  max,
  mul,
  resolveCollateralSnapshot,
  validateCreditLine,
  validateHaircutTable,
  type CollateralAssetRule,
  type HaircutTable,
} from '@margin/core';
import type { CollateralAssetCommand, CollateralPricesCommand, CreditLineCommand } from '@margin/wire';
import { assetLedger } from '../ledger/ledger.js';
import type { AssetCollateral } from '../state/collateral.js';
import type { EngineState } from '../state/types.js';
import type { Sink } from '../events/sink.js';
import { reviewRisk } from '../liquidation/run.js';
import { multiAssetAccountsWith } from './collateral-mode.js';
import { poolAssets } from './multi-asset-account.js';

function ruleOf(state: EngineState, command: CollateralAssetCommand): { rule: CollateralAssetRule; reference: string } {
  let base: CollateralAssetRule | undefined;
  let reference = command.reference ?? 'USD';
  if (command.snapshot !== undefined) {
    const rules = findVenue(state.profile.name)?.collateral ?? null;
    if (rules === null) throw new InputError(['snapshot'], `venue ${state.profile.name} has no collateral snapshots`);
    const snapshot = resolveCollateralSnapshot(rules, state.profile.name, { id: command.snapshot }, []);
    base = snapshot.assets.find((a) => a.asset === command.asset);
    if (base === undefined) throw new InputError(['asset'], `unknown collateral asset "${command.asset}" in snapshot ${snapshot.id} (collateral there: ${snapshot.assets.map((a) => a.asset).join(', ')})`);
    reference = command.reference ?? snapshot.reference;
  }
  let haircut: HaircutTable | undefined = base?.haircut;
  if (command.haircut !== undefined) {
    haircut = validateHaircutTable({ unit: command.haircut.unit, tiers: command.haircut.tiers.map((t) => ({ upTo: t.upTo ?? null, ratio: t.ratio })) }, ['haircut']);
  }
  if (haircut === undefined) throw new InputError(['haircut'], 'is required without a snapshot');
  return {
    reference,
    rule: {
      asset: command.asset,
      haircut,
      borrowable: command.borrowable ?? base?.borrowable ?? false,
      borrowInitialRate: command.borrowInitialRate ?? base?.borrowInitialRate ?? 0n,
      borrowMaintenanceRate: command.borrowMaintenanceRate ?? base?.borrowMaintenanceRate ?? 0n,
      borrowLimit: command.borrowLimit ?? base?.borrowLimit ?? null,
    },
  };
}

export function applyCollateralAsset(state: EngineState, command: CollateralAssetCommand, out: Sink): void {
  let resolved;
  try {
    resolved = ruleOf(state, command);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    out.reject(command.type, 'collateral_rule_invalid', error.message);
    return;
  }
  const { rule, reference } = resolved;
  const ledger = assetLedger(state, command.asset);
  const previous = ledger.collateral;
  const collateral: AssetCollateral = {
    reference,
    haircut: rule.haircut,
    borrowable: rule.borrowable,
    borrowInitialRate: rule.borrowInitialRate,
    borrowMaintenanceRate: rule.borrowMaintenanceRate,
    borrowLimit: rule.borrowLimit,
    snapshot: command.snapshot ?? null,
    indexPrice: previous?.indexPrice ?? null,
    bidPrice: previous?.bidPrice ?? null,
    askPrice: previous?.askPrice ?? null,
    priceTimeMs: previous?.priceTimeMs ?? null,
  };
  ledger.collateral = collateral;
  out.emit({
    type: 'collateralAssetSet',
    asset: command.asset,
    reference,
    snapshot: collateral.snapshot,
    unit: rule.haircut.unit,
    tiers: rule.haircut.tiers.map((t) => ({ upTo: t.upTo === null ? null : formatFixed(t.upTo), ratio: formatFixed(t.ratio) })),
    borrowable: rule.borrowable,
    borrowInitialRate: formatFixed(rule.borrowInitialRate),
    borrowMaintenanceRate: formatFixed(rule.borrowMaintenanceRate),
    borrowLimit: rule.borrowLimit === null ? null : formatFixed(rule.borrowLimit),
  });
}

export function applyCollateralPrices(state: EngineState, command: CollateralPricesCommand, out: Sink): void {
  // Every check before any change: a refused batch changes nothing.
  for (const item of command.prices) {
    const current = state.assets.get(item.asset)?.collateral;
    if (current === undefined) {
      out.reject(command.type, 'collateral_asset_not_found', `${item.asset} has no collateral rules (send collateralAsset first)`);
      return;
    }
    if (current.priceTimeMs !== null && command.time < current.priceTimeMs) {
      out.reject(command.type, 'price_stale', `${item.asset}: time is before its last collateral price time ${new Date(current.priceTimeMs).toISOString()}`);
      return;
    }
    if (item.bidBuffer !== undefined && item.bidBuffer >= ONE) {
      out.reject(command.type, 'collateral_rule_invalid', `${item.asset}: bidBuffer must be below 1`);
      return;
    }
  }
  const prices = command.prices.map((item) => {
    const ledger = assetLedger(state, item.asset);
    const current = ledger.collateral as AssetCollateral;
    const bidPrice = item.bidBuffer === undefined ? item.indexPrice : max(1n, mul(item.indexPrice, ONE - item.bidBuffer, 'floor'));
    const askPrice = item.askBuffer === undefined ? item.indexPrice : mul(item.indexPrice, ONE + item.askBuffer, 'ceil');
    ledger.collateral = { ...current, indexPrice: item.indexPrice, bidPrice, askPrice, priceTimeMs: command.time };
    return { asset: item.asset, indexPrice: formatFixed(item.indexPrice), bidPrice: formatFixed(bidPrice), askPrice: formatFixed(askPrice) };
  });
  out.emit({ type: 'collateralPricesUpdated', time: new Date(command.time).toISOString(), prices });
  // Multi-asset pools holding a repriced asset are reviewed (margin calls, credit bands, liquidation).
  reviewRisk(state, multiAssetAccountsWith(state, new Set(command.prices.map((item) => item.asset))), out);
}

export function applyCreditLine(state: EngineState, command: CreditLineCommand, out: Sink): void {
  const account = state.accounts.get(command.account);
  if (account === undefined) {
    out.reject(command.type, 'account_not_found');
    return;
  }
  let spec;
  try {
    spec = validateCreditLine({ limit: command.limit, used: command.used, bands: command.bands ?? null }, []);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    out.reject(command.type, 'credit_line_invalid', error.message);
    return;
  }
  account.creditLine = spec;
  out.emit({
    type: 'creditLineSet',
    account: account.id,
    limit: formatFixed(spec.limit),
    used: formatFixed(spec.used),
    available: formatFixed(max(0n, spec.limit - spec.used)),
    bands: spec.bands === null ? null : { initial: formatFixed(spec.bands.initial), marginCall: formatFixed(spec.bands.marginCall), liquidation: formatFixed(spec.bands.liquidation) },
  });
  // A multi-asset account's pool and LTV band change with its credit.
  const asset = account.collateralMode === null ? undefined : poolAssets(state, account)[0];
  if (asset !== undefined) reviewRisk(state, [{ account, asset }], out);
}
