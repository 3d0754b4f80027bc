/**
 * A table of rows held in memory with the desk's tools (table-tools.ts): header-click sorting, a
 * row filter the page's selects set, and CSV export of the rows shown (filtered, in the order on
 * screen) with the exact strings the API sent. The page keeps drawing its own cells.
 */
import { downloadCsv, sortRows, sortableHeaders, type SortState } from './table-tools.js';

export interface RowTableOptions<T> {
  /** Initial sort; headers with `data-sort="<key>"` switch it. */
  readonly sort: SortState;
  /** The sort value of a row for a key: a number, a text, or null (last). */
  readonly sortValue: (row: T, key: string) => string | number | null;
  /** Draws the rows (already filtered and sorted) into the table. */
  readonly render: (rows: readonly T[]) => void;
  readonly csvHeader: readonly string[];
  readonly csvRow: (row: T) => readonly unknown[];
}

export class RowTable<T> {
  private rows: readonly T[] = [];
  private filter: (row: T) => boolean = () => true;

  constructor(
    table: HTMLElement,
    private readonly options: RowTableOptions<T>,
  ) {
    sortableHeaders(table, options.sort, () => this.draw());
  }

  /** New rows from the API (in the API's order); draws them filtered and sorted. */
  set(rows: readonly T[]): void {
    this.rows = rows;
    this.draw();
  }

  setFilter(filter: (row: T) => boolean): void {
    this.filter = filter;
    this.draw();
  }

  /** The rows as shown: filtered, then sorted. */
  shown(): T[] {
    return sortRows(this.rows.filter(this.filter), this.options.sort, this.options.sortValue);
  }

  exportCsv(filename: string): void {
    downloadCsv(filename, this.options.csvHeader, this.shown().map((row) => this.options.csvRow(row)));
  }

  private draw(): void {
    this.options.render(this.shown());
  }
}

/** A number from a decimal string for sorting (display order only; the CSV keeps the string). */
export function num(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}
