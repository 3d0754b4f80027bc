/**
 * The real daily price history the dynamic-margin tests use: S&P 500 daily prices 2000-01-03 to
 * 2020-04-17 (`sp500-2000.csv` of the vega-datasets npm package, a devDependency; data from Yahoo
 * Finance as packaged by the Vega project, https://github.com/vega/vega-datasets, BSD-3-Clause).
 * Test helper only: core's production code does no I/O.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function sp500CsvPath(): string {
  // vega-datasets exports only its JS entry (build/index.js); the data folder sits beside build/.
  return fileURLToPath(new URL('../data/sp500-2000.csv', import.meta.resolve('vega-datasets')));
}

export function sp500Csv(): string {
  return readFileSync(sp500CsvPath(), 'utf8');
}
