/** BitMEX risk limits (step model), each with its date and source. */
import type { TierSnapshot } from '../../profile/profile.js';
import type { TierRowText } from '../../profile/tier-snapshot.js';
import { ONE, div } from '../../num/fixed.js';
import { formatFixed, parseFixed } from '../../num/decimal.js';

const RISK_LIMITS_GUIDE =
  'BitMEX risk limits guide (https://www.bitmex.com/app/riskLimits), as archived in https://github.com/bradkyle/Qenv logic/bitmex.md';

/**
 * Rows of the step model: "New Maintenance Margin % = Base MM % + Steps x Base MM %", "New Initial
 * Margin % = Base IM % + Steps x Base MM %", one step per `step` of position value above the base
 * risk limit. Max leverage is 1 / IM, cut to 18 digits where it does not terminate.
 */
function stepRows(baseLimit: string, step: string, baseMaintenance: string, baseInitial: string, steps: number): TierRowText[] {
  const out: TierRowText[] = [];
  for (let k = 0n; k <= BigInt(steps); k++) {
    const floor = k === 0n ? 0n : parseFixed(baseLimit) + (k - 1n) * parseFixed(step);
    const maintenance = parseFixed(baseMaintenance) * (k + 1n);
    const initial = parseFixed(baseInitial) + k * parseFixed(baseMaintenance);
    out.push({ notionalFloor: formatFixed(floor), maintenanceRate: formatFixed(maintenance), maxLeverage: formatFixed(div(ONE, initial, 'floor')) });
  }
  return out;
}

export const BITMEX_SNAPSHOTS: readonly TierSnapshot[] = [
  {
    symbol: 'XBTUSD',
    asOf: '2020-09-01',
    source:
      `${RISK_LIMITS_GUIDE}: XBTUSD base risk limit 200 XBT, step 100 XBT, base MM 0.40%, base IM 1.00%; ` +
      'table "< 200 XBT 0.40% / 1.00%, < 300 XBT 0.80% / 1.40%, < 400 XBT 1.20% / 1.80%, < 500 XBT 1.60% / 2.20%" and ' +
      '"0.80% x 300 XBT = 2.4 XBT" (a cap is inclusive). Rows up to 1,000 XBT follow the published step formula; ' +
      'the maximum risk limit per contract is on the risk limits page and not recorded: above the last floor the last row applies',
    tiers: stepRows('200', '100', '0.004', '0.01', 8),
  },
  {
    symbol: 'ETHUSD',
    asOf: '2020-09-01',
    source: `${RISK_LIMITS_GUIDE}: ETHUSD base risk limit 50 XBT, step 50 XBT, base MM 0.80%, base IM 2.00%; rows up to 500 XBT by the step formula`,
    tiers: stepRows('50', '50', '0.008', '0.02', 9),
  },
];
