import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRiskInput } from '../input/risk-input.js';
import { computeStandardAccount } from './account.js';
import { formatFixed } from '../num/decimal.js';
import { DERIBIT_BTC_PERPETUAL } from '@margin/testkit';
import { black76Price, MS_PER_YEAR } from '../options/black76.js';

// A mark from a mark IV is printed on the option's tick (venues publish marks on the tick), not
// with the 18 digits of the float: a long's mark rounds down, a short's up.
test('a mark from markIv lies on the tick, rounded against the account', () => {
  const option = (symbol: string) => ({ symbol, kind: 'inverse-option', right: 'put', underlying: 'BTC-PERPETUAL', settle: 'BTC', contractSize: '1', strike: '45000', expiry: '2026-01-30T08:00:00Z', tickSize: '0.0005', markIv: '0.6' });
  const parsed = parseRiskInput({
    profile: 'deribit',
    time: '2026-01-01T08:00:00Z',
    account: { balance: '2' },
    instruments: [{ ...DERIBIT_BTC_PERPETUAL, markPrice: '50000' }],
    options: [option('L'), option('S')],
    positions: [
      { symbol: 'L', side: 'long', size: '2', entryPrice: '0.02' },
      { symbol: 'S', side: 'short', size: '1', entryPrice: '0.02' },
    ],
  });
  assert.ok(parsed.options !== undefined);
  const report = computeStandardAccount(parsed.request, parsed.options.book, parsed.options.rules, 'deribit');
  const years = (Date.parse('2026-01-30T08:00:00Z') - Date.parse('2026-01-01T08:00:00Z')) / MS_PER_YEAR;
  const perCoin = black76Price(false, 50000, 45000, years, 0.6) / 50000;
  const marks = Object.fromEntries(report.options.map((position) => [position.option.instrument.symbol, formatFixed(position.markPrice)]));
  assert.equal(marks['L'], (Math.floor(perCoin / 0.0005) * 0.0005).toFixed(4).replace(/0+$/, ''));
  assert.equal(marks['S'], (Math.ceil(perCoin / 0.0005) * 0.0005).toFixed(4).replace(/0+$/, ''));
});
