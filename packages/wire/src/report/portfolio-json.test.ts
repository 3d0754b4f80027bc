/** Core builds the portfolio-margin JSON shapes; these schemas are their contract (strict parse of core's output). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { computeSpan, parseSpanParams, parseSpanPortfolio, portfolioRiskReport, spanReportJson } from '@margin/core';
import { portfolioRiskReportJsonSchema, spanReportJsonSchema } from './portfolio-json.js';

const read = (name: string): string => readFileSync(new URL(`../../../../vectors/portfolio/${name}`, import.meta.url), 'utf8');

describe('portfolio-margin JSON contract', () => {
  it("core's SPAN report parses strictly (futures with inter credits; options with the short option minimum)", () => {
    const params = parseSpanParams(read('span-test.pa2')).value;
    for (const positions of [JSON.parse(read('span-corn-soy-portfolio.json')) as unknown, { positions: [{ contract: 'XO 202612 P 100', quantity: '-10' }] }]) {
      const json = spanReportJson(computeSpan(params, parseSpanPortfolio(positions, 'member').value));
      assert.deepEqual(spanReportJsonSchema.parse(json), json);
    }
  });

  it("core's grid and components reports parse strictly", () => {
    for (const file of ['deribit-pm-short-call.json', 'okx-pm-btc-perp.json']) {
      const { report } = portfolioRiskReport(JSON.parse(read(file)) as unknown);
      assert.deepEqual(portfolioRiskReportJsonSchema.parse(report), report);
    }
  });
});
