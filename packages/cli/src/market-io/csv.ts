/**
 * CSV series: a header row naming the fields, then one record per line. Parsed with csv-parse
 * (RFC 4180 quoting); each record keeps the line it started on for error messages. Empty cells
 * are left out, so optional fields may stay blank.
 */
import { parse } from 'csv-parse/sync';
import { InputError } from '@margin/core';

export interface CsvRecords {
  readonly rows: Array<Record<string, string>>;
  readonly lines: number[];
}

interface CsvParseError {
  readonly message: string;
  readonly lines?: number;
}

export function parseCsv(text: string, label: string): CsvRecords {
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(text, {
      columns: (header: string[]) => header.map((name) => name.trim()),
      skip_empty_lines: true,
      trim: true,
      info: true,
      bom: true,
    }) as Array<{ record: Record<string, string>; info: { lines: number } }>;
  } catch (error) {
    const problem = error as CsvParseError;
    const where = problem.lines === undefined ? label : `${label} line ${problem.lines}`;
    throw new InputError([where], `is not valid CSV: ${problem.message.replace(/^Invalid Record Length: /, 'record length: ')}`);
  }
  if (records.length === 0) throw new InputError([label], 'has no data rows (a header row and at least one record are needed)');
  const rows = records.map(({ record }) => {
    const row: Record<string, string> = {};
    for (const [key, value] of Object.entries(record)) if (value !== '') row[key] = value;
    return row;
  });
  return { rows, lines: records.map(({ info }) => info.lines) };
}
