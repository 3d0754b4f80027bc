/**
 * The grid kernel with option rows (grid-scan.ts with volatility cells) against the exact path
 * (core's `computeDeribitPm`, what the engine confirms with), for the inverse BTC and the linear
 * USDC tables: random books of futures and calls and puts (expiries from hours to months), then
 * rounds of forward moves, mark-IV changes, the valuation time moving (every option row re-priced:
 * its time value and its volatility shocks change with the time left) and options expiring (their
 * holders drop them and rebuild; the row is listed again with a later expiry). Each change is
 * carried lazily into the holders (`repriceRow` then `carry`, the engine's path). After every
 * round: every account's float maintenance and equity within the stated bound of the exact ones,
 * and an account the bound test (`levelMayChange`) does not flag has the same liquidation status
 * and threshold side exactly as in float: the filter never hides a crossing.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeDeribitPm, fixedToNumber, portfolioVenue, positionValue, type DeribitPmParams, type PricedPosition } from '@margin/core';
import { rng } from '../testing/grid-stream.js';
import { levelMayChange } from './components-scan.js';
import { GridScan } from './grid-scan.js';

const venue = portfolioVenue('deribit-pm');
const NOW = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const FUTURES = 4;
const INSTRUMENTS = 12;
const ACCOUNTS = 200;

interface Row {
  forward: number;
  volatility: number;
  expiryMs: number;
}

function run(currency: 'BTC' | 'USDC', seed: number): { checked: number; unflagged: number } {
  const params: DeribitPmParams | undefined = venue.method === 'grid' ? venue.currencies[currency] : undefined;
  assert.ok(params !== undefined);
  const inverse = params.settlement === 'inverse';
  const random = rng(seed);
  let now = NOW;
  // Rows 0-3 futures (10 USD contracts inverse: multiplier 10 / F; 0.01 BTC linear), 4-11 options (1 BTC inverse, 0.01 linear).
  const rows: Row[] = Array.from({ length: INSTRUMENTS }, (_, row) => ({
    forward: 30000 * (0.97 + 0.06 * random()),
    volatility: 0.3 + 0.5 * random(),
    expiryMs: NOW + (row % 3 === 0 ? 6 * HOUR : (row % 4) * 20 * DAY + 2 * DAY),
  }));
  const shape = (row: number, quantity: number): PricedPosition => {
    const r = rows[row] as Row;
    if (row < FUTURES) return { position: { kind: 'future', id: `F${row}`, underlying: 'BTC', quantity, multiplier: inverse ? 10 / r.forward : 0.01, expiryMs: null }, forward: r.forward, volatility: null };
    const optionType = row % 2 === 0 ? 'call' : 'put';
    const strike = 24000 + 1500 * (row - FUTURES);
    return { position: { kind: 'option', id: `O${row}`, underlying: 'BTC', quantity, multiplier: inverse ? 1 : 0.01, optionType, strike, expiryMs: r.expiryMs }, forward: r.forward, volatility: r.volatility };
  };
  /** One contract's value as the kernel's P&L counts it (futures: the engine's P&L frame; options: Black-76). */
  const unitValue = (row: number): number => {
    const one = shape(row, 1);
    if (row >= FUTURES) return positionValue(one, params.settlement, now);
    return inverse ? -one.position.multiplier : one.position.multiplier * one.forward;
  };
  const scan = new GridScan(params, INSTRUMENTS, ACCOUNTS, true);
  for (let row = 0; row < INSTRUMENTS; row++) scan.setInstrument(row, shape(row, 1), now);
  const books = Array.from({ length: ACCOUNTS }, () => {
    const count = 1 + Math.floor(random() * 6);
    const held = new Set<number>();
    while (held.size < count) held.add(Math.floor(random() * INSTRUMENTS));
    const bookRows = Int32Array.from(held);
    const quantities = Float64Array.from(bookRows, (row) => (row < FUTURES ? (inverse ? 100 : 1) : 1) * (Math.round((random() - 0.5) * 40) || 1));
    const entries = Float64Array.from(bookRows, (row) => unitValue(row) * (0.9 + 0.2 * random()));
    return { rows: bookRows, quantities, entries, balance: 0 };
  });
  const exact = (a: number): { maintenance: number; equity: number } => {
    const book = books[a];
    assert.ok(book !== undefined);
    const positions = [...book.rows].map((row, i) => shape(row, book.quantities[i] as number));
    const result = computeDeribitPm(params, positions, now);
    let pnl = 0;
    book.rows.forEach((row, i) => {
      pnl += (book.quantities[i] as number) * (unitValue(row) - (book.entries[i] as number));
    });
    return { maintenance: fixedToNumber(result.maintenance), equity: book.balance + pnl };
  };
  const rebuild = (a: number): void => {
    const book = books[a] as (typeof books)[number];
    scan.rebuild(a, book.rows, book.quantities, book.entries, 0, book.rows.length);
  };
  books.forEach((book, a) => {
    book.balance = exact(a).maintenance * (0.6 + 0.9 * random());
    rebuild(a);
  });
  /** Re-price `row` (its fields already changed) and carry it into every holder. */
  const reprice = (row: number): void => {
    scan.repriceRow(row, shape(row, 1), now);
    books.forEach((book, a) => book.rows.forEach((r, i) => r === row && scan.carry(a, row, book.quantities[i] as number)));
  };
  const thresholds = Float64Array.from([0.8, 1]);
  let checked = 0;
  let unflagged = 0;
  for (let round = 0; round < 24; round++) {
    const kind = round % 4;
    if (kind === 0) {
      const row = Math.floor(random() * INSTRUMENTS);
      (rows[row] as Row).forward *= 0.96 + 0.08 * random();
      reprice(row);
    } else if (kind === 1) {
      const row = FUTURES + Math.floor(random() * (INSTRUMENTS - FUTURES));
      (rows[row] as Row).volatility *= 0.8 + 0.4 * random();
      reprice(row);
    } else {
      // Time moves: every option row is valued at the new time; an expired one is dropped by its holders and listed again.
      now += (kind === 2 ? 1 : 3) * HOUR;
      for (let row = FUTURES; row < INSTRUMENTS; row++) {
        const r = rows[row] as Row;
        if (r.expiryMs > now) {
          reprice(row);
          continue;
        }
        r.expiryMs = now + 30 * DAY;
        scan.setInstrument(row, shape(row, 1), now);
        books.forEach((book, a) => {
          const keep = [...book.rows].map((held, i) => (held === row ? -1 : i)).filter((i) => i >= 0);
          if (keep.length === book.rows.length) return;
          if (keep.length === 0) keep.push(0);
          const rowsKept = Int32Array.from(keep, (i) => (book.rows[i] === row ? 0 : (book.rows[i] as number)));
          book.quantities = Float64Array.from(keep, (i) => (book.rows[i] === row ? 1 : (book.quantities[i] as number)));
          book.entries = Float64Array.from(keep, (i) => (book.rows[i] === row ? unitValue(0) : (book.entries[i] as number)));
          book.rows = rowsKept;
          rebuild(a);
        });
      }
    }
    for (let a = 0; a < ACCOUNTS; a++) {
      const want = exact(a);
      const maintenance = scan.maintenanceAt(a);
      const equity = (books[a] as (typeof books)[number]).balance + (scan.pnl[a] as number);
      const delta = scan.deltaAt(a);
      assert.ok(Math.abs(maintenance - want.maintenance) <= delta, `${currency} round ${round} account ${a}: float ${maintenance}, exact ${want.maintenance}, bound ${delta}`);
      assert.ok(Math.abs(equity - want.equity) <= delta, `${currency} round ${round} account ${a}: equity float ${equity}, exact ${want.equity}, bound ${delta}`);
      checked++;
      if (!scan.exactOnlyAt(a) && !levelMayChange(maintenance, equity, delta, 0, thresholds, 0.05)) {
        unflagged++;
        assert.equal(want.equity < want.maintenance, false, `${currency} account ${a}: unflagged but liquidatable`);
        assert.equal(want.maintenance >= 0.8 * want.equity, false, `${currency} account ${a}: unflagged but past the first threshold`);
      }
    }
  }
  return { checked, unflagged };
}

describe('grid scan filter with option rows', () => {
  for (const [currency, seed] of [['BTC', 5], ['USDC', 6]] as const) {
    it(`${currency}: within its bound of computeDeribitPm through moves, IV changes, time and expiry; never hides a crossing`, () => {
      const { checked, unflagged } = run(currency, seed);
      assert.ok(checked === 24 * ACCOUNTS && unflagged > 0 && unflagged < checked, `the filter lets some through and flags some (${unflagged} of ${checked})`);
    });
  }
});
