/**
 * Filtering and sorting of the accounts-at-risk list (`GET /v1/risk/accounts`): by symbol held,
 * settle asset, margin mode; sorted by the riskiest pool's ratio (default), the pool's equity or
 * maintenance margin, or the account id.
 */
import { fieldProblem } from '../problem.js';
import { queryText } from '../query.js';
import type { AccountSummary } from './risk-board.js';

export const RISK_SORT_KEYS = ['ratio', 'poolEquity', 'poolMaintenanceMargin', 'equity', 'account'] as const;
export type RiskSortKey = (typeof RISK_SORT_KEYS)[number];
export const MARGIN_MODES = ['cross', 'isolated'] as const;

export interface RiskFilter {
  readonly symbol?: string;
  readonly asset?: string;
  readonly mode?: (typeof MARGIN_MODES)[number];
  readonly sort: RiskSortKey;
  readonly order: 'asc' | 'desc';
}

function oneOf<T extends string>(query: unknown, name: string, allowed: readonly T[]): T | undefined {
  const value = queryText(query, name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw fieldProblem('query', [name], `must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

export function parseRiskFilter(query: unknown): RiskFilter {
  const symbol = queryText(query, 'symbol');
  const asset = queryText(query, 'asset');
  const mode = oneOf(query, 'mode', MARGIN_MODES);
  const sort = oneOf(query, 'sort', RISK_SORT_KEYS) ?? 'ratio';
  const order = oneOf(query, 'order', ['asc', 'desc'] as const) ?? (sort === 'account' ? 'asc' : 'desc');
  return { ...(symbol === undefined ? {} : { symbol }), ...(asset === undefined ? {} : { asset }), ...(mode === undefined ? {} : { mode }), sort, order };
}

function sortValue(s: AccountSummary, key: RiskSortKey): number {
  switch (key) {
    case 'ratio':
      return s.ratioValue;
    case 'poolEquity':
      return Number(s.pool?.equity ?? 0);
    case 'poolMaintenanceMargin':
      return Number(s.pool?.maintenanceMargin ?? 0);
    case 'equity':
      return Number(s.equity);
    case 'account':
      return 0;
  }
}

/** The board's list (riskiest first) filtered and, unless the default order, re-sorted. */
export function filterRiskAccounts(list: readonly AccountSummary[], filter: RiskFilter): readonly AccountSummary[] {
  let rows = list;
  if (filter.symbol !== undefined || filter.asset !== undefined || filter.mode !== undefined) {
    rows = rows.filter(
      (s) =>
        (filter.symbol === undefined || s.symbols.includes(filter.symbol)) &&
        (filter.asset === undefined || s.asset === filter.asset || s.pool?.asset === filter.asset) &&
        (filter.mode === undefined || s.modes.includes(filter.mode)),
    );
  }
  if (filter.sort === 'ratio' && filter.order === 'desc') return rows;
  const sign = filter.order === 'asc' ? 1 : -1;
  const byAccount = (a: AccountSummary, b: AccountSummary): number => (a.account < b.account ? -1 : a.account > b.account ? 1 : 0);
  return [...rows].sort((a, b) => (filter.sort === 'account' ? sign * byAccount(a, b) : sign * (sortValue(a, filter.sort) - sortValue(b, filter.sort)) || byAccount(a, b)));
}
