/**
 * The components scan filter (components-scan.ts) against the exact path (core's `computeOkxPm`,
 * what the engine confirms with): over random linear futures and option portfolios, before and
 * after price updates carried incrementally into the vectors, the float maintenance is within the
 * stated bound of the exact one, and an account the filter does not flag has the same
 * liquidation status exactly (equity < maintenance) as in float: the filter never hides a crossing.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeOkxPm, fixedToNumber, portfolioVenue, type OkxPmParams, type PricedPosition } from '@margin/core';
import { ComponentsScan } from './components-scan.js';

const venue = portfolioVenue('okx-pm');
const params: OkxPmParams | undefined = venue.method === 'components' ? venue.units['BTC'] : undefined;
const NOW = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;

function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

describe('components scan filter', () => {
  it('stays within its bound of the exact requirement and never hides a liquidation, through updates', () => {
    assert.ok(params !== undefined);
    const random = rng(3);
    const INSTRUMENTS = 12;
    const ACCOUNTS = 300;
    // Instruments: 6 futures (perpetual and dated), 6 options (calls and puts).
    const forwards = Array.from({ length: INSTRUMENTS }, () => 30000 * (0.9 + 0.2 * random()));
    const shape = (row: number, forward: number, quantity: number): PricedPosition =>
      row < 6
        ? { position: { kind: 'future', id: `F${row}`, underlying: 'BTC', quantity, multiplier: 0.01 * (1 + (row % 2)), expiryMs: row === 0 ? null : NOW + row * 30 * DAY }, forward, volatility: null }
        : { position: { kind: 'option', id: `O${row}`, underlying: 'BTC', quantity, multiplier: 0.1, optionType: row % 2 === 0 ? 'call' : 'put', strike: 26000 + 1000 * row, expiryMs: NOW + (row - 5) * 14 * DAY }, forward, volatility: 0.4 + 0.05 * (row - 6) };
    const scan = new ComponentsScan(params, INSTRUMENTS, ACCOUNTS);
    for (let row = 0; row < INSTRUMENTS; row++) scan.setInstrument(row, shape(row, forwards[row] as number, 1), NOW);
    const books = Array.from({ length: ACCOUNTS }, () => {
      const count = 1 + Math.floor(random() * 6);
      const rows = Int32Array.from({ length: count }, () => Math.floor(random() * INSTRUMENTS));
      const quantities = Float64Array.from({ length: count }, () => Math.round((random() - 0.5) * 2000) / 100 || 1);
      const entries = Float64Array.from(rows, (row) => (row < 6 ? (forwards[row] as number) * (0.95 + 0.1 * random()) * 0.01 * (1 + (row % 2)) : 0));
      // Balances around the requirement, so some accounts sit near liquidation.
      return { rows, quantities, entries, balance: 0 };
    });
    const exact = (a: number): { maintenance: number; equity: number } => {
      const book = books[a];
      assert.ok(book !== undefined);
      const positions = [...book.rows].map((row, i) => shape(row, forwards[row] as number, book.quantities[i] as number));
      const result = computeOkxPm(params, positions, NOW, 0);
      let pnl = 0;
      book.rows.forEach((row, i) => {
        const unit = (row < 6 ? 0.01 * (1 + (row % 2)) : 0.1) * (forwards[row] as number);
        pnl += (book.quantities[i] as number) * (unit - (book.entries[i] as number));
      });
      return { maintenance: fixedToNumber(result.maintenance), equity: book.balance + pnl };
    };
    books.forEach((book, a) => {
      const { maintenance } = exact(a);
      book.balance = maintenance * (0.5 + random());
      scan.rebuild(a, book.rows, book.quantities, book.entries, 0, book.rows.length, book.balance);
    });
    const thresholds = Float64Array.from([0.8, 1]);
    let checked = 0;
    let unflagged = 0;
    for (let round = 0; round < 20; round++) {
      const row = Math.floor(random() * INSTRUMENTS);
      forwards[row] = (forwards[row] as number) * (0.97 + 0.06 * random());
      const holders: number[] = [];
      const qty: number[] = [];
      books.forEach((book, a) => {
        book.rows.forEach((r, i) => {
          if (r !== row) return;
          holders.push(a);
          qty.push(book.quantities[i] as number);
        });
      });
      scan.reprice(row, shape(row, forwards[row] as number, 1), NOW, Int32Array.from(holders), Float64Array.from(qty), holders.length);
      for (let a = 0; a < ACCOUNTS; a++) {
        const want = exact(a);
        const got = scan.estimate(a);
        if (!(scan.longOptionsOnly[a] === 1)) {
          assert.ok(Math.abs(got.maintenance - want.maintenance) <= got.delta, `account ${a}: float ${got.maintenance}, exact ${want.maintenance}, bound ${got.delta}`);
          assert.ok(Math.abs(got.equity - want.equity) <= got.delta, `account ${a}: equity float ${got.equity}, exact ${want.equity}`);
        }
        checked++;
        if (!scan.flagged(a, 0, thresholds, 0.05)) {
          unflagged++;
          assert.equal(want.equity < want.maintenance, false, `account ${a}: unflagged but liquidatable`);
          assert.equal(want.maintenance >= 0.8 * want.equity, false, `account ${a}: unflagged but past the first threshold`);
        }
      }
    }
    assert.ok(checked === 20 * ACCOUNTS && unflagged > 0 && unflagged < checked, `the filter lets some through and flags some (${unflagged} of ${checked})`);
  });
});
