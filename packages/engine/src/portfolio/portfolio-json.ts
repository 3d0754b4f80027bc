/**
 * The portfolio breakdown of an account in portfolio margin, as the account risk report carries
 * it (`portfolio` in `accountRiskJson`; schema `portfolioBreakdownJsonSchema` in @margin/wire):
 * per parameter group the `margin risk --json` report of its positions (each scenario's P&L by
 * position, the worst scenario, the components or charges), and the explanation lines of all
 * groups, which sum exactly to the account's initial and maintenance requirement.
 */
import { componentsReportJson, floatText, formatFixed, gridReportJson, PORTFOLIO_VENUES, type PmLine } from '@margin/core';
import type { Account, EngineState } from '../state/types.js';
import { accountRequirement } from './portfolio-account.js';
import type { HeldPosition } from './portfolio-position.js';
import type { HeldOption } from './portfolio-options.js';
import { spanBreakdownJson } from './span-json.js';

function notModelledOf(model: string): readonly string[] {
  return PORTFOLIO_VENUES.find((v) => v.name === model)?.notModelled ?? [];
}

/** The breakdown of the account's cross positions in one settle asset; null when the account is not in portfolio margin. */
export function portfolioBreakdownJson(state: EngineState, account: Account, positions: readonly (HeldPosition & { readonly margin: string })[], options: readonly HeldOption[] = []) {
  const requirement = accountRequirement(state, account, positions, options);
  if (requirement === null) return null;
  const venue = { name: requirement.model, notModelled: notModelledOf(requirement.model) };
  const line = (group: string) => (l: PmLine) => ({ group, kind: l.kind, label: l.label, amount: formatFixed(l.amount) });
  const groups = requirement.groups.map((group) => {
    const bySymbol = new Map([...positions.map((p) => [p.key, p.symbol] as const), ...options.map((o) => [o.symbol, o.symbol] as const)]);
    return {
      key: group.key,
      positions: group.priced.map((p, i) => ({
        id: group.positionKeys[i] ?? p.position.id,
        symbol: bySymbol.get(group.positionKeys[i] ?? '') ?? '',
        quantity: floatText(p.position.quantity),
        multiplier: floatText(p.position.multiplier),
        forward: floatText(p.forward),
      })),
      report:
        group.result.method === 'grid'
          ? gridReportJson(venue, group.settlement, group.result.value, group.positionKeys)
          : componentsReportJson(venue, group.settlement, group.result.value, group.positionKeys),
    };
  });
  const span = requirement.span === undefined ? null : spanBreakdownJson(requirement.span, requirement);
  return {
    model: requirement.model,
    valuationTime: new Date(requirement.nowMs).toISOString(),
    initial: formatFixed(requirement.initial),
    maintenance: formatFixed(requirement.maintenance),
    groups,
    explain:
      span === null
        ? {
            maintenance: requirement.groups.flatMap((g) => g.explain.maintenance.map(line(g.key))),
            initial: requirement.groups.flatMap((g) => g.explain.initial.map(line(g.key))),
          }
        : span.explain,
    // SPAN accounts only (ADR 0035): the set, the positions as SPAN contracts, and `margin span --json`'s report of them.
    ...(span === null ? {} : { span: span.value }),
  };
}
export type PortfolioBreakdownJson = NonNullable<ReturnType<typeof portfolioBreakdownJson>>;
