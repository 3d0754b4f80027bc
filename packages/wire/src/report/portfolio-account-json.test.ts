/** Core builds the multi-unit components report; this schema is its contract (strict parse of core's output). */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { portfolioAccountReport } from '@margin/core';
import { componentsAccountReportJsonSchema } from './portfolio-account-json.js';

it("core's components account report (two units, one with a liability) parses strictly", () => {
  const { report } = portfolioAccountReport({
    profile: 'okx-pm',
    time: '2025-01-15T10:26:41Z',
    units: [
      { currency: 'BTC', liability: '1000', positions: [{ id: 'BTC-USDT-SWAP', kind: 'future', quantity: '-10', multiplier: '0.01', forward: '97032.2' }] },
      { currency: 'LTC', positions: [{ id: 'LTC-USDT-SWAP', kind: 'future', quantity: '10', forward: '101.89' }] },
    ],
  });
  assert.deepEqual(componentsAccountReportJsonSchema.parse(report), report);
});
