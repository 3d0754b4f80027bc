/**
 * The population file of `margin simulate --population FILE` (CSV): one row per group of traders,
 * drawn by the run's seed, so a sweep of seeds draws the same groups differently.
 *
 * ```
 * group,count,symbol,side,leverageMin,leverageMax,depositMin,depositMax,isolated
 * retail,800,BTCUSDT,0.7,10,50,100,5000,0.3
 * whales,5,BTCUSDT,short,2,3,500000,2000000,0
 * ```
 *
 * `side` is `long`, `short` or the share of longs (0 to 1); leverage is drawn uniformly and capped
 * by the position's tier; deposits (settle asset) log-uniformly; `isolated` is the share of
 * isolated-margin accounts (default 0). A bad cell throws one error naming the line and field.
 */
import { InputError, SeriesInputError } from '@margin/core';

export interface PopulationGroup {
  readonly group: string;
  readonly count: number;
  readonly symbol: string;
  /** Share of long accounts: 1 all long, 0 all short. */
  readonly longShare: number;
  readonly leverageMin: number;
  readonly leverageMax: number;
  readonly depositMin: number;
  readonly depositMax: number;
  readonly isolatedShare: number;
}

const REQUIRED = ['group', 'count', 'symbol', 'side', 'leverageMin', 'leverageMax', 'depositMin', 'depositMax'] as const;
const OPTIONAL = ['isolated'] as const;
/** Accounts per file at most: the simulation keeps every account in memory. */
export const POPULATION_ACCOUNTS_MAX = 2_000_000;
const NUMBER = /^\d+(\.\d+)?$/;
const GROUP_NAME = /^[A-Za-z0-9_.-]{1,40}$/;

export function parsePopulationFile(text: string, label: string, symbols: readonly string[]): PopulationGroup[] {
  const lines = text.split(/\r\n|\n|\r/);
  const headerIndex = lines.findIndex((line) => line.trim() !== '');
  if (headerIndex < 0) throw new InputError([label], 'is empty: a header line and at least one group row are needed');
  const split = (line: string): string[] => line.split(',').map((cell) => cell.trim());
  const fields = split(lines[headerIndex] ?? '');
  for (const field of fields) {
    if (!(REQUIRED as readonly string[]).includes(field) && !(OPTIONAL as readonly string[]).includes(field)) {
      throw new SeriesInputError(label, headerIndex + 1, field, `unknown column; the columns are ${[...REQUIRED, ...OPTIONAL].join(', ')}`);
    }
  }
  for (const field of REQUIRED) if (!fields.includes(field)) throw new SeriesInputError(label, headerIndex + 1, field, 'column is missing');
  const groups: PopulationGroup[] = [];
  const names = new Set<string>();
  let accounts = 0;
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    if (raw.trim() === '') continue;
    const line = i + 1;
    const cells = split(raw);
    if (cells.length !== fields.length) throw new SeriesInputError(label, line, fields[Math.min(cells.length, fields.length - 1)] ?? 'group', `has ${cells.length} cells, the header ${fields.length}`);
    const cell = (field: string): string | undefined => {
      const index = fields.indexOf(field);
      return index < 0 ? undefined : cells[index];
    };
    const fail = (field: string, rule: string): never => {
      throw new SeriesInputError(label, line, field, rule);
    };
    const number = (field: string, rule: (value: number) => string | null): number => {
      const text = cell(field) ?? '';
      if (!NUMBER.test(text)) return fail(field, `must be a non-negative decimal, got "${text}"`);
      const value = Number(text);
      const problem = rule(value);
      return problem === null ? value : fail(field, `${problem}, got "${text}"`);
    };
    const group = cell('group') ?? '';
    if (!GROUP_NAME.test(group)) fail('group', `must be 1 to 40 letters, digits, "_", "." or "-", got "${group}"`);
    if (names.has(group)) fail('group', `"${group}" is named twice`);
    names.add(group);
    const count = number('count', (v) => (Number.isInteger(v) && v >= 1 ? null : 'must be a whole number of at least 1'));
    const symbol = cell('symbol') ?? '';
    if (!symbols.includes(symbol)) fail('symbol', `must be one of ${symbols.map((s) => `"${s}"`).join(', ')}, got "${symbol}"`);
    const side = cell('side') ?? '';
    const longShare = side === 'long' ? 1 : side === 'short' ? 0 : number('side', (v) => (v <= 1 ? null : 'must be "long", "short" or a long share from 0 to 1'));
    const leverageMin = number('leverageMin', (v) => (v >= 1 ? null : 'must be at least 1'));
    const leverageMax = number('leverageMax', (v) => (v >= leverageMin ? null : `must be at least leverageMin ${leverageMin}`));
    const depositMin = number('depositMin', (v) => (v > 0 ? null : 'must be greater than 0'));
    const depositMax = number('depositMax', (v) => (v >= depositMin ? null : `must be at least depositMin ${depositMin}`));
    const isolatedShare = cell('isolated') === undefined || cell('isolated') === '' ? 0 : number('isolated', (v) => (v <= 1 ? null : 'must be a share from 0 to 1'));
    accounts += count;
    if (accounts > POPULATION_ACCOUNTS_MAX) fail('count', `the file holds more than ${POPULATION_ACCOUNTS_MAX} accounts`);
    groups.push({ group, count, symbol, longShare, leverageMin, leverageMax, depositMin, depositMax, isolatedShare });
  }
  if (groups.length === 0) throw new InputError([label], 'has no group rows after the header');
  return groups;
}
