/**
 * The collateral step of a multi-asset liquidation (after positions): every loan (negative
 * balance) is covered by selling the account's other holdings at the index less the venue's
 * discount, pro rata to their value (Binance's auto-exchange) or asset by asset in a stated
 * priority (crypto.com), as far as the holdings go. Each conversion is returned with both
 * quantities so a ledger books each asset apart (conservation per asset).
 */
import { quantityToCover, quoteConversion } from './conversion.js';
import type { ConversionOrder } from './collateral-rules.js';
import type { AssetHolding } from './multi-asset-pool.js';
import { divRound, mul, type Fixed } from '../num/index.js';

export interface PlannedConversion {
  readonly fromAsset: string;
  readonly toAsset: string;
  readonly fromQuantity: Fixed;
  readonly toQuantity: Fixed;
  readonly fromIndex: Fixed;
  readonly toIndex: Fixed;
}

export function planLoanCover(holdings: readonly AssetHolding[], order: ConversionOrder, discount: Fixed): PlannedConversion[] {
  const left = new Map(holdings.map((h) => [h.asset, h.quantity]));
  const indexOf = new Map(holdings.map((h) => [h.asset, h.indexPrice]));
  const plan: PlannedConversion[] = [];
  const sell = (from: string, to: string, needed: Fixed): Fixed => {
    const available = left.get(from) ?? 0n;
    const fromIndex = indexOf.get(from) ?? 0n;
    const toIndex = indexOf.get(to) ?? 0n;
    if (needed <= 0n || available <= 0n || fromIndex <= 0n || toIndex <= 0n) return 0n;
    const quantity = quantityToCover(needed, fromIndex, toIndex, discount, available);
    if (quantity <= 0n) return 0n;
    const quote = quoteConversion(from, to, quantity, fromIndex, toIndex, discount);
    left.set(from, available - quantity);
    left.set(to, (left.get(to) ?? 0n) + quote.toQuantity);
    plan.push({ fromAsset: from, toAsset: to, fromQuantity: quantity, toQuantity: quote.toQuantity, fromIndex, toIndex });
    return quote.toQuantity;
  };
  for (const loan of holdings.filter((h) => h.quantity < 0n).map((h) => h.asset)) {
    const needed = -(left.get(loan) ?? 0n);
    if (needed <= 0n) continue;
    const sources = holdings.filter((h) => h.asset !== loan && (left.get(h.asset) ?? 0n) > 0n).map((h) => h.asset);
    if (order.kind === 'priority') {
      const ranked = [...order.assets.filter((a) => sources.includes(a)), ...sources.filter((a) => !order.assets.includes(a))];
      let remaining = needed;
      for (const from of ranked) remaining -= sell(from, loan, remaining);
      continue;
    }
    // Pro rata to each source's index value; each share rounded up so the shares cover the loan.
    const values = sources.map((a) => mul(left.get(a) ?? 0n, indexOf.get(a) ?? 0n, 'floor'));
    const total = values.reduce((s, v) => s + v, 0n);
    if (total <= 0n) continue;
    sources.forEach((from, i) => sell(from, loan, divRound(needed * (values[i] ?? 0n), total, 'ceil')));
  }
  return plan;
}
