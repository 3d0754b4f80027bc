/**
 * The insurance fund of every settle asset valued in one reference currency, so the overview's
 * headline is the whole fund and not the first asset alphabetically. A coin fund (BTC) is valued
 * at the last mark of the linear contract on that coin in the reference (BTCUSDT); without such a
 * mark the asset's value is null and the total says it is partial. Exact: each value is the
 * amount x mark in E18, and each shown figure (values and total) is rounded half-even to cents;
 * the total sums the exact values, then rounds once.
 */
import { ONE, formatFixed, mul, parseFixed, roundToStep, type Fixed } from '@margin/core';

const CENT: Fixed = ONE / 100n;
const cents = (value: Fixed): string => formatFixed(roundToStep(value, CENT, 'halfEven'), 2);

export interface FundValuation {
  readonly reference: string;
  /** Sum of the valued assets (reference currency, 2 decimals). */
  readonly total: string;
  /** True when every asset with a fund has a price. */
  readonly complete: boolean;
  readonly assets: readonly { asset: string; amount: string; priceSymbol: string | null; price: string | null; value: string | null }[];
}

/** The reference: the settle asset with the largest fund among those that quote others, USDT if present. */
export function referenceAsset(funds: Readonly<Record<string, string>>, markSymbols: readonly string[]): string {
  const quoted = Object.keys(funds).filter((asset) => markSymbols.some((symbol) => symbol.endsWith(asset) && symbol !== asset));
  if (quoted.includes('USDT')) return 'USDT';
  return quoted.sort()[0] ?? Object.keys(funds).sort()[0] ?? 'USDT';
}

export function valueFunds(funds: Readonly<Record<string, string>>, lastMark: (symbol: string) => string | null): FundValuation {
  const symbols = Object.keys(funds).flatMap((asset) => Object.keys(funds).map((quote) => `${asset}${quote}`));
  const reference = referenceAsset(funds, symbols.filter((s) => lastMark(s) !== null));
  let total: Fixed = 0n;
  let complete = true;
  const assets = Object.entries(funds)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([asset, amount]) => {
      if (asset === reference) {
        total += parseFixed(amount);
        return { asset, amount, priceSymbol: null, price: '1', value: cents(parseFixed(amount)) };
      }
      const priceSymbol = `${asset}${reference}`;
      const price = lastMark(priceSymbol);
      if (price === null) {
        if (parseFixed(amount) !== 0n) complete = false;
        return { asset, amount, priceSymbol: null, price: null, value: null };
      }
      const value = mul(parseFixed(amount), parseFixed(price), 'halfEven');
      total += value;
      return { asset, amount, priceSymbol, price, value: cents(value) };
    });
  return { reference, total: cents(total), complete, assets };
}
