/**
 * Display formatting. The API sends exact decimal strings; the page rounds them only for reading,
 * always with the unit next to the number, grouped thousands and a fixed number of decimals per
 * asset so columns line up and do not jump as values change.
 */

/** Decimals shown per asset (money) — enough to see a fee, not so many that columns wobble. */
const ASSET_DECIMALS: Record<string, number> = { USDT: 2, USDC: 2, USD: 2, BTC: 6, ETH: 5 };

export function assetDecimals(asset: string | null | undefined): number {
  return asset === null || asset === undefined ? 2 : (ASSET_DECIMALS[asset] ?? 4);
}

const formatters = new Map<string, Intl.NumberFormat>();

function numberFormat(min: number, max: number, compact = false): Intl.NumberFormat {
  const key = `${min}:${max}:${compact}`;
  let f = formatters.get(key);
  if (f === undefined) {
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: min, maximumFractionDigits: max, ...(compact ? { notation: 'compact' } : {}) });
    formatters.set(key, f);
  }
  return f;
}

function toNumber(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

export const DASH = '—';

/** `12,345.67 USDT` */
export function money(value: string | number | null | undefined, asset: string | null | undefined, signed = false): string {
  const n = toNumber(value);
  if (n === null) return DASH;
  const d = assetDecimals(asset);
  const text = numberFormat(d, d).format(n);
  const sign = signed && n > 0 ? '+' : '';
  return `${sign}${text}${asset ? ` ${asset}` : ''}`;
}

/** An amount with its asset's decimals but no unit (the unit is in the column header). */
export function amount(value: string | number | null | undefined, asset: string | null | undefined): string {
  const n = toNumber(value);
  if (n === null) return DASH;
  const d = assetDecimals(asset);
  return numberFormat(d, d).format(n);
}

/** Large amounts in compact form for KPI tiles: `138.4M USDT`. */
export function compactMoney(value: string | number | null | undefined, asset: string | null | undefined): string {
  const n = toNumber(value);
  if (n === null) return DASH;
  if (Math.abs(n) < 10_000) return money(n, asset);
  return `${numberFormat(1, 1, true).format(n)}${asset ? ` ${asset}` : ''}`;
}

/** A price with the decimals it was quoted with (tick), grouped: `65,052.4`. */
export function price(value: string | null | undefined, quote?: string): string {
  if (value === null || value === undefined) return DASH;
  const n = toNumber(value);
  if (n === null) return DASH;
  const dot = value.indexOf('.');
  const decimals = Math.min(dot < 0 ? 0 : value.length - dot - 1, 8);
  return `${numberFormat(decimals, decimals).format(n)}${quote ? ` ${quote}` : ''}`;
}

const tickDecimals = new Map<string, number>();

/** Remembers each symbol's tick decimals (from /v1/instruments) so its prices always show them all. */
export function setTickSizes(instruments: readonly { symbol: string; tickSize: string }[]): void {
  for (const i of instruments) {
    const dot = i.tickSize.indexOf('.');
    tickDecimals.set(i.symbol, dot < 0 ? 0 : i.tickSize.length - dot - 1);
  }
}

/** A price of `symbol` with its tick's decimals and its quote unit: `65,000.0 USDT`. */
export function symbolPrice(symbol: string, value: string | number | null | undefined, withUnit = true): string {
  const n = toNumber(value);
  if (n === null) return DASH;
  const d = tickDecimals.get(symbol);
  const text = d === undefined ? price(String(value)) : numberFormat(d, d).format(n);
  const quote = quoteOf(symbol);
  return withUnit && quote ? `${text} ${quote}` : text;
}

/** A price rounded to a fixed number of decimals (chart axes, tables where ticks differ). */
export function priceFixed(value: number | string | null | undefined, decimals: number): string {
  const n = toNumber(value);
  return n === null ? DASH : numberFormat(decimals, decimals).format(n);
}

/** A ratio as a percentage: `0.0221190443` -> `2.21 %`. */
export function percent(value: string | number | null | undefined, decimals = 2): string {
  const n = toNumber(value);
  if (n === null) return DASH;
  return `${numberFormat(decimals, decimals).format(n * 100)} %`;
}

/** A funding rate in percent with enough digits for basis points: `0.0100 %`. */
export function rate(value: string | number | null | undefined): string {
  return percent(value, 4);
}

export function count(value: number | string | null | undefined): string {
  const n = toNumber(value);
  return n === null ? DASH : numberFormat(0, 0).format(n);
}

/** Contracts with up to 4 decimals: `2,127.498`. */
export function contracts(value: string | number | null | undefined): string {
  const n = toNumber(value);
  return n === null ? DASH : numberFormat(0, 4).format(n);
}

export function time(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return DASH;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return DASH;
  return date.toLocaleTimeString('en-GB', { hour12: false });
}

export function dateTime(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return DASH;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return DASH;
  return `${date.toLocaleDateString('en-CA')} ${date.toLocaleTimeString('en-GB', { hour12: false })}`;
}

/** The quote currency of a symbol for price labels (BTCUSDT -> USDT, BTCUSD -> USD). */
export function quoteOf(symbol: string): string {
  for (const quote of ['USDT', 'USDC', 'USD']) if (symbol.endsWith(quote)) return quote;
  return '';
}

/** Escapes text for innerHTML templates. */
export function esc(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** Risk colour class of a margin ratio (MM / equity): the engine's margin-call levels 80 / 90 / 100 %. */
export function ratioClass(value: string | number | null | undefined, liquidatable = false): string {
  const n = toNumber(value);
  if (liquidatable || n === null) return n === null && !liquidatable ? '' : 'risk-liq';
  if (n >= 0.9) return 'risk-call';
  if (n >= 0.8) return 'risk-warn';
  if (n >= 0.5) return 'risk-mid';
  return 'risk-ok';
}
