/** Plain-text tables for terminals: right-aligned numbers, left-aligned text. */
export interface Column {
  readonly title: string;
  readonly align?: 'left' | 'right';
}

export function renderTable(columns: readonly Column[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = columns.map((column, i) => Math.max(column.title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const cell = (value: string, i: number): string => {
    const width = widths[i] ?? 0;
    return columns[i]?.align === 'left' ? value.padEnd(width) : value.padStart(width);
  };
  const lines = [columns.map((column, i) => cell(column.title, i)).join('  ')];
  lines.push(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) lines.push(row.map((value, i) => cell(value, i)).join('  '));
  return lines.map((line) => line.trimEnd()).join('\n');
}

/** Group thousands of a decimal string for display: 1535443.01 -> 1,535,443.01 */
export function groupThousands(value: string | null): string {
  if (value === null) return '--';
  const [whole = '', fraction] = value.split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = sign ? whole.slice(1) : whole;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}
