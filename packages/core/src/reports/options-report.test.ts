import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWithSchema } from '../input/parse-with-schema.js';
import { optionsInputSchema } from '../input/options-input.js';
import { black76Price } from '../options/black76.js';
import { optionsReport } from './options-report.js';

const report = (document: unknown) => optionsReport(parseWithSchema(optionsInputSchema, document).value);
const EXPIRY = '2026-01-31T08:00:00Z';
const base = { time: '2026-01-01T08:00:00Z', forward: '60000' };

test('a chain row with a volatility: price rounded up to 8 decimals, coin figures, Greeks at 12 decimals', () => {
  const [row] = report({ ...base, chain: [{ kind: 'call', strike: '65000', expiry: EXPIRY, volatility: '0.6' }] }).rows;
  assert.ok(row !== undefined);
  // 2237.868155404664900... (mpmath) rounds up to 2237.86815541.
  assert.equal(row.price, '2237.86815541');
  assert.equal(row.timeYears, '0.082191780822'); // 30 / 365
  assert.equal(row.volatilitySource, 'input');
  const exact = black76Price(true, 60_000, 65_000, 30 / 365, 0.6);
  assert.ok(Math.abs(Number(row.priceInCoin) - exact / 60_000) <= 1e-8);
  assert.ok(Number(row.priceInCoin) >= exact / 60_000); // rounded up
  assert.ok(Math.abs(Number(row.deltaInCoin) - (Number(row.delta) - exact / 60_000)) <= 2e-12);
});

test('implied volatility from a linear price and from an inverse price in coin; volatility from the surface', () => {
  const put = black76Price(false, 60_000, 55_000, 30 / 365, 0.55);
  const call = black76Price(true, 60_000, 70_000, 30 / 365, 0.72);
  const linear = report({ ...base, chain: [{ kind: 'put', strike: '55000', expiry: EXPIRY, price: '1650.25' }] }).rows[0];
  assert.equal(linear?.volatilitySource, 'price');
  assert.ok(Math.abs(black76Price(false, 60_000, 55_000, 30 / 365, Number(linear?.volatility)) - 1650.25) <= 1e-6);
  assert.ok(put > 0);
  // Deribit style: the price in coin; 0.0123 BTC at F = 60,000 is 738 USD.
  const inverse = report({ ...base, settlement: 'inverse', chain: [{ kind: 'call', strike: '70000', expiry: EXPIRY, price: '0.0123' }] }).rows[0];
  assert.ok(Math.abs(black76Price(true, 60_000, 70_000, 30 / 365, Number(inverse?.volatility)) - 738) <= 1e-6);
  // Re-priced from the solved volatility and rounded up: the input, or one unit of the 8th decimal above.
  assert.ok(['0.0123', '0.01230001'].includes(inverse?.priceInCoin ?? ''), inverse?.priceInCoin);
  assert.ok(call > 0);
  const surface = report({
    time: base.time,
    surface: [{ expiry: EXPIRY, forward: '61000', points: [{ strike: '50000', volatility: '0.8' }, { strike: '60000', volatility: '0.6' }] }],
    chain: [{ kind: 'call', strike: '55000', expiry: EXPIRY }],
  }).rows[0];
  assert.equal(surface?.volatilitySource, 'surface');
  assert.equal(surface?.forward, '61000');
  assert.equal(surface?.volatility, '0.707106781187'); // sqrt((0.64 + 0.36) / 2)
});

test('bad chains: one InputError each, at the row and field', () => {
  const fails = (document: unknown, message: RegExp): void => assert.throws(() => report(document), message);
  fails({ ...base, chain: [{ kind: 'call', strike: '0', expiry: EXPIRY, volatility: '0.5' }] }, /chain\[0\]\.strike: must be greater than 0/);
  fails({ ...base, chain: [{ kind: 'call', strike: '1', expiry: EXPIRY, volatility: '0' }] }, /chain\[0\]\.volatility: must be greater than 0/);
  fails({ ...base, chain: [{ kind: 'call', strike: '1', expiry: base.time, volatility: '0.5' }] }, /chain\[0\]\.expiry: time to expiry must be greater than 0/);
  fails({ time: base.time, chain: [{ kind: 'call', strike: '1', expiry: EXPIRY, volatility: '0.5' }] }, /chain\[0\]\.forward: is required/);
  fails({ ...base, chain: [{ kind: 'call', strike: '1', expiry: EXPIRY, volatility: '0.5', price: '1' }] }, /chain\[0\]\.price: give either volatility or price/);
  fails({ ...base, chain: [{ kind: 'call', strike: '1', expiry: EXPIRY }] }, /chain\[0\]\.expiry: has no volatility/);
  fails({ ...base, chain: [{ kind: 'put', strike: '50000', expiry: EXPIRY, price: '50001' }] }, /chain\[0\]\.price: must be within the no-arbitrage bounds of a put, \[0, 50000\]/);
  fails({ ...base, chain: [] }, /chain: must have at least 1 item/);
});

test('a smile quoted by delta: each point becomes the strike of that forward call delta, then the strike rules apply', () => {
  // 25-delta put (call delta 0.75), at-the-money (0.5) and 25-delta call (0.25), 30 days, F 60,000.
  const points = [
    { delta: '0.75', volatility: '0.7' },
    { delta: '0.5', volatility: '0.6' },
    { delta: '0.25', volatility: '0.65' },
  ];
  const timeYears = 30 / 365;
  // The 50-delta strike: K = F exp(sigma^2 T / 2) with sigma 0.6; a chain row there reads 0.6.
  const atmStrike = 60_000 * Math.exp((0.36 * timeYears) / 2);
  const result = report({
    time: base.time,
    surface: [{ expiry: EXPIRY, forward: '60000', points }],
    chain: [
      { kind: 'call', strike: atmStrike.toFixed(6), expiry: EXPIRY },
      { kind: 'put', strike: '30000', expiry: EXPIRY },
    ],
  });
  assert.ok(Math.abs(Number(result.rows[0]?.volatility) - 0.6) <= 1e-9);
  assert.equal(result.rows[1]?.volatility, '0.7'); // below the 25-delta put: flat
  assert.match(result.surfaceRule, /points by delta turned into strikes first/);
  const fails = (document: unknown, message: RegExp): void => assert.throws(() => report(document), message);
  const chain = [{ kind: 'call', strike: '60000', expiry: EXPIRY }];
  fails({ time: base.time, surface: [{ expiry: EXPIRY, forward: '60000', points: [{ strike: '1', delta: '0.5', volatility: '0.5' }] }], chain }, /surface\[0\]\.points\[0\]\.delta: give either strike or delta/);
  fails({ time: base.time, surface: [{ expiry: EXPIRY, forward: '60000', points: [{ volatility: '0.5' }] }], chain }, /surface\[0\]\.points\[0\]\.strike: is required \(or give delta/);
  fails({ time: base.time, surface: [{ expiry: EXPIRY, forward: '60000', points: [{ delta: '1', volatility: '0.5' }] }], chain }, /surface\[0\]\.points\[0\]\.delta: must be below 1/);
  fails({ time: base.time, surface: [{ expiry: EXPIRY, points: [{ delta: '0.5', volatility: '0.5' }] }], chain }, /surface\[0\]\.forward: is required for points quoted by delta/);
  // Deltas must fall as strikes rise: out of order, the converted strikes are not increasing.
  fails({ time: base.time, surface: [{ expiry: EXPIRY, forward: '60000', points: [points[2], points[0]] }], chain }, /surface\[0\]\.points\[1\]\.strike: strikes must be strictly increasing/);
});
