/**
 * Anti-procyclicality tools over a series of calculated margin rates c_t (EMIR RTS 153/2013
 * Art. 28(1), https://eur-lex.europa.eu/eli/reg_del/2013/153/oj; the article gives no formulas,
 * these are the engine's modes, docs/dynamic-margin.md):
 *
 *   (a) buffer b:   B_0 = (1+b)·c_0;  B_t = max(c_t, min((1+b)·c_t, B_{t−1}))
 *       the buffer is built in calm times and used up (down to c_t) when margins rise
 *   daily cap k:    charged_t = min(cand_t, (1+k)·charged_{t−1});  shortfall_t = max(0, c_t − charged_t)
 *       (not EMIR: a limit on how fast a venue raises margins, with the cover it gives up reported)
 *
 * (b) the weight on stressed observations and (c) the long-lookback floor act on the volatility
 * and live in the model runner (models.ts).
 */

/** Apply the buffer in place over [start, n): `out[t] ≥ calculated[t]` always. */
export function applyBuffer(calculated: Float64Array, buffer: number, start: number, out: Float64Array): void {
  const factor = 1 + buffer;
  let previous = Number.NaN;
  for (let t = start; t < calculated.length; t++) {
    const c = calculated[t] as number;
    const b = t === start ? factor * c : Math.max(c, Math.min(factor * c, previous));
    out[t] = b;
    previous = b;
  }
}

/**
 * Cap daily increases of `candidate` at (1+cap)x the previous charged rate; writes the charged
 * rate and the shortfall against `calculated` (what the model required) over [start, n).
 */
export function applyDailyCap(candidate: Float64Array, calculated: Float64Array, cap: number | null, start: number, charged: Float64Array, shortfall: Float64Array): void {
  let previous = Number.NaN;
  for (let t = start; t < candidate.length; t++) {
    const want = candidate[t] as number;
    const rate = t === start || cap === null ? want : Math.min(want, (1 + cap) * previous);
    charged[t] = rate;
    shortfall[t] = Math.max(0, (calculated[t] as number) - rate);
    previous = rate;
  }
}
