/**
 * `margin risk` with a components profile (okx-pm) over several risk units at once: OKX margins
 * each unit alone, converts it to USD and sums the units, borrowing included (position builder:
 * `totalMmr` = sum of the units' `mmr` + `borrowMmr`). The file lists the units
 * (`units[]`: `currency`, `positions`, optional `liability` and `params`, as one unit's file);
 * each unit is exactly the single-unit report, and the account figures are their sum. Only linear
 * units (quote = USD) are summed: coin amounts of inverse units would not add up.
 */
import { z } from 'zod';
import { InputError } from '../errors.js';
import { formatFixed, parseFixed } from '../num/decimal.js';
import { list, record, text } from '../input/decimal-schema.js';
import { timeField } from '../input/market-fields.js';
import { parseWithSchema } from '../input/parse-with-schema.js';
import { portfolioRiskReport } from './portfolio-risk-report.js';

const accountSchema = record({
  profile: text('a portfolio profile name').optional(),
  time: timeField,
  units: list(z.unknown(), 1),
});

/** True when a `margin risk` document lists risk units (`units`) rather than one unit's positions. */
export function isPortfolioAccountInput(document: unknown): boolean {
  return typeof document === 'object' && document !== null && !Array.isArray(document) && 'units' in document;
}

type UnitReport = Extract<ReturnType<typeof portfolioRiskReport>['report'], { method: 'components' }>;

/** The account report: every unit's components report and their sums. */
export function portfolioAccountReport(input: unknown, profileOverride?: string) {
  const { value, warnings } = parseWithSchema(accountSchema, input);
  const raw = input as { time: unknown; profile?: unknown };
  const profile = profileOverride ?? value.profile;
  if (profile === undefined) throw new InputError(['profile'], 'is required (a components profile such as "okx-pm")');
  const all: string[] = [...warnings];
  const units: UnitReport[] = value.units.map((unit, i) => {
    if (typeof unit !== 'object' || unit === null || Array.isArray(unit)) throw new InputError(['units', i], 'must be an object');
    if ('profile' in unit || 'time' in unit) throw new InputError(['units', i], 'takes no profile or time: the file\'s apply to every unit');
    try {
      const { report, warnings: unitWarnings } = portfolioRiskReport({ ...unit, profile, time: raw.time });
      all.push(...unitWarnings.map((w) => `units[${i}].${w}`));
      if (report.method !== 'components') throw new InputError(profileOverride === undefined ? ['profile'] : ['--profile'], `units are summed for a components profile only (${profile} margins each settlement currency apart: one file per currency)`);
      if (report.settlement !== 'linear') throw new InputError(['units', i, 'currency'], `unit ${report.unit} is inverse: its amounts are coin and cannot be summed with the others`);
      return report;
    } catch (error) {
      if (error instanceof InputError && error.path[0] !== 'profile' && error.path[0] !== '--profile' && error.path[0] !== 'units') throw new InputError(['units', i, ...error.path], error.rule);
      throw error;
    }
  });
  const seen = new Set<string>();
  units.forEach((u, i) => {
    if (seen.has(u.unit)) throw new InputError(['units', i, 'currency'], `unit ${u.unit} is listed twice`);
    seen.add(u.unit);
  });
  const total = (pick: (u: UnitReport) => string): string => formatFixed(units.reduce((s, u) => s + parseFixed(pick(u)), 0n));
  const lines = (pick: (u: UnitReport) => UnitReport['explain']['maintenance']) => units.flatMap((u) => pick(u).map((l) => ({ kind: l.kind, label: `${u.unit}: ${l.label}`, amount: l.amount })));
  const report = {
    method: 'components-account' as const,
    profile,
    maintenance: total((u) => u.maintenance),
    initial: total((u) => u.initial),
    borrowMaintenance: total((u) => u.mr8),
    units,
    explain: { maintenance: lines((u) => u.explain.maintenance), initial: lines((u) => u.explain.initial) },
  };
  return { report, warnings: all };
}
export type PortfolioAccountReport = ReturnType<typeof portfolioAccountReport>['report'];
