/**
 * Goal: the account risk endpoint of an account in portfolio margin returns the portfolio
 * breakdown (docs/portfolio-margin.md), in the wire contract, summing exactly to the requirement,
 * and the what-if (engine preview) of an order answers with the breakdown after it.
 * Method: a real server on loopback (testing/harness.ts); commands through POST /v1/commands.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFixed, parseFixed } from '@margin/core';
import { riskJsonSchema } from '@margin/wire';
import { startHarness, type Harness } from './testing/harness.js';
import { applyAccepted } from './testing/harness-roles.js';

describe('account risk of a portfolio account', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await applyAccepted(h, [
      { type: 'deposit', id: 'pm-d1', account: 'pia', asset: 'USDT', amount: '20000' },
      { type: 'setPortfolioMargin', id: 'pm-s1', account: 'pia', model: 'okx-pm' },
      { type: 'fill', id: 'pm-f1', account: 'pia', symbol: 'BTCUSDT', side: 'buy', size: '0.5', price: '30000', fee: '0', time: '2026-01-01T00:00:02Z' },
    ]);
  });
  after(async () => h.close());

  test('GET /v1/accounts/{account}/risk carries the breakdown, summing to the requirement', async () => {
    const answer = await h.call('GET', '/v1/accounts/pia/risk');
    assert.equal(answer.status, 200, answer.text);
    const risk = riskJsonSchema.parse(answer.json);
    assert.deepEqual(risk, answer.json);
    const portfolio = risk.portfolio;
    assert.ok(portfolio !== undefined);
    assert.equal(portfolio.model, 'okx-pm');
    // 0.5 BTC long at 30,000: MR1 + MR4 = 12.2 % x 15,000 = 1,830; initial 1.3 x = 2,379.
    assert.equal(risk.account.maintenanceMargin, '1830');
    assert.equal(portfolio.maintenance, '1830');
    assert.equal(portfolio.initial, risk.account.initialMargin);
    const total = portfolio.explain.maintenance.reduce((sum, line) => sum + parseFixed(line.amount), 0n);
    assert.equal(formatFixed(total), portfolio.maintenance);
    const report = portfolio.groups[0]?.report;
    assert.equal(report?.method, 'components');
    assert.equal(report?.worstCell?.move, '-0.12');
  });

  test('the what-if of an order answers the breakdown after it', async () => {
    const answer = await h.call('POST', '/v1/accounts/pia/what-if', { body: { order: { symbol: 'BTCUSDT', side: 'sell', size: '0.25', price: '30000' } } });
    assert.equal(answer.status, 200, answer.text);
    const afterRisk = riskJsonSchema.parse(answer.json['after']);
    assert.equal(afterRisk.portfolio?.maintenance, '915');
  });
});
