/**
 * A price series for dynamic margin models and backtests, read from CSV or JSON text.
 *
 * Prices become float64 here: volatility, quantiles and margin rates are scenario maths
 * (docs/precision.md); a rate becomes a decimal string only in a report, rounded up.
 *
 * Every bad row is refused with one error naming the line and the field: a gap (a missing price,
 * or a time step longer than `maxGapMs`), a price that is not a positive decimal, a time that is
 * not ISO 8601 or not after the previous row's.
 */
import { InputError, type PathSegment } from '../errors.js';
import { decodeJson } from '../input/json-text.js';

export interface PriceSeries {
  /** Row times as written (ISO 8601). */
  readonly times: readonly string[];
  readonly timesMs: Float64Array;
  readonly prices: Float64Array;
  /** Source line of each row (1-based), for messages. */
  readonly lines: Int32Array;
  /** Further numeric columns asked for (`openInterest`, `size`), by name. */
  readonly columns: ReadonlyMap<string, Float64Array>;
  /** Where the series came from, for messages (`prices.csv`). */
  readonly label: string;
}

export interface SeriesOptions {
  readonly format: 'csv' | 'json';
  /** Shown before `line N` in messages. */
  readonly label?: string;
  /** Time column; default the first of time, date, timestamp present. */
  readonly timeField?: string;
  /** Price column; default the first of price, close, mark present. */
  readonly priceField?: string;
  /** Extra numeric columns to read (each must be present on every row). */
  readonly extraFields?: readonly string[];
  /** Longest allowed step between rows; default 10 x the median step. */
  readonly maxGapMs?: number;
}

const TIME_FIELDS = ['time', 'date', 'timestamp'] as const;
const PRICE_FIELDS = ['price', 'close', 'mark'] as const;
const DECIMAL = /^-?(\d+(\.\d*)?|\.\d+)$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
/** Default gap rule: a step longer than this many median steps is a gap (a 7-day market closure passes on a daily series). */
export const GAP_MEDIAN_STEPS = 10;

/** An input error at a line and field of a series: `prices.csv line 12: close: must be greater than 0, got "-3"`. */
export class SeriesInputError extends InputError {
  readonly line: number;
  readonly field: string;
  constructor(label: string, line: number, field: string, rule: string) {
    super([field], rule);
    this.line = line;
    this.field = field;
    this.message = `${label} line ${line}: ${field}: ${rule}`;
  }
}

interface RawRow {
  readonly line: number;
  readonly get: (field: string) => string | undefined | { readonly notString: unknown };
}

function csvRows(text: string, label: string): { fields: string[]; rows: RawRow[] } {
  const lines = text.split(/\r\n|\n|\r/);
  const headerIndex = lines.findIndex((line) => line.trim() !== '');
  if (headerIndex < 0) throw new InputError([label], 'the series is empty: a header line and at least two rows are needed');
  const split = (line: string): string[] => line.split(',').map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'));
  const fields = split(lines[headerIndex] ?? '');
  const rows: RawRow[] = [];
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    const cells = split(line);
    rows.push({ line: i + 1, get: (field) => cells[fields.indexOf(field)] });
  }
  return { fields, rows };
}

/** 1-based line of each top-level array element's start in a JSON text (strings and escapes skipped). */
function elementLines(text: string, arrayDepth: number): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (depth === arrayDepth && c === '{') lines.push(line);
      depth++;
    } else if (c === '}' || c === ']') depth--;
  }
  return lines;
}

function jsonRows(text: string, label: string): { fields: string[]; rows: RawRow[] } {
  // decodeJson: syntax errors with line and column, a key twice in one object refused.
  const document = decodeJson(text, label);
  const wrapped = document !== null && typeof document === 'object' && !Array.isArray(document);
  const items = wrapped ? (document as { series?: unknown }).series : document;
  if (!Array.isArray(items)) throw new InputError([label], 'must be an array of rows, or an object with a "series" array of rows');
  const starts = elementLines(text, wrapped ? 2 : 1);
  const fields = new Set<string>();
  const rows: RawRow[] = items.map((item: unknown, index) => {
    const line = starts[index] ?? index + 1;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) throw new SeriesInputError(label, line, `series[${index}]`, 'must be an object with a time and a price');
    for (const key of Object.keys(item)) fields.add(key);
    const record = item as Record<string, unknown>;
    return {
      line,
      get: (field) => {
        const value = record[field];
        if (value === undefined || value === null) return undefined;
        return typeof value === 'string' ? value : { notString: value };
      },
    };
  });
  return { fields: [...fields], rows };
}

function pick(fields: readonly string[], asked: string | undefined, defaults: readonly string[], what: string, label: string): string {
  if (asked !== undefined) {
    if (!fields.includes(asked)) throw new InputError([label], `has no ${what} column "${asked}" (columns: ${fields.join(', ')})`);
    return asked;
  }
  const found = defaults.find((name) => fields.includes(name));
  if (found === undefined) throw new InputError([label], `has no ${what} column: name one ${defaults.join(', ')} or choose one (columns: ${fields.join(', ')})`);
  return found;
}

function cellText(row: RawRow, field: string, label: string, what: string): string {
  const value = row.get(field);
  if (value === undefined || value === '') throw new SeriesInputError(label, row.line, field, `gap: no ${what} in this row`);
  if (typeof value !== 'string') throw new SeriesInputError(label, row.line, field, `must be a decimal string (a JSON number may lose digits), got ${JSON.stringify(value.notString)}`);
  return value;
}

function positiveNumber(row: RawRow, field: string, label: string, allowZero: boolean): number {
  const text = cellText(row, field, label, field);
  if (!DECIMAL.test(text)) throw new SeriesInputError(label, row.line, field, `must be a decimal number, got "${text}"`);
  const value = Number(text);
  if (!Number.isFinite(value)) throw new SeriesInputError(label, row.line, field, `must be a finite number, got "${text}"`);
  if (allowZero ? value < 0 : value <= 0) throw new SeriesInputError(label, row.line, field, `must be ${allowZero ? 'at least 0' : 'greater than 0'}, got "${text}"`);
  return value;
}

/** A date-time without an offset is read as UTC (JavaScript would read it in the machine's zone). */
function utcIso(text: string): string {
  const iso = text.replace(' ', 'T');
  return iso.length > 10 && !/(Z|[+-]\d{2}:?\d{2})$/.test(iso) ? `${iso}Z` : iso;
}

function timeOf(row: RawRow, field: string, label: string): number {
  const text = cellText(row, field, label, 'time');
  const ms = /^\d{10,}$/.test(text) ? Number(text) : ISO_TIME.test(text) ? Date.parse(utcIso(text)) : Number.NaN;
  if (!Number.isFinite(ms)) throw new SeriesInputError(label, row.line, field, `must be an ISO 8601 date or time (2020-03-12, 2020-03-12T00:00:00Z) or epoch milliseconds, got "${text}"`);
  return ms;
}

function median(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export function formatDuration(ms: number): string {
  const units: Array<[number, string]> = [[86_400_000, 'day'], [3_600_000, 'hour'], [60_000, 'minute'], [1000, 'second']];
  for (const [size, name] of units) if (ms >= size && ms % size === 0) return `${ms / size} ${name}${ms === size ? '' : 's'}`;
  return `${ms} ms`;
}

/** Parse a price series; throws `SeriesInputError` naming the line and field of the first bad row. */
export function parsePriceSeries(text: string, options: SeriesOptions): PriceSeries {
  const label = options.label ?? 'series';
  const { fields, rows } = options.format === 'csv' ? csvRows(text, label) : jsonRows(text, label);
  if (rows.length < 2) throw new InputError([label], `needs at least two rows (one return), got ${rows.length}`);
  const timeField = pick(fields, options.timeField, TIME_FIELDS, 'time', label);
  const priceField = pick(fields, options.priceField, PRICE_FIELDS, 'price', label);
  const extras = options.extraFields ?? [];
  for (const extra of extras) pick(fields, extra, [extra], extra, label);
  const n = rows.length;
  const timesMs = new Float64Array(n);
  const prices = new Float64Array(n);
  const lines = new Int32Array(n);
  const times: string[] = [];
  const columns = new Map<string, Float64Array>(extras.map((name) => [name, new Float64Array(n)]));
  for (let i = 0; i < n; i++) {
    const row = rows[i] as RawRow;
    lines[i] = row.line;
    timesMs[i] = timeOf(row, timeField, label);
    times.push(cellText(row, timeField, label, 'time'));
    if (i > 0 && (timesMs[i] as number) <= (timesMs[i - 1] as number)) {
      throw new SeriesInputError(label, row.line, timeField, `times must increase: "${times[i]}" is not after "${times[i - 1]}" (line ${lines[i - 1]})`);
    }
    prices[i] = positiveNumber(row, priceField, label, false);
    for (const [name, column] of columns) column[i] = positiveNumber(row, name, label, true);
  }
  const steps = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) steps[i - 1] = (timesMs[i] as number) - (timesMs[i - 1] as number);
  const maxGapMs = options.maxGapMs ?? GAP_MEDIAN_STEPS * median(steps);
  for (let i = 1; i < n; i++) {
    const step = steps[i - 1] as number;
    if (step > maxGapMs) {
      throw new SeriesInputError(
        label,
        lines[i] as number,
        timeField,
        `gap: ${formatDuration(step)} after "${times[i - 1]}" is longer than the largest allowed step, ${formatDuration(maxGapMs)}${options.maxGapMs === undefined ? ` (${GAP_MEDIAN_STEPS} x the median step; --max-gap sets it)` : ''}`,
      );
    }
  }
  return { times, timesMs, prices, lines, columns, label };
}

/** A series from plain arrays (generators, tests), checked like parsed input. */
export function seriesOf(timesMs: ArrayLike<number>, prices: ArrayLike<number>, label = 'series', columns: ReadonlyMap<string, Float64Array> = new Map()): PriceSeries {
  const n = prices.length;
  if (timesMs.length !== n) throw new InputError([label], `times (${timesMs.length}) and prices (${n}) differ in length`);
  const times: string[] = [];
  for (let i = 0; i < n; i++) {
    const p = prices[i] as number;
    if (!(p > 0) || !Number.isFinite(p)) throw new SeriesInputError(label, i + 1, 'price', `must be greater than 0, got ${p}`);
    if (i > 0 && (timesMs[i] as number) <= (timesMs[i - 1] as number)) throw new SeriesInputError(label, i + 1, 'time', 'times must increase');
    times.push(new Date(timesMs[i] as number).toISOString());
  }
  const lines = new Int32Array(n);
  for (let i = 0; i < n; i++) lines[i] = i + 1;
  return { times, timesMs: Float64Array.from(timesMs), prices: Float64Array.from(prices), lines, columns, label };
}

const DURATION_UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `10d`, `36h`, `90m`, `30s`, `500ms` -> milliseconds. */
export function parseDuration(text: string, path: readonly PathSegment[]): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  const value = match === null ? Number.NaN : Number(match[1]) * (DURATION_UNITS[match[2] as string] as number);
  if (!(value > 0)) throw new InputError(path, `must be a positive duration such as 10d, 36h, 90m, 30s or 500ms, got "${text}"`);
  return value;
}
