/**
 * Option trading fee per trade: min(takerRate x index, cap x premium) per coin, times the coins
 * traded (Bybit: "(0.03% x 42,000, 12.5% x 3,500) Min x 0.3 = 3.78"), rounded up (a charge).
 * Without a cap the fee is takerRate x index x coins; without a rate, none.
 */
import { min, type Fixed } from '../num/fixed.js';
import { divRound } from '../num/rounding.js';

const E36 = 10n ** 36n;

export function optionTradeFee(takerFeeRate: Fixed | null, feeCapOfPremium: Fixed | null, index: Fixed, price: Fixed, quantityCoins: Fixed): Fixed {
  if (takerFeeRate === null || takerFeeRate === 0n) return 0n;
  // Per-coin amounts kept exact (scale E36) so only the final product rounds.
  const byRate = takerFeeRate * index;
  const perCoin = feeCapOfPremium === null ? byRate : min(byRate, feeCapOfPremium * price);
  return divRound(perCoin * quantityCoins, E36, 'ceil');
}
