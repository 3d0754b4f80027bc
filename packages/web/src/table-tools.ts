/**
 * Tools every table of the desk shares: CSV export (the exact decimal strings the API sent, not the
 * rounded text on screen) and header-click sorting of rows held in memory.
 */

/** One CSV field: quoted when it holds a comma, quote or line break (RFC 4180). */
export function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvText(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return `${[header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** Saves `text` as a file through the browser's download. */
export function downloadCsv(filename: string, header: readonly string[], rows: readonly (readonly unknown[])[]): void {
  const blob = new Blob([csvText(header, rows)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

export interface SortState {
  key: string;
  order: 'asc' | 'desc';
}

/**
 * Makes the headers with `data-sort` clickable: a click on a new key sorts descending (ascending
 * for text keys marked `data-sort-text`), a second click flips the order. Marks the active header.
 */
export function sortableHeaders(table: HTMLElement, state: SortState, onChange: (state: SortState) => void): void {
  const mark = (): void => {
    for (const th of table.querySelectorAll<HTMLElement>('th[data-sort]')) {
      const active = th.dataset['sort'] === state.key;
      th.classList.toggle('sorted', active);
      th.dataset['order'] = active ? state.order : '';
      th.setAttribute('aria-sort', active ? (state.order === 'asc' ? 'ascending' : 'descending') : 'none');
    }
  };
  for (const th of table.querySelectorAll<HTMLElement>('th[data-sort]')) {
    th.classList.add('sortable');
    th.addEventListener('click', () => {
      const key = th.dataset['sort'] ?? '';
      if (key === state.key) state.order = state.order === 'asc' ? 'desc' : 'asc';
      else {
        state.key = key;
        state.order = th.dataset['sortText'] !== undefined ? 'asc' : 'desc';
      }
      mark();
      onChange(state);
    });
  }
  mark();
}

/** Sorts rows by a key read from each: numbers numerically (null last), text alphabetically. */
export function sortRows<T>(rows: readonly T[], state: SortState, read: (row: T, key: string) => string | number | null): T[] {
  const sign = state.order === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = read(a, state.key);
    const y = read(b, state.key);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    if (typeof x === 'number' && typeof y === 'number') return sign * (x - y) || 0;
    return sign * String(x).localeCompare(String(y));
  });
}
