/**
 * The SPAN requirement of one portfolio (CME SPAN as summarised in docs/portfolio-margin.md):
 *
 *   per combined commodity:  risk = max(scan + intra + spot - inter, short option minimum)
 *                            (floored at 0; capped at the long options' value where the CC limits it)
 *   portfolio:               maintenance = max(0, sum of risks - net option value),
 *                            initial = max(0, sum of ratio x risk - net option value)
 *
 * Scenario maths is float64 (risk arrays, deltas, spreads); each amount becomes money once, as
 * E18 fixed point rounded against the account (money.ts): charges, the scan risk and the short option value
 * up; credits and the long option value down. Every figure of the result is kept so that the
 * explanation (explain.ts) lists amounts that sum exactly to the requirement.
 */
import { InputError } from '../../errors.js';
import { moneyDown, moneyUp, scaleMoneyUp } from '../money.js';
import type { Fixed } from '../../num/fixed.js';
import { SPAN_SCENARIOS, SPAN_SCENARIO_COUNT } from './scenarios.js';
import type { AccountClass, CombinedCommodity, InterSpread, SpanContract, SpanParams, SpanPortfolio } from './params.js';

export interface SpanPositionLosses {
  readonly contract: string;
  readonly quantity: number;
  /** quantity x risk array: this position's loss per scenario (gain negative). */
  readonly losses: readonly number[];
}

export interface TierDelta {
  readonly tier: number;
  readonly delta: number;
  /** Delta left after intra spreads. */
  readonly remaining: number;
}

export interface IntraSpreadLine {
  readonly priority: number;
  readonly spreads: number;
  readonly rate: number;
  readonly charge: Fixed;
}

export interface SpotChargeLine {
  readonly month: string;
  readonly deltaInSpreads: number;
  readonly deltaOutright: number;
  readonly charge: Fixed;
}

export interface InterCreditLine {
  readonly priority: number;
  readonly method: 'delta' | 'scanning';
  /** The combined commodity the credit is given to. */
  readonly cc: string;
  readonly spreads: number;
  /** Weighted futures price risk per delta (delta-based), or the scan after offsets (scanning). */
  readonly basis: number;
  readonly credit: Fixed;
}

export interface SpanCcResult {
  readonly cc: string;
  readonly currency: string;
  readonly positions: readonly SpanPositionLosses[];
  /** Sum of the positions' losses per scenario. */
  readonly scenarioLosses: readonly number[];
  /** 1-based scenario of the largest loss. */
  readonly activeScenario: number;
  readonly scanRisk: Fixed;
  readonly timeRisk: number;
  readonly priceRisk: number;
  readonly volatilityRisk: number;
  readonly netDelta: number;
  readonly tierDeltas: readonly TierDelta[];
  readonly intraSpreads: readonly IntraSpreadLine[];
  readonly spotCharges: readonly SpotChargeLine[];
  readonly interCredits: readonly InterCreditLine[];
  readonly shortCalls: number;
  readonly shortPuts: number;
  readonly shortOptionMinimum: Fixed;
  /** scan + intra + spot - inter, before the floors. */
  readonly riskBeforeFloors: Fixed;
  /** Added when the sum above is negative (a requirement is never negative). */
  readonly zeroFloor: Fixed;
  /** Added when the short option minimum binds. */
  readonly somFloor: Fixed;
  /** Subtracted (as a negative amount) when a long-options-only CC is capped at the options' value. */
  readonly longOptionCap: Fixed;
  readonly maintenanceRisk: Fixed;
  readonly initialRatio: string;
  readonly initialRisk: Fixed;
  readonly longOptionValue: Fixed;
  readonly shortOptionValue: Fixed;
}

export interface SpanResult {
  readonly exchangeComplex: string;
  readonly businessDate: string;
  readonly accountClass: AccountClass;
  readonly ccs: readonly SpanCcResult[];
  readonly longOptionValue: Fixed;
  readonly shortOptionValue: Fixed;
  /** long - short option value. */
  readonly netOptionValue: Fixed;
  /** Added when risk - net option value would be negative. */
  readonly maintenanceZeroFloor: Fixed;
  readonly initialZeroFloor: Fixed;
  readonly maintenance: Fixed;
  readonly initial: Fixed;
}

const ceil = moneyUp;
const floor = moneyDown;
const maxFixed = (a: Fixed, b: Fixed): Fixed => (a > b ? a : b);
/** Deltas below this are treated as consumed (float residue of spreading). */
const DELTA_EPSILON = 1e-9;

interface CcWork {
  readonly cc: CombinedCommodity;
  readonly positions: SpanPositionLosses[];
  readonly contracts: SpanContract[];
  readonly losses: Float64Array;
  readonly tierOf: (month: string) => number;
  readonly tierDelta: Map<number, number>;
  readonly tierRemaining: Map<number, number>;
  readonly monthDelta: Map<string, number>;
  scan: number;
  active: number;
  priceRisk: number;
  timeRisk: number;
  netDelta: number;
  remainingDelta: number;
  readonly interCredits: InterCreditLine[];
}

function sign(value: number): number {
  return value > DELTA_EPSILON ? 1 : value < -DELTA_EPSILON ? -1 : 0;
}

/** Spreads formable from legs with current deltas: A legs share one sign, B legs the other. */
function formable(deltas: readonly number[], legs: ReadonlyArray<{ ratio: number; side: 'A' | 'B' }>): number {
  let aSign = 0;
  let spreads = Infinity;
  for (let i = 0; i < legs.length; i++) {
    const leg = legs[i];
    const delta = deltas[i] ?? 0;
    if (leg === undefined || sign(delta) === 0) return 0;
    const legSign = leg.side === 'A' ? sign(delta) : -sign(delta);
    if (aSign === 0) aSign = legSign;
    else if (legSign !== aSign) return 0;
    spreads = Math.min(spreads, Math.abs(delta) / leg.ratio);
  }
  return legs.length < 2 || spreads === Infinity ? 0 : spreads;
}

function consume(delta: number, spreads: number, ratio: number): number {
  const left = delta - Math.sign(delta) * spreads * ratio;
  return Math.abs(left) < DELTA_EPSILON ? 0 : left;
}

function scanFacts(losses: Float64Array): { scan: number; active: number; timeRisk: number; priceRisk: number } {
  let active = 0;
  for (let j = 1; j < SPAN_SCENARIO_COUNT; j++) if ((losses[j] ?? 0) > (losses[active] ?? 0)) active = j;
  const scan = Math.max(0, losses[active] ?? 0);
  const timeRisk = ((losses[0] ?? 0) + (losses[1] ?? 0)) / 2;
  const scenario = SPAN_SCENARIOS[active];
  const paired = (scenario?.pairedPoint ?? active + 1) - 1;
  const priceRisk = scan === 0 ? 0 : ((losses[active] ?? 0) + (losses[paired] ?? 0)) / 2 - timeRisk;
  return { scan, active: active + 1, timeRisk, priceRisk };
}

function buildWork(params: SpanParams, portfolio: SpanPortfolio): Map<string, CcWork> {
  const contracts = new Map(params.contracts.map((c) => [c.id, c]));
  const ccByCode = new Map(params.ccs.map((cc) => [cc.code, cc]));
  const work = new Map<string, CcWork>();
  portfolio.positions.forEach((position, index) => {
    const contract = contracts.get(position.contract);
    if (contract === undefined) throw new InputError(['positions', index, 'contract'], `unknown contract "${position.contract}" (not in the parameter file)`);
    if (!Number.isFinite(position.quantity)) throw new InputError(['positions', index, 'quantity'], `must be a finite number, got ${position.quantity}`);
    const cc = ccByCode.get(contract.cc);
    if (cc === undefined) throw new InputError(['positions', index, 'contract'], `contract "${contract.id}" names combined commodity "${contract.cc}", which the parameter file lacks`);
    let entry = work.get(cc.code);
    if (entry === undefined) {
      const tiers = cc.tiers;
      entry = {
        cc,
        positions: [],
        contracts: [],
        losses: new Float64Array(SPAN_SCENARIO_COUNT),
        tierOf: (month) => tiers.find((t) => month >= t.startMonth && month <= t.endMonth)?.tier ?? 0,
        tierDelta: new Map(),
        tierRemaining: new Map(),
        monthDelta: new Map(),
        scan: 0,
        active: 1,
        priceRisk: 0,
        timeRisk: 0,
        netDelta: 0,
        remainingDelta: 0,
        interCredits: [],
      };
      work.set(cc.code, entry);
    }
    const losses = contract.riskArray.map((value) => position.quantity * value);
    for (let j = 0; j < SPAN_SCENARIO_COUNT; j++) entry.losses[j] = (entry.losses[j] ?? 0) + (losses[j] ?? 0);
    entry.positions.push({ contract: contract.id, quantity: position.quantity, losses });
    entry.contracts.push(contract);
    const delta = position.quantity * contract.compositeDelta;
    const tier = entry.tierOf(contract.month);
    entry.tierDelta.set(tier, (entry.tierDelta.get(tier) ?? 0) + delta);
    entry.monthDelta.set(contract.month, (entry.monthDelta.get(contract.month) ?? 0) + delta);
    entry.netDelta += delta;
  });
  return work;
}

function intraSpreads(entry: CcWork): IntraSpreadLine[] {
  for (const [tier, delta] of entry.tierDelta) entry.tierRemaining.set(tier, delta);
  const lines: IntraSpreadLine[] = [];
  for (const spread of [...entry.cc.intraSpreads].sort((a, b) => a.priority - b.priority)) {
    const deltas = spread.legs.map((leg) => entry.tierRemaining.get(leg.tier) ?? 0);
    const spreads = formable(deltas, spread.legs);
    if (spreads <= 0) continue;
    spread.legs.forEach((leg, i) => entry.tierRemaining.set(leg.tier, consume(deltas[i] ?? 0, spreads, leg.ratio)));
    lines.push({ priority: spread.priority, spreads, rate: spread.rate, charge: ceil(spreads * spread.rate) });
  }
  entry.remainingDelta = [...entry.tierRemaining.values()].reduce((sum, d) => sum + d, 0);
  return lines;
}

function spotCharges(entry: CcWork): SpotChargeLine[] {
  const lines: SpotChargeLine[] = [];
  for (const spot of entry.cc.spotCharges) {
    const monthDelta = Math.abs(entry.monthDelta.get(spot.month) ?? 0);
    if (monthDelta <= DELTA_EPSILON) continue;
    const tier = entry.tierOf(spot.month);
    const consumed = Math.abs(entry.tierDelta.get(tier) ?? 0) - Math.abs(entry.tierRemaining.get(tier) ?? 0);
    const deltaInSpreads = Math.min(monthDelta, Math.max(consumed, 0));
    const deltaOutright = monthDelta - deltaInSpreads;
    const charge = ceil(deltaInSpreads * spot.ratePerDeltaSpread + deltaOutright * spot.ratePerDeltaOutright);
    lines.push({ month: spot.month, deltaInSpreads, deltaOutright, charge });
  }
  return lines;
}

function weightedPriceRisk(entry: CcWork): number {
  const normal = entry.netDelta === 0 ? 0 : Math.abs(entry.priceRisk / entry.netDelta);
  const range = entry.cc.priceScanRange;
  if (entry.cc.wfprMethod === 'scan-range') return range ?? normal;
  if (entry.cc.wfprMethod === 'scan-range-cap') return range === null ? normal : Math.min(normal, range);
  return normal;
}

function interCredits(work: Map<string, CcWork>, spreads: readonly InterSpread[]): void {
  for (const spread of [...spreads].sort((a, b) => a.priority - b.priority)) {
    const entries = spread.legs.map((leg) => work.get(leg.cc));
    if (entries.some((e) => e === undefined)) continue;
    const legs = entries as CcWork[];
    if (spread.method === 'scanning') {
      const target = work.get(spread.targetCc ?? '');
      if (target === undefined || target.scan <= 0) continue;
      const others = legs.filter((e) => e !== target);
      let offset = 0;
      for (let j = 0; j < SPAN_SCENARIO_COUNT; j++) {
        let loss = target.losses[j] ?? 0;
        for (const other of others) loss += spread.creditRate * Math.min(0, other.losses[j] ?? 0);
        offset = Math.max(offset, loss);
      }
      const credit = Math.max(0, target.scan - offset);
      if (credit > 0) target.interCredits.push({ priority: spread.priority, method: 'scanning', cc: target.cc.code, spreads: 1, basis: offset, credit: floor(credit) });
      continue;
    }
    const deltas = legs.map((e) => e.remainingDelta);
    const formed = formable(deltas, spread.legs);
    if (formed <= 0) continue;
    spread.legs.forEach((leg, i) => {
      const entry = legs[i];
      if (entry === undefined) return;
      entry.remainingDelta = consume(deltas[i] ?? 0, formed, leg.ratio);
      const wfpr = weightedPriceRisk(entry);
      const credit = formed * leg.ratio * wfpr * spread.creditRate;
      entry.interCredits.push({ priority: spread.priority, method: 'delta', cc: entry.cc.code, spreads: formed, basis: wfpr, credit: floor(credit) });
    });
  }
}

/** The SPAN requirement of `portfolio` under `params`, with every figure kept for the explanation. */
export function computeSpan(params: SpanParams, portfolio: SpanPortfolio): SpanResult {
  const work = buildWork(params, portfolio);
  const currencies = new Set([...work.values()].map((entry) => entry.cc.currency));
  if (currencies.size > 1) throw new InputError(['positions'], `one requirement sums one currency; the portfolio spans ${[...currencies].join(', ')} (split it by currency)`);
  const intra = new Map<string, IntraSpreadLine[]>();
  const spot = new Map<string, SpotChargeLine[]>();
  for (const entry of work.values()) {
    const facts = scanFacts(entry.losses);
    entry.scan = facts.scan;
    entry.active = facts.active;
    entry.timeRisk = facts.timeRisk;
    entry.priceRisk = facts.priceRisk;
    intra.set(entry.cc.code, intraSpreads(entry));
    spot.set(entry.cc.code, spotCharges(entry));
  }
  interCredits(work, params.interSpreads);
  const ccs: SpanCcResult[] = [];
  let lov = 0n;
  let sov = 0n;
  let maintenanceSum = 0n;
  let initialSum = 0n;
  for (const entry of work.values()) {
    const scanRisk = ceil(entry.scan);
    const intraLines = intra.get(entry.cc.code) ?? [];
    const spotLines = spot.get(entry.cc.code) ?? [];
    const intraCharge = intraLines.reduce((s, l) => s + l.charge, 0n);
    const spotCharge = spotLines.reduce((s, l) => s + l.charge, 0n);
    const interCredit = entry.interCredits.reduce((s, l) => s + l.credit, 0n);
    const riskBeforeFloors = scanRisk + intraCharge + spotCharge - interCredit;
    const zeroFloor = riskBeforeFloors < 0n ? -riskBeforeFloors : 0n;
    let shortCalls = 0;
    let shortPuts = 0;
    let ccLov = 0;
    let ccSov = 0;
    const longOptionsOnly = entry.contracts.every((contract, i) => contract.kind === 'option' && (entry.positions[i]?.quantity ?? 0) >= 0);
    entry.positions.forEach((position, i) => {
      const contract = entry.contracts[i];
      if (contract === undefined || contract.kind !== 'option') return;
      const value = Math.abs(position.quantity) * contract.price * contract.contractValueFactor;
      if (position.quantity < 0) {
        ccSov += value;
        if (contract.optionType === 'put') shortPuts += -position.quantity;
        else shortCalls += -position.quantity;
      } else ccLov += value;
    });
    const counted = entry.cc.somMethod === 'gross' ? shortCalls + shortPuts : Math.max(shortCalls, shortPuts);
    const shortOptionMinimum = ceil(counted * entry.cc.somRate);
    const floored = riskBeforeFloors + zeroFloor;
    const somFloor = shortOptionMinimum > floored ? shortOptionMinimum - floored : 0n;
    const longOptionValue = floor(ccLov);
    const shortOptionValue = ceil(ccSov);
    let maintenanceRisk = floored + somFloor;
    let longOptionCap = 0n;
    if (entry.cc.limitOptionValue && longOptionsOnly && maintenanceRisk > longOptionValue) {
      longOptionCap = longOptionValue - maintenanceRisk;
      maintenanceRisk = longOptionValue;
    }
    const ratio = entry.cc.initialRatios[portfolio.accountClass];
    const initialRisk = scaleMoneyUp(maintenanceRisk, ratio);
    lov += longOptionValue;
    sov += shortOptionValue;
    maintenanceSum += maintenanceRisk;
    initialSum += initialRisk;
    ccs.push({
      cc: entry.cc.code,
      currency: entry.cc.currency,
      positions: entry.positions,
      scenarioLosses: [...entry.losses],
      activeScenario: entry.active,
      scanRisk,
      timeRisk: entry.timeRisk,
      priceRisk: entry.priceRisk,
      volatilityRisk: entry.scan - entry.priceRisk - entry.timeRisk,
      netDelta: entry.netDelta,
      tierDeltas: [...entry.tierDelta].map(([tier, delta]) => ({ tier, delta, remaining: entry.tierRemaining.get(tier) ?? delta })),
      intraSpreads: intraLines,
      spotCharges: spotLines,
      interCredits: entry.interCredits,
      shortCalls,
      shortPuts,
      shortOptionMinimum,
      riskBeforeFloors,
      zeroFloor,
      somFloor,
      longOptionCap,
      maintenanceRisk,
      initialRatio: ratio,
      initialRisk,
      longOptionValue,
      shortOptionValue,
    });
  }
  const netOptionValue = lov - sov;
  const maintenanceRaw = maintenanceSum - netOptionValue;
  const initialRaw = initialSum - netOptionValue;
  const maintenanceZeroFloor = maintenanceRaw < 0n ? -maintenanceRaw : 0n;
  const initialZeroFloor = initialRaw < 0n ? -initialRaw : 0n;
  return {
    exchangeComplex: params.exchangeComplex,
    businessDate: params.businessDate,
    accountClass: portfolio.accountClass,
    ccs,
    longOptionValue: lov,
    shortOptionValue: sov,
    netOptionValue,
    maintenanceZeroFloor,
    initialZeroFloor,
    maintenance: maxFixed(maintenanceRaw, 0n),
    initial: maxFixed(initialRaw, 0n),
  };
}
