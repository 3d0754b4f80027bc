/**
 * The what-if calculator's option part (issue 10): option instruments (from `/v1/instruments`)
 * are offered beside the futures, an option held is prefilled from its mark, and the answer shows
 * the option position, its mark and its margin before and after from the account risk's
 * `options[]` (the engine's figures as sent; the page computes nothing).
 */
import type { InstrumentJson, RiskJson } from '../api.js';
import { esc } from '../format.js';

interface OptionRow {
  symbol: string;
  side: string;
  size: string;
  markPrice: string;
  initialMargin: string;
  maintenanceMargin: string;
}

/** Options carry a `right` (call or put); futures never do. */
export function isOptionInstrument(instrument: InstrumentJson | undefined): boolean {
  return instrument?.right !== undefined;
}

export function optionRows(risk: RiskJson | null): OptionRow[] {
  return (risk as (RiskJson & { options?: OptionRow[] }) | null)?.options ?? [];
}

/** The label of a symbol in the what-if list: options carry their right, strike and expiry. */
export function whatIfLabel(instrument: InstrumentJson | undefined, symbol: string, held: boolean): string {
  const terms = instrument !== undefined && isOptionInstrument(instrument) ? ` (${instrument.right ?? ''} ${instrument.strike ?? ''}, ${(instrument.expiry ?? '').slice(0, 10)})` : '';
  return `${esc(symbol)}${esc(terms)}${held ? ' (held)' : ''}`;
}

/** Table rows of an option what-if: position, mark and the option's own IM and MM, now and after. */
export function optionWhatIfRows(before: RiskJson, after: RiskJson, symbol: string): string {
  const now = optionRows(before).find((o) => o.symbol === symbol);
  const then = optionRows(after).find((o) => o.symbol === symbol);
  const row = (label: string, a: string, b: string): string => `<tr data-option-field="${esc(label)}"><td class="text">${esc(symbol)} ${esc(label)}</td><td>${esc(a)}</td><td><b>${esc(b)}</b></td><td></td></tr>`;
  const position = (o: OptionRow | undefined): string => (o === undefined ? 'none' : `${o.side} ${o.size}`);
  return [
    row('position', position(now), position(then)),
    row('mark', now?.markPrice ?? '—', then?.markPrice ?? '—'),
    row('initial margin', now?.initialMargin ?? '0', then?.initialMargin ?? '0'),
    row('maintenance margin', now?.maintenanceMargin ?? '0', then?.maintenanceMargin ?? '0'),
  ].join('');
}
