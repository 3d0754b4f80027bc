/**
 * An account of the engine as a `margin risk` input (docs/risk-input.md), and that input under
 * every venue record (core `compareVenues`): what GET /v1/accounts/{account}/compare answers.
 * The input holds the account's wallet in one settle asset, its positions in that asset (size,
 * entry price, margin mode, the leverage set, the isolated balance) and their instruments at the
 * current marks with the tiers in force, so each venue's figures are `margin risk --profile
 * VENUE` over the same positions. Open-order margin is not part of the input.
 */
import { compareVenues, formatFixed, formatUnits, type CompareReport, type Fixed } from '@margin/core';
import type { EngineState } from '../state/types.js';

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The `margin risk` input of one account in one settle asset; null when the account or the asset has nothing. */
export function accountRiskInput(state: EngineState, accountId: string, asset?: string): Record<string, unknown> | null {
  const account = state.accounts.get(accountId);
  if (account === undefined) return null;
  const positions = [...account.positions.values()].sort((a, b) => byText(a.key, b.key));
  const settleOf = (symbol: string): string => state.markets.get(symbol)?.instrument.settle ?? '';
  const settle = asset ?? settleOf((positions.find((p) => p.margin === 'cross') ?? positions[0])?.symbol ?? '') ?? '';
  const chosen = settle === '' ? ([...account.wallets.keys()].sort()[0] ?? '') : settle;
  if (chosen === '') return null;
  const decimals = state.assets.get(chosen)?.decimals ?? 8;
  const held = positions.filter((p) => settleOf(p.symbol) === chosen);
  const symbols = [...new Set(held.map((p) => p.symbol))];
  const instruments = symbols.flatMap((symbol) => {
    const market = state.markets.get(symbol);
    if (market === undefined || market.markPrice === null) return [];
    const i = market.instrument;
    return [{
      symbol,
      kind: i.kind,
      settle: i.settle,
      contractSize: formatFixed(i.contractSize),
      markPrice: formatFixed(market.markPrice),
      tickSize: formatFixed(i.tickSize),
      ...(i.lotSize === null ? {} : { lotSize: formatFixed(i.lotSize) }),
      ...(i.expiryMs === null ? {} : { expiry: new Date(i.expiryMs).toISOString() }),
      ...(i.takerFeeRate === null ? {} : { takerFeeRate: formatFixed(i.takerFeeRate) }),
      tiers: i.tiers.map((tier) => ({ notionalFloor: formatFixed(tier.notionalFloor), maintenanceRate: formatFixed(tier.maintenanceRate), maintenanceAmount: formatFixed(tier.maintenanceAmount), maxLeverage: formatFixed(tier.maxLeverage) })),
    }];
  });
  const priced = new Set(instruments.map((i) => i.symbol));
  const leverageOf = (symbol: string): Fixed | null => account.settings.get(symbol)?.leverage ?? null;
  return {
    account: { balance: formatUnits(account.wallets.get(chosen) ?? 0n, decimals), positionMode: account.positionMode, asset: chosen },
    instruments,
    positions: held
      .filter((p) => priced.has(p.symbol))
      .map((p) => {
        const leverage = leverageOf(p.symbol);
        return {
          symbol: p.symbol,
          side: p.size > 0n ? 'long' : 'short',
          size: formatFixed(p.size < 0n ? -p.size : p.size),
          entryPrice: formatFixed(p.entryPrice),
          ...(leverage === null ? {} : { leverage: formatFixed(leverage) }),
          margin: p.margin,
          ...(p.margin === 'isolated' ? { isolatedBalance: formatUnits(p.isolatedUnits, decimals) } : {}),
        };
      }),
  };
}

/** The account under every venue that can hold it, and each venue's refusal; null when the account is unknown. */
export function compareAccount(state: EngineState, accountId: string, options: { asset?: string; premium?: Fixed } = {}): CompareReport | null {
  const input = accountRiskInput(state, accountId, options.asset);
  if (input === null) return null;
  return compareVenues(input, options.premium === undefined ? {} : { premium: options.premium });
}
