/**
 * `convertCollateral`: the account sells `quantity` of one asset for another at the stated index
 * prices less the discount (core's `quoteConversion`, rounded down to the target's units). Two
 * ledger entries, one per asset, each with `clearing` (the converting counterparty), so every
 * asset's ledger still sums to zero. What the account could withdraw converts; beyond it the
 * wallet goes negative (a loan) only where the asset's collateral rules allow borrowing and the
 * multi-asset pool keeps its initial margin (borrow.ts).
 */
import { ONE, formatFixed, formatUnits, fromUnits as unitsToFixed, quoteConversion, toUnits } from '@margin/core';
import type { ConvertCollateralCommand } from '@margin/wire';
import { Entries, assetDecimals, assetLedger, system, wallet } from '../ledger/ledger.js';
import { reviewRisk } from '../liquidation/run.js';
import { exactAssetUnits, freeUnits } from './free-units.js';
import { loanRefusal } from './borrow.js';
import type { EngineState } from '../state/types.js';
import type { Sink } from '../events/sink.js';

export function applyConvertCollateral(state: EngineState, command: ConvertCollateralCommand, out: Sink): void {
  const account = state.accounts.get(command.account);
  if (account === undefined) {
    out.reject(command.type, 'account_not_found');
    return;
  }
  if (command.fromAsset === command.toAsset) {
    out.reject(command.type, 'conversion_same_asset', `fromAsset and toAsset are both ${command.fromAsset}`);
    return;
  }
  if (command.discount >= ONE) {
    out.reject(command.type, 'conversion_discount_invalid', `discount ${formatFixed(command.discount)} is not below 1`);
    return;
  }
  const fromUnits = exactAssetUnits(state, command.fromAsset, command.quantity);
  if (fromUnits === null) {
    out.reject(command.type, 'amount_precision_exceeded', `quantity has more than ${assetDecimals(state, command.fromAsset)} fraction digits for ${command.fromAsset}`);
    return;
  }
  const available = freeUnits(state, account.id, command.fromAsset);
  if (fromUnits > available) {
    // Beyond what is free: a loan of fromAsset, where its collateral rules allow one (borrow.ts).
    const loan = loanRefusal(state, account, command, fromUnits);
    if (loan !== null) {
      out.reject(command.type, loan.code, loan.code === 'available_balance_insufficient' ? `at most ${formatUnits(available, assetDecimals(state, command.fromAsset))} ${command.fromAsset} can be converted (${loan.detail})` : loan.detail);
      return;
    }
  }
  const quote = quoteConversion(command.fromAsset, command.toAsset, unitsToFixed(fromUnits, assetDecimals(state, command.fromAsset)), command.fromIndex, command.toIndex, command.discount);
  const toDecimals = assetDecimals(state, command.toAsset);
  const toUnitsReceived = toUnits(quote.toQuantity, toDecimals, 'floor');
  const fromLedger = assetLedger(state, command.fromAsset);
  assetLedger(state, command.toAsset);
  const entries = new Entries(state);
  entries.move(command.fromAsset, wallet(account), system('clearing'), fromUnits);
  if (toUnitsReceived > 0n) entries.move(command.toAsset, system('clearing'), wallet(account), toUnitsReceived);
  out.emit({
    type: 'collateralConverted',
    account: account.id,
    fromAsset: command.fromAsset,
    toAsset: command.toAsset,
    fromAmount: formatUnits(fromUnits, fromLedger.decimals),
    toAmount: formatUnits(toUnitsReceived, toDecimals),
    price: formatFixed(quote.price),
    discount: formatFixed(command.discount),
    entries: entries.list,
  });
  reviewRisk(state, [{ account, asset: command.fromAsset }, { account, asset: command.toAsset }], out);
}
