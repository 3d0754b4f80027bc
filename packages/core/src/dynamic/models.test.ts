/**
 * Dynamic margin models: the EWMA recursion by hand, the rate from confidence and MPOR with its
 * floor, the anti-procyclicality tools as properties (fast-check), FHS on the S&P 500 history,
 * and the backtest's exception count against a direct count.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePriceSeries, seriesOf } from './series.js';
import { parseModelSpec } from './model-spec.js';
import { runModel } from './models.js';
import { ewmaEffectiveWindow, ewmaVolatility, returnsOf } from './ewma.js';
import { applyBuffer, applyDailyCap } from './apc.js';
import { backtest, horizonLosses } from './backtest.js';
import { selectKth } from './fhs.js';
import { sp500Csv } from '../testing/sp500.js';

const DAY = 86_400_000;
const daily = (prices: readonly number[]) => seriesOf(prices.map((_, i) => i * DAY), prices);

test('EWMA follows σ²(t+1|t) = λσ²(t|t−1) + (1−λ)r² from the mean of the first squared returns', () => {
  const returns = Float64Array.from([Number.NaN, 0.01, -0.02, 0.03, 0.0]);
  const { sigma, start } = ewmaVolatility(returns, { lambda: 0.9, seedCount: 2, timing: 'post' });
  assert.equal(start, 2);
  const seed = (0.01 ** 2 + 0.02 ** 2) / 2;
  assert.ok(Math.abs((sigma[2] as number) - Math.sqrt(seed)) < 1e-15);
  const next = 0.9 * seed + 0.1 * 0.03 ** 2;
  assert.ok(Math.abs((sigma[3] as number) - Math.sqrt(next)) < 1e-15);
  assert.ok(Math.abs((sigma[4] as number) - Math.sqrt(0.9 * next)) < 1e-15);
  const pre = ewmaVolatility(returns, { lambda: 0.9, seedCount: 2, timing: 'pre' });
  assert.equal(pre.start, 3);
  assert.equal(pre.sigma[3], sigma[2], 'pre: the margin of t uses the forecast made at t-1');
  assert.equal(ewmaEffectiveWindow(0.94, 0.01), 75, 'RiskMetrics: λ 0.94 carries 99% of the weight in 75 days');
});

test('the EWMA rate is max(z·σ·√h, floor) and says which term bound', () => {
  const prices = [100, 101, 99, 102, 100, 103, 101, 100.5, 100.6, 100.55];
  const series = daily(prices);
  const model = parseModelSpec('ewma:lambda=0.94,seed=3,q=0.99,mpor=4,floor=0.1');
  const rates = runModel(series, model);
  const { sigma } = ewmaVolatility(returnsOf(series.prices, 'log'), { lambda: 0.94, seedCount: 3, timing: 'post' });
  for (let t = rates.start; t < prices.length; t++) {
    const model = 2.326347874040841 * (sigma[t] as number) * 2;
    assert.ok(Math.abs((rates.charged[t] as number) - Math.max(model, 0.1)) < 1e-12, `step ${t}`);
    assert.equal(rates.binding[t], model >= 0.1 ? 0 : 1);
  }
  assert.ok([...rates.binding].includes(1) && [...rates.binding.slice(rates.start)].includes(0), 'both terms bind somewhere');
});

const ratesArb = fc.array(fc.double({ min: 0.001, max: 0.5, noNaN: true }), { minLength: 2, maxLength: 200 }).map((values) => Float64Array.from(values));

test('property: a buffered rate is never below the unbuffered one, and never above (1+b) times it', () => {
  fc.assert(
    fc.property(ratesArb, fc.double({ min: 0, max: 2, noNaN: true }), (calculated, buffer) => {
      const out = new Float64Array(calculated.length);
      applyBuffer(calculated, buffer, 0, out);
      for (let t = 0; t < calculated.length; t++) {
        const c = calculated[t] as number;
        if ((out[t] as number) < c) return false;
        if ((out[t] as number) > (1 + buffer) * c * (1 + 1e-15)) return false;
      }
      return true;
    }),
  );
});

test('property: the daily cap is honoured and its shortfall is exactly what the cap left uncovered', () => {
  fc.assert(
    fc.property(ratesArb, fc.double({ min: 0, max: 1, noNaN: true }), (calculated, cap) => {
      const charged = new Float64Array(calculated.length);
      const shortfall = new Float64Array(calculated.length);
      applyDailyCap(calculated, calculated, cap, 0, charged, shortfall);
      for (let t = 0; t < calculated.length; t++) {
        const c = calculated[t] as number;
        const m = charged[t] as number;
        if (m > c) return false;
        if (t > 0 && m > (1 + cap) * (charged[t - 1] as number)) return false;
        if (shortfall[t] !== Math.max(0, c - m)) return false;
        if (t > 0 && c <= (1 + cap) * (charged[t - 1] as number) && m !== c) return false;
      }
      return charged[0] === calculated[0];
    }),
  );
});

test('property: over a model with buffer, stress weight, long lookback and cap, the buffered rate is never below the calculated one', () => {
  const series = parsePriceSeries(sp500Csv(), { format: 'csv', label: 'sp500' });
  fc.assert(
    fc.property(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0.5, max: 0.99, noNaN: true }),
      fc.double({ min: 0.9, max: 0.999, noNaN: true }),
      fc.option(fc.double({ min: 0, max: 0.5, noNaN: true })),
      (buffer, weight, q, cap) => {
        const spec = `ewma:buffer=${buffer.toFixed(4)},stressWeight=${weight.toFixed(4)},q=${q.toFixed(4)},lookback=500${cap === null ? '' : `,cap=${cap.toFixed(4)}`}`;
        const rates = runModel(series, parseModelSpec(spec));
        for (let t = rates.start; t < series.prices.length; t++) {
          if ((rates.buffered[t] as number) < (rates.calculated[t] as number)) return false;
          if ((rates.shortfall[t] as number) !== Math.max(0, (rates.calculated[t] as number) - (rates.charged[t] as number))) return false;
        }
        return true;
      },
    ),
    { numRuns: 20 },
  );
});

test("property: the backtest's exception count equals a direct count of losses above the charged rate", () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: -0.2, max: 0.2, noNaN: true }), { minLength: 60, maxLength: 300 }),
      fc.integer({ min: 1, max: 5 }),
      fc.constantFrom<'long' | 'short'>('long', 'short'),
      fc.boolean(),
      (moves, h, side, nonOverlapping) => {
        const prices = [100];
        for (const move of moves) prices.push((prices[prices.length - 1] as number) * Math.exp(move));
        const series = daily(prices);
        const rates = [runModel(series, parseModelSpec(`ewma:seed=10,mpor=${h}`)), runModel(series, parseModelSpec('fixed:rate=0.05'))];
        const result = backtest(series, rates, { side, nonOverlapping });
        return result.models.every((m) => {
          let direct = 0;
          const losses = horizonLosses(series.prices, m.mporSteps, side);
          const stride = nonOverlapping ? m.mporSteps : 1;
          for (let t = result.first; t <= result.last; t += stride) if ((losses[t] as number) > (m.rates.charged[t] as number)) direct++;
          return m.exceptions.length === direct && m.kupiec.exceptions === direct && m.christoffersen.n01 + m.christoffersen.n11 <= direct;
        });
      },
    ),
    { numRuns: 60 },
  );
});

test('property: selectKth finds the k-th smallest like a sort does', () => {
  fc.assert(
    fc.property(fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 100 }), fc.nat(), (values, pick) => {
      const k = pick % values.length;
      const sorted = [...values].sort((a, b) => a - b);
      return selectKth(Float64Array.from(values), k) === sorted[k];
    }),
  );
});

test('FHS and EWMA over 20 years of S&P 500 closes: rates in a sane band, FHS above EWMA in the 2008 and 2020 crashes', () => {
  const series = parsePriceSeries(sp500Csv(), { format: 'csv', label: 'sp500' });
  const ewma = runModel(series, parseModelSpec('ewma'));
  const fhs = runModel(series, parseModelSpec('fhs'));
  assert.equal(fhs.start, ewma.start + 250);
  const at = (date: string) => series.times.indexOf(date);
  for (const date of ['2008-10-15', '2020-03-16']) {
    const t = at(date);
    assert.ok(t > 0, date);
    assert.ok((ewma.charged[t] as number) > 0.05, `${date}: EWMA 99% 1-day rate above 5% in the crash, got ${ewma.charged[t]}`);
    assert.ok((fhs.charged[t] as number) > (ewma.charged[t] as number), `${date}: FHS's fat tails above the normal EWMA`);
  }
  const calm = at('2017-06-01');
  assert.ok((ewma.charged[calm] as number) < 0.015, `calm 2017: below 1.5%, got ${ewma.charged[calm]}`);
});

test('model specs: unknown models and keys, bad values and missing columns are named', () => {
  assert.throws(() => parseModelSpec('garch', ['--model', 0]), { message: '--model[0]: unknown model "garch": one of ewma, fhs, fixed, dydx-oi, drift-size' });
  assert.throws(() => parseModelSpec('ewma:lamda=0.9', ['--model', 1]), /^InputError: --model\[1\]\.lamda: unknown key: one of label, q, mpor/);
  assert.throws(() => parseModelSpec('ewma:q=1.2'), { message: 'model.q: must be strictly between 0 and 1, got "1.2"' });
  assert.throws(() => parseModelSpec('ewma:mpor=1.5'), { message: 'model.mpor: must be a whole number of steps, at least 1, got "1.5"' });
  assert.throws(() => parseModelSpec('ewma:stressFrom=2008-09-01'), { message: 'model.stressFrom: stressFrom and stressTo go together' });
  assert.throws(() => runModel(daily([1, 2, 3]), parseModelSpec('dydx-oi:imf=0.1,lower=1,upper=2')), { message: 'dydx-oi:imf=0.1,lower=1,upper=2.oi: give a constant (oi=...) or a "openInterest" column in the series' });
});

test('FHS refuses a window no longer than the MPOR', () => {
  const prices = Array.from({ length: 80 }, (_, i) => 100 + Math.sin(i));
  assert.throws(() => runModel(daily(prices), parseModelSpec('fhs:seed=5,window=10,mpor=10')), { message: 'fhs:seed=5,window=10,mpor=10.window: must be longer than the MPOR (10 steps): FHS builds MPOR-step P&Ls from the window, got 10' });
  const rates = runModel(daily(prices), parseModelSpec('fhs:seed=5,window=20,mpor=3'));
  assert.equal(rates.start, 25);
  assert.ok([...rates.charged.slice(25)].every((r) => r > 0 && r < 1));
});

test('report rates round up from the 15 significant digits a float carries', async () => {
  const { rateText } = await import('./reports.js');
  assert.equal(rateText(1.25 * 0.01), '0.0125');
  assert.equal(rateText(0.1 + 0.2), '0.3');
  assert.equal(rateText(0.123456781), '0.12345679');
  assert.equal(rateText(0.12345678), '0.12345678');
  assert.equal(rateText(1), '1');
  assert.equal(rateText(Number.NaN), null);
  assert.equal(rateText(1.5e-9), '0.00000001', 'exponent form: rounded up from the exact double');
});
