import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFill, averageEntry, FLAT } from './fill.js';
import { feeFor, notionalAt, pnlBetween } from './position-math.js';
import { parseFixed as d, formatFixed } from '../num/index.js';
import type { Instrument, InstrumentKind } from '../instrument/instrument.js';

function instrument(kind: InstrumentKind, contractSize = '1'): Instrument {
  return {
    symbol: 'X',
    kind,
    settle: kind.startsWith('inverse') ? 'BTC' : 'USDT',
    contractSize: d(contractSize),
    tickSize: d('0.01'),
    lotSize: null,
    expiryMs: null,
    takerFeeRate: null,
    tiers: [],
    tiersSource: 'test',
  };
}
const linear = instrument('linear-perpetual');
const inverse = instrument('inverse-perpetual');

test('Bybit inverse average entry is harmonic: 50 @ 10,000 + 50 @ 15,000 -> 12,000 (Bybit help, https://help.bybit.com/hc/en-us/articles/360039261334)', () => {
  assert.equal(formatFixed(averageEntry(inverse, 'long', d('50'), d('10000'), d('50'), d('15000'))), '12000');
  const outcome = applyFill(inverse, applyFill(inverse, FLAT, d('50'), d('10000')).position, d('50'), d('15000'));
  assert.equal(formatFixed(outcome.position.entryPrice), '12000');
});

test('linear average entry is arithmetic and rounds against the holder', () => {
  assert.equal(formatFixed(averageEntry(linear, 'long', d('1'), d('100'), d('2'), d('101'))), '100.666666666666666667');
  assert.equal(formatFixed(averageEntry(linear, 'short', d('1'), d('100'), d('2'), d('101'))), '100.666666666666666666');
});

test('BitMEX inverse PnL: long 1,000 @ 1,000, mark 1,250 -> 0.2 XBT; sell 500 @ 1,500 -> 0.1667 XBT (BitMEX PnL guide, archived in https://github.com/bradkyle/Qenv)', () => {
  const long = applyFill(inverse, FLAT, d('1000'), d('1000')).position;
  assert.equal(formatFixed(pnlBetween(inverse, 'long', d('1000'), d('1000'), d('1250'))), '0.2');
  const sold = applyFill(inverse, long, d('-500'), d('1500'));
  assert.equal(formatFixed(sold.realizedPnl), '0.166666666666666666'); // published 0.17, rounded down here
  assert.equal(formatFixed(sold.position.size), '500');
  assert.equal(formatFixed(sold.position.entryPrice), '1000');
  assert.equal(formatFixed(pnlBetween(inverse, 'long', d('500'), d('1000'), d('1250'))), '0.1'); // "at mark 1,250 it would have been 0.10"
});

test('BitMEX XBTUSD: 15,000 contracts @ 750 is 20 XBT; closing @ 800 realises 1.25 XBT (https://www.bitmex.com/app/perpetualContractsGuideExamples)', () => {
  assert.equal(formatFixed(notionalAt(inverse, d('15000'), d('750'))), '20');
  const closed = applyFill(inverse, applyFill(inverse, FLAT, d('15000'), d('750')).position, d('-15000'), d('800'));
  assert.equal(formatFixed(closed.realizedPnl), '1.25');
  assert.deepEqual(closed.position, FLAT);
});

test('a fill larger than the position closes it and opens the rest at the fill price (flip)', () => {
  const long = applyFill(linear, FLAT, d('2'), d('100')).position;
  const flipped = applyFill(linear, long, d('-5'), d('110'));
  assert.equal(formatFixed(flipped.realizedPnl), '20');
  assert.equal(formatFixed(flipped.closedSize), '2');
  assert.equal(formatFixed(flipped.openedSize), '3');
  assert.equal(formatFixed(flipped.position.size), '-3');
  assert.equal(formatFixed(flipped.position.entryPrice), '110');
});

test('short reduce realises (entry - exit) x size; hedge-mode fills may not flip', () => {
  const short = applyFill(linear, FLAT, d('-4'), d('200')).position;
  const reduced = applyFill(linear, short, d('1'), d('150'));
  assert.equal(formatFixed(reduced.realizedPnl), '50');
  assert.equal(formatFixed(reduced.position.size), '-3');
  assert.throws(() => applyFill(linear, short, d('5'), d('150'), false), /hedge-mode fill does not cross zero/);
});

test('fees round up: 0.04% of 109.488 x 31,967.27', () => {
  assert.equal(formatFixed(feeFor(linear, d('109.488'), d('31967.27'), d('0.0004'))), '1400.012983104');
  assert.equal(formatFixed(feeFor(inverse, d('100'), d('3'), d('0.0001'))), '0.003333333333333334');
});
