/** Price series input: the real S&P 500 history of vega-datasets, and every bad row named by line and field. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePriceSeries } from './series.js';
import { sp500Csv } from '../testing/sp500.js';

test('the S&P 500 daily closes of vega-datasets (2000-01-03 to 2020-04-17) parse into 5,105 rows', () => {
  const series = parsePriceSeries(sp500Csv(), { format: 'csv', label: 'sp500-2000.csv' });
  assert.equal(series.prices.length, 5105);
  assert.equal(series.times[0], '2000-01-03');
  assert.equal(series.prices[0], 1455.219971, 'close column picked by default');
  assert.equal(series.times[5104], '2020-04-17');
  assert.equal(series.lines[0], 2);
});

const csv = (rows: string) => `date,close\n${rows}`;
const errorOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail('no error');
};

test('bad CSV rows are refused naming the line and the field', () => {
  const parse = (text: string) => () => parsePriceSeries(text, { format: 'csv', label: 'p.csv' });
  assert.equal(errorOf(parse(csv('2020-01-01,10\n2020-01-02,\n2020-01-03,11\n'))), 'p.csv line 3: close: gap: no close in this row');
  assert.equal(errorOf(parse(csv('2020-01-01,10\n2020-01-02,-3\n'))), 'p.csv line 3: close: must be greater than 0, got "-3"');
  assert.equal(errorOf(parse(csv('2020-01-01,10\n2020-01-02,0\n'))), 'p.csv line 3: close: must be greater than 0, got "0"');
  assert.equal(errorOf(parse(csv('2020-01-01,10\n2020-01-02,1e3\n'))), 'p.csv line 3: close: must be a decimal number, got "1e3"');
  assert.equal(
    errorOf(parse(csv('2020-01-01,10\n2020-01-03,11\n2020-01-02,12\n'))),
    'p.csv line 4: date: times must increase: "2020-01-02" is not after "2020-01-03" (line 3)',
  );
  assert.equal(errorOf(parse(csv('2020-01-01,10\n2020-01-01,11\n'))), 'p.csv line 3: date: times must increase: "2020-01-01" is not after "2020-01-01" (line 2)');
  assert.equal(errorOf(parse(csv('2020-01-01,10\nyesterday,11\n'))), 'p.csv line 3: date: must be an ISO 8601 date or time (2020-03-12, 2020-03-12T00:00:00Z) or epoch milliseconds, got "yesterday"');
  const days = Array.from({ length: 20 }, (_, i) => `2020-01-${String(i + 1).padStart(2, '0')},${100 + i}`).join('\n');
  assert.equal(
    errorOf(parse(csv(`${days}\n2020-03-01,130\n`))),
    'p.csv line 22: date: gap: 41 days after "2020-01-20" is longer than the largest allowed step, 10 days (10 x the median step; --max-gap sets it)',
  );
  assert.equal(errorOf(() => parsePriceSeries(csv('2020-01-01,10\n2020-01-04,11\n'), { format: 'csv', label: 'p.csv', maxGapMs: 86_400_000 })), 'p.csv line 3: date: gap: 3 days after "2020-01-01" is longer than the largest allowed step, 1 day');
  assert.match(errorOf(parse('when,what\n1,2\n3,4\n')), /^p\.csv: has no time column: name one time, date, timestamp or choose one \(columns: when, what\)$/);
});

test('bad JSON rows are refused naming the line and the field; JSON numbers are refused as prices', () => {
  const text = '[\n  {"time": "2020-01-01", "price": "10"},\n  {"time": "2020-01-02", "price": "11"},\n  {"time": "2020-01-03", "price": 12.5}\n]\n';
  assert.equal(errorOf(() => parsePriceSeries(text, { format: 'json', label: 'p.json' })), 'p.json line 4: price: must be a decimal string (a JSON number may lose digits), got 12.5');
  const wrapped = '{"series": [\n {"time": "2020-01-01T00:00:00Z", "price": "10"},\n {"time": "2020-01-02T00:00:00Z", "price": "-1"}\n]}';
  assert.equal(errorOf(() => parsePriceSeries(wrapped, { format: 'json', label: 'p.json' })), 'p.json line 3: price: must be greater than 0, got "-1"');
  assert.equal(
    errorOf(() => parsePriceSeries('[{"time":"2020-01-01","price":"1","price":"2"},{"time":"2020-01-02","price":"3"}]', { format: 'json', label: 'p.json' })),
    'p.json[0]: has the key "price" twice (refused: one value would be lost)',
  );
  const good = parsePriceSeries('[{"time":"2020-01-01","price":"10","openInterest":"5"},{"time":"2020-01-02","price":"11","openInterest":"6"}]', {
    format: 'json',
    extraFields: ['openInterest'],
  });
  assert.deepEqual([...good.prices], [10, 11]);
  assert.deepEqual([...(good.columns.get('openInterest') ?? [])], [5, 6]);
});

test('a date-time without an offset is UTC, whatever the machine zone', () => {
  const series = parsePriceSeries('time,price\n2020-01-01T00:00,10\n2020-01-01 00:01:00,11\n2020-01-01T00:02:00+00:00,12\n', { format: 'csv' });
  assert.deepEqual([...series.timesMs], [Date.UTC(2020, 0, 1), Date.UTC(2020, 0, 1, 0, 1), Date.UTC(2020, 0, 1, 0, 2)]);
});
