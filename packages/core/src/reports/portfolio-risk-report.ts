/**
 * `margin risk` with a crypto portfolio profile (deribit-pm, okx-pm): parse the priced positions,
 * look the profile up in the portfolio venue registry and run its method (grid or components).
 */
import { InputError } from '../errors.js';
import { formatFixed } from '../num/decimal.js';
import { portfolioParams } from '../venues/portfolio-venue.js';
import { portfolioVenue } from '../venues/portfolio-registry.js';
import { computeDeribitPm, explainDeribitPm, type DeribitPmResult } from '../portfolio/deribit-pm/compute.js';
import { computeOkxPm, explainOkxPm, type OkxPmResult } from '../portfolio/okx-pm/compute.js';
import { parsePmPortfolio, withImpliedVolatility } from '../input/portfolio-input.js';
import { componentsParamsWith, gridParamsWith } from '../input/pm-params-input.js';
import { floatText, lineJson } from '../portfolio/report.js';

/** The grid report (`margin risk --json`, method grid) of a computed result; `ids` name the positions in order. */
export function gridReportJson(venue: { readonly name: string; readonly notModelled: readonly string[] }, settlement: 'linear' | 'inverse', result: DeribitPmResult, ids: readonly string[]) {
  const pnlRows = (byPosition: readonly number[]) => byPosition.map((pnl, i) => ({ id: ids[i] ?? '', pnl: floatText(pnl) }));
  const explained = explainDeribitPm(result);
  const worst = result.cells[result.worstCell];
  return {
    method: 'grid' as const,
    profile: venue.name,
    currency: result.currency,
    settlement,
    maintenance: formatFixed(result.maintenance),
    initial: formatFixed(result.initial),
    worstCase: formatFixed(result.worstCase),
    rollShock: formatFixed(result.rollShock),
    maintenanceFactor: result.maintenanceFactor,
    worstCell: worst === undefined ? null : { table: worst.table, move: floatText(worst.move), vol: worst.vol, byPosition: pnlRows(worst.pnlByPosition) },
    grid: result.cells.map((c) => ({ table: c.table, move: floatText(c.move), vol: c.vol, weight: floatText(c.weight), pnl: floatText(c.aggregated), byPosition: pnlRows(c.pnlByPosition) })),
    explain: { maintenance: explained.maintenance.map(lineJson), initial: explained.initial.map(lineJson) },
    notModelled: venue.notModelled,
  };
}

/** The components report (`margin risk --json`, method components) of a computed result. */
export function componentsReportJson(venue: { readonly name: string; readonly notModelled: readonly string[] }, settlement: 'linear' | 'inverse', result: OkxPmResult, ids: readonly string[]) {
  const pnlRows = (byPosition: readonly number[]) => byPosition.map((pnl, i) => ({ id: ids[i] ?? '', pnl: floatText(pnl) }));
  const explained = explainOkxPm(result);
  const worst = result.mr1Cells[result.mr1WorstCell];
  return {
    method: 'components' as const,
    profile: venue.name,
    unit: result.unit,
    settlement,
    maintenance: formatFixed(result.maintenance),
    initial: formatFixed(result.initial),
    mr1: formatFixed(result.mr1),
    mr4: formatFixed(result.mr4),
    mr6: formatFixed(result.mr6),
    mr7: formatFixed(result.mr7),
    mr8: formatFixed(result.mr8),
    binding: result.binding,
    reductionMultiplier: floatText(result.reductionMultiplier),
    initialFactor: result.initialFactor,
    worstCell: worst === undefined ? null : { move: floatText(worst.move), vol: worst.vol, byPosition: pnlRows(worst.pnlByPosition) },
    grid: result.mr1Cells.map((c) => ({ move: floatText(c.move), vol: c.vol, pnl: floatText(c.pnl), byPosition: pnlRows(c.pnlByPosition) })),
    explain: { maintenance: explained.maintenance.map(lineJson), initial: explained.initial.map(lineJson) },
    notModelled: venue.notModelled,
  };
}

/** The report of a crypto portfolio profile (`margin risk` with `deribit-pm` or `okx-pm`). */
export function portfolioRiskReport(input: unknown, profileOverride?: string) {
  const { value, warnings } = parsePmPortfolio(input);
  const name = profileOverride ?? value.profile;
  if (name === null) throw new InputError(['profile'], 'is required (a portfolio profile such as "deribit-pm" or "okx-pm")');
  const venue = portfolioVenue(name, profileOverride === undefined ? ['profile'] : ['--profile']);
  const ids = value.positions.map((p) => p.position.id);
  if (venue.method === 'grid') {
    const set = gridParamsWith(portfolioParams(venue.currencies, value.currency, venue.name, ['currency']), value.params);
    const params = set.value;
    const result = computeDeribitPm(params, withImpliedVolatility(value, params.settlement), value.nowMs);
    return { report: gridReportJson(venue, params.settlement, result, ids), warnings: [...warnings, ...set.warnings] };
  }
  if (venue.method === 'components') {
    const set = componentsParamsWith(portfolioParams(venue.units, value.currency, venue.name, ['currency']), value.params);
    const params = set.value;
    const result = computeOkxPm(params, withImpliedVolatility(value, params.settlement), value.nowMs, value.liability);
    return { report: componentsReportJson(venue, params.settlement, result, ids), warnings: [...warnings, ...set.warnings] };
  }
  throw new InputError(profileOverride === undefined ? ['profile'] : ['--profile'], `profile ${venue.name} reads a risk parameter file: use margin span --params FILE --portfolio FILE`);
}
export type PortfolioRiskReport = ReturnType<typeof portfolioRiskReport>['report'];
