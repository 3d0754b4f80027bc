/**
 * The portfolio requirement of an account's cross positions in one settle asset: the positions
 * mapped through `pricedPositionOf`, grouped by parameter set (one grid per settlement currency;
 * one component set per underlying), each group run through core's method, the requirements
 * summed. The same functions `margin risk` runs on the same positions and marks, so the two agree
 * exactly (a test checks it). Option positions of the option book join their unit's group
 * (portfolio-options.ts), keyed by their symbol. Valuation time: the latest price time of the positions' markets
 * (the engine has no clock; options and dated futures need a time to expiry).
 */
import {
  computeDeribitPm,
  computeOkxPm,
  explainDeribitPm,
  explainOkxPm,
  invariant,
  type DeribitPmResult,
  type Fixed,
  type OkxPmResult,
  type PmLine,
  type PricedPosition,
} from '@margin/core';
import type { EngineState } from '../state/types.js';
import { paramsFor, type EngineModel, type ModelParams } from './portfolio-model.js';
import { pricedPositionOf, type HeldPosition } from './portfolio-position.js';
import { pricedOptionOf, type HeldOption } from './portfolio-options.js';
import type { SpanRequirement } from './span-requirement.js';

export interface PortfolioGroup {
  /** Settlement currency (grid) or underlying (components). */
  readonly key: string;
  readonly settlement: 'linear' | 'inverse';
  /** Position keys in the order of the result's per-position P&L. */
  readonly positionKeys: readonly string[];
  readonly priced: readonly PricedPosition[];
  readonly result: { readonly method: 'grid'; readonly value: DeribitPmResult } | { readonly method: 'components'; readonly value: OkxPmResult };
  readonly initial: Fixed;
  readonly maintenance: Fixed;
  readonly explain: { readonly initial: readonly PmLine[]; readonly maintenance: readonly PmLine[] };
}

export interface PortfolioRequirement {
  readonly model: string;
  readonly nowMs: number;
  readonly initial: Fixed;
  readonly maintenance: Fixed;
  readonly groups: readonly PortfolioGroup[];
  /** SPAN accounts (span-account.ts): the set's result; `groups` is empty then. */
  readonly span?: SpanRequirement;
}

/** Requirement of `positions` and `options` (cross, one settle asset) under `model`; every symbol must be held by it (checked on entry). */
export function portfolioRequirement(state: EngineState, model: EngineModel, positions: readonly HeldPosition[], options: readonly HeldOption[] = []): PortfolioRequirement {
  const byKey = new Map<string, { params: ModelParams; held: HeldPosition[]; priced: PricedPosition[] }>();
  let nowMs = 0;
  for (const position of positions) {
    const market = state.markets.get(position.symbol);
    invariant(market !== undefined && market.markPrice !== null, `market ${position.symbol} has a mark price`);
    if (market.priceTimeMs !== null && market.priceTimeMs > nowMs) nowMs = market.priceTimeMs;
    const params = paramsFor(model, market);
    invariant(!('refusal' in params), `portfolio model ${model.name} holds ${position.symbol}`);
    let group = byKey.get(params.key);
    if (group === undefined) byKey.set(params.key, (group = { params, held: [], priced: [] }));
    group.held.push(position);
    group.priced.push(pricedPositionOf(position, market));
  }
  for (const option of options) {
    const { market, priced, timeMs } = pricedOptionOf(state, option);
    if (timeMs > nowMs) nowMs = timeMs;
    const params = paramsFor(model, market);
    invariant(!('refusal' in params), `portfolio model ${model.name} holds ${option.symbol}`);
    let group = byKey.get(params.key);
    if (group === undefined) byKey.set(params.key, (group = { params, held: [], priced: [] }));
    group.held.push({ key: option.symbol, symbol: option.symbol, size: option.size });
    group.priced.push(priced);
  }
  const groups: PortfolioGroup[] = [];
  let initial = 0n;
  let maintenance = 0n;
  for (const key of [...byKey.keys()].sort()) {
    const { params, held, priced } = byKey.get(key) as { params: ModelParams; held: HeldPosition[]; priced: PricedPosition[] };
    const positionKeys = held.map((p) => p.key);
    let group: PortfolioGroup;
    if (params.method === 'grid') {
      const value = computeDeribitPm(params.params, priced, nowMs);
      group = { key, settlement: params.params.settlement, positionKeys, priced, result: { method: 'grid', value }, initial: value.initial, maintenance: value.maintenance, explain: explainDeribitPm(value) };
    } else {
      const value = computeOkxPm(params.params, priced, nowMs, 0);
      group = { key, settlement: params.params.settlement, positionKeys, priced, result: { method: 'components', value }, initial: value.initial, maintenance: value.maintenance, explain: explainOkxPm(value) };
    }
    groups.push(group);
    initial += group.initial;
    maintenance += group.maintenance;
  }
  return { model: model.name, nowMs, initial, maintenance, groups };
}
