/**
 * The 16 standard SPAN risk scenarios (CME "Components of SPAN"; PC-SPAN XML `scanPointDef`):
 * price move as a fraction of the price scan range, volatility move as a multiple of the
 * volatility scan range, the fraction of the loss counted, and the paired scenario (same price
 * move, other volatility move). Scenarios 15 and 16 are the extreme moves: a multiple of the
 * price scan range (CME: 3) with only a cover fraction of the loss counted (CME: 0.33 to 0.35).
 */
export interface SpanScenario {
  /** 1 to 16. */
  readonly point: number;
  /** Price move in price scan ranges (before the extreme multiplier). */
  readonly priceMove: number;
  /** Volatility move in volatility scan ranges: +1, -1 or 0. */
  readonly volMove: number;
  /** True for 15 and 16: the move is multiplied by the extreme multiplier and the loss by the cover fraction. */
  readonly extreme: boolean;
  /** The scenario with the same price move and the other volatility move (itself for 15, 16). */
  readonly pairedPoint: number;
}

const MOVES = [0, 1 / 3, -1 / 3, 2 / 3, -2 / 3, 1, -1];

function standard(): SpanScenario[] {
  const scenarios: SpanScenario[] = [];
  MOVES.forEach((priceMove, index) => {
    const up = 2 * index + 1;
    scenarios.push({ point: up, priceMove, volMove: 1, extreme: false, pairedPoint: up + 1 });
    scenarios.push({ point: up + 1, priceMove, volMove: -1, extreme: false, pairedPoint: up });
  });
  scenarios.push({ point: 15, priceMove: 1, volMove: 0, extreme: true, pairedPoint: 15 });
  scenarios.push({ point: 16, priceMove: -1, volMove: 0, extreme: true, pairedPoint: 16 });
  return scenarios;
}

export const SPAN_SCENARIOS: readonly SpanScenario[] = standard();
export const SPAN_SCENARIO_COUNT = 16;

/**
 * Delta points of the composite delta: the seven price levels of the scan, weighted by a normal
 * density with the price scan range at three standard deviations (our choice where a parameter
 * file gives no `deltaPointDef`; CME: "probability-weighted estimates of what each contract's
 * delta will be one day in the future", SPAN advisory 04-06).
 */
export const SPAN_DELTA_POINTS: ReadonlyArray<{ readonly priceMove: number; readonly weight: number }> = (() => {
  const density = (x: number): number => Math.exp(-0.5 * x * x);
  const raw = MOVES.map((move) => ({ priceMove: move, weight: density(3 * move) }));
  const total = raw.reduce((sum, point) => sum + point.weight, 0);
  return raw.map((point) => ({ priceMove: point.priceMove, weight: point.weight / total }));
})();
