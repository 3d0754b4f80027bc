/**
 * Standard margin of many accounts at one set of marks, exactly (bigint), in one pass: the short
 * option rule depends only on the series and its marks (Deribit, OKX), so it is computed once per
 * series; each account then sums quantity x per-coin requirement per short position (rounded up
 * per position, as `computeStandardAccount` does) and its futures' size-based requirement.
 * Struct of arrays: account a holds positions offsets[a] .. offsets[a + 1] - 1.
 */
import { mul, type Fixed } from '../num/fixed.js';
import { divRound } from '../num/rounding.js';
import { shortOptionPerCoin, type ShortOptionInputs } from './formulas.js';
import type { OptionMarginFormula, SizeBasedFuturesSnapshot } from './rules.js';

const E18 = 10n ** 18n;
const E18_MINUS_ONE = E18 - 1n;

export interface BatchBook {
  /** Option series: inputs of the rule at the current marks (entry unused by these rules). */
  readonly series: readonly ShortOptionInputs[];
  /** Futures symbols: mark price (quote) and contract size (quote value, inverse). */
  readonly futuresMarks: readonly Fixed[];
  readonly futuresContractSize: readonly Fixed[];
  readonly offsets: Int32Array;
  /** Per position: option series index, or -1 - futures index. */
  readonly instrument: Int32Array;
  /** Per position: signed coins (options) or signed contracts (futures). */
  readonly quantity: readonly bigint[];
}

export interface BatchResult {
  readonly initialMargin: Fixed[];
  readonly maintenanceMargin: Fixed[];
}


export function standardMarginBatch(book: BatchBook, formula: OptionMarginFormula, futures: SizeBasedFuturesSnapshot): BatchResult {
  const perCoin = book.series.map((inputs) => shortOptionPerCoin(formula, inputs));
  const accounts = book.offsets.length - 1;
  const initialMargin: Fixed[] = new Array<Fixed>(accounts);
  const maintenanceMargin: Fixed[] = new Array<Fixed>(accounts);
  for (let a = 0; a < accounts; a++) {
    let im = 0n;
    let mm = 0n;
    const end = book.offsets[a + 1] ?? 0;
    for (let p = book.offsets[a] ?? 0; p < end; p++) {
      const which = book.instrument[p] ?? 0;
      const quantity = book.quantity[p] ?? 0n;
      if (which >= 0) {
        if (quantity >= 0n) continue; // a long needs its premium only
        const requirement = perCoin[which];
        if (requirement === undefined) continue;
        // ceil(x / E18) for x >= 0, inline (the hot loop): (x + E18 - 1) / E18.
        im += (-quantity * requirement.initial + E18_MINUS_ONE) / E18;
        mm += (-quantity * requirement.maintenance + E18_MINUS_ONE) / E18;
      } else {
        const f = -1 - which;
        const size = quantity < 0n ? -quantity : quantity;
        // Inverse future: notional in coin = contracts x contract size / mark, rounded up.
        const notional = divRound(size * (book.futuresContractSize[f] ?? 0n), book.futuresMarks[f] ?? 1n, 'ceil');
        const sizeTerm = mul(futures.ratePerCoin, notional, 'ceil');
        im += (notional * (futures.initialBase + sizeTerm) + E18_MINUS_ONE) / E18;
        mm += (notional * (futures.maintenanceBase + sizeTerm) + E18_MINUS_ONE) / E18;
      }
    }
    initialMargin[a] = im;
    maintenanceMargin[a] = mm;
  }
  return { initialMargin, maintenanceMargin };
}

/**
 * Float64 filter (docs/precision.md: float only as a filter): the same sums in float64 from the
 * exact per-series requirements, and the accounts whose equity lies within the stated error bound
 * of their maintenance margin or below it. Only those need the exact kernel (`standardMarginBatch`
 * over the flagged accounts) before anything acts; the filter never misses one (property test).
 * Bound: 1e-9 relative to the account's summed requirement plus 1e-9 absolute, far above the
 * float rounding of 20-odd products and sums (about 1e-14 relative).
 */
export const FILTER_RELATIVE_BOUND = 1e-9;

/** Float copies of the book's quantities, kept beside the exact ones (built once, not per scan). */
export function floatQuantities(book: BatchBook): Float64Array {
  return Float64Array.from(book.quantity, (q) => Number(q) / 1e18);
}

export function maintenanceFilter(
  book: BatchBook,
  formula: OptionMarginFormula,
  futures: SizeBasedFuturesSnapshot,
  equity: Float64Array,
  quantity: Float64Array = floatQuantities(book),
): Int32Array {
  const perCoinMm = Float64Array.from(book.series.map((inputs) => Number(shortOptionPerCoin(formula, inputs).maintenance) / 1e18));
  const marks = book.futuresMarks.map((mark) => Number(mark) / 1e18);
  const sizes = book.futuresContractSize.map((size) => Number(size) / 1e18);
  const base = Number(futures.maintenanceBase) / 1e18;
  const k = Number(futures.ratePerCoin) / 1e18;
  const flagged: number[] = [];
  const accounts = book.offsets.length - 1;
  for (let a = 0; a < accounts; a++) {
    let mm = 0;
    const end = book.offsets[a + 1] ?? 0;
    for (let p = book.offsets[a] ?? 0; p < end; p++) {
      const which = book.instrument[p] ?? 0;
      const q = quantity[p] ?? 0;
      if (which >= 0) {
        if (q < 0) mm -= q * (perCoinMm[which] ?? 0);
      } else {
        const f = -1 - which;
        const notional = (Math.abs(q) * (sizes[f] ?? 0)) / (marks[f] ?? 1);
        mm += notional * (base + k * notional);
      }
    }
    const e = equity[a] ?? 0;
    if (e - mm <= FILTER_RELATIVE_BOUND * (mm + Math.abs(e)) + FILTER_RELATIVE_BOUND) flagged.push(a);
  }
  return Int32Array.from(flagged);
}

/** The accounts `which` of a book as a book of their own (for the exact confirmation of flagged accounts). */
export function subBook(book: BatchBook, which: Int32Array): BatchBook {
  const offsets = new Int32Array(which.length + 1);
  const instrument: number[] = [];
  const quantity: bigint[] = [];
  which.forEach((a, i) => {
    offsets[i] = instrument.length;
    for (let p = book.offsets[a] ?? 0; p < (book.offsets[a + 1] ?? 0); p++) {
      instrument.push(book.instrument[p] ?? 0);
      quantity.push(book.quantity[p] ?? 0n);
    }
  });
  offsets[which.length] = instrument.length;
  return { ...book, offsets, instrument: Int32Array.from(instrument), quantity };
}
