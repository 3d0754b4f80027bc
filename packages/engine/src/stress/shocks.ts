/**
 * Price shocks of a stress test: `SYMBOL=+/-N%` entries (decimal percent), comma-separated, or
 * `ALL=N%` for every market with a mark; a named symbol overrides ALL. Each bad entry is one
 * InputError naming the field and the rule.
 */
import { InputError, ONE, divRound, formatFixed, parseFixed, type Fixed, type PathSegment } from '@margin/core';
import type { EngineState } from '../state/types.js';

/** Every market with a mark. */
export const ALL_SYMBOLS = 'ALL';

export interface ShockSpec {
  /** A symbol or `ALL`. */
  readonly symbol: string;
  /** Percent as a kernel value (-10% is -10 x 10^18). */
  readonly percent: Fixed;
}

export interface ResolvedShock {
  readonly symbol: string;
  readonly percent: Fixed;
  readonly markBefore: Fixed;
  readonly markAfter: Fixed;
  readonly indexBefore: Fixed | null;
  readonly indexAfter: Fixed | null;
}

const PERCENT = /^([+-]?\d+(?:\.\d{1,16})?)%?$/;
const HUNDRED = 100n * ONE;

function percentOf(text: string, path: readonly PathSegment[]): Fixed {
  const match = PERCENT.exec(text.trim());
  if (match === null) throw new InputError(path, `must be a signed decimal percent like "-10%" or "+2.5%", got "${text}"`);
  const percent = parseFixed((match[1] as string).replace(/^\+/, ''));
  if (percent <= -HUNDRED) throw new InputError(path, `must be above -100% (a mark cannot reach zero or below), got "${text}"`);
  return percent;
}

/** Entries of symbol (or ALL) to percent text; one entry per symbol. */
export function shockSpecs(entries: readonly (readonly [string, string])[], path: readonly PathSegment[]): ShockSpec[] {
  if (entries.length === 0) throw new InputError(path, 'must name at least one shock like "BTCUSDT=-10%"');
  const seen = new Set<string>();
  return entries.map(([symbol, text]) => {
    if (symbol.length === 0) throw new InputError(path, `each entry must be SYMBOL=PERCENT (e.g. "BTCUSDT=-10%"), got an empty symbol`);
    if (seen.has(symbol)) throw new InputError([...path, symbol], 'is shocked twice (one entry per symbol)');
    seen.add(symbol);
    return { symbol, percent: percentOf(text, [...path, symbol]) };
  });
}

/** `BTCUSDT=-10%,ETHUSDT=-15%` (the CLI grammar). */
export function parseShocks(text: string, path: readonly PathSegment[] = ['shock']): ShockSpec[] {
  const entries = text.split(',').map((part) => part.trim()).filter((part) => part.length > 0).map((part): [string, string] => {
    const at = part.indexOf('=');
    if (at <= 0 || at === part.length - 1) throw new InputError(path, `each entry must be SYMBOL=PERCENT (e.g. "BTCUSDT=-10%" or "ALL=-5%"), got "${part}"`);
    return [part.slice(0, at).trim(), part.slice(at + 1).trim()];
  });
  return shockSpecs(entries, path);
}

/** The mark moved by `percent`, rounded away from the old mark so the shock is never smaller than stated. */
export function shockedPrice(price: Fixed, percent: Fixed): Fixed {
  const delta = divRound(price * percent, HUNDRED, percent < 0n ? 'floor' : 'ceil');
  const moved = price + delta;
  return moved > 0n ? moved : 1n;
}

/** The shocks against the state's markets: unknown symbols and markets without a mark are errors. */
export function resolveShocks(state: EngineState, specs: readonly ShockSpec[], path: readonly PathSegment[] = ['shock']): ResolvedShock[] {
  const bySymbol = new Map<string, Fixed>();
  const all = specs.find((spec) => spec.symbol === ALL_SYMBOLS);
  if (all !== undefined) {
    for (const [symbol, market] of state.markets) if (market.markPrice !== null) bySymbol.set(symbol, all.percent);
  }
  for (const spec of specs) {
    if (spec.symbol === ALL_SYMBOLS) continue;
    const market = state.markets.get(spec.symbol);
    if (market === undefined) {
      const known = [...state.markets.keys()].sort();
      const list = known.length <= 10 ? known.join(', ') : `${known.slice(0, 10).join(', ')}, ...`;
      throw new InputError([...path, spec.symbol], `unknown symbol (the state has ${known.length === 0 ? 'no instruments' : list}; or use ALL)`);
    }
    if (market.markPrice === null) throw new InputError([...path, spec.symbol], 'has no mark price yet (nothing to shock)');
    bySymbol.set(spec.symbol, spec.percent);
  }
  if (bySymbol.size === 0) throw new InputError(path, 'ALL names no market with a mark price');
  return [...bySymbol.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([symbol, percent]) => {
    const market = state.markets.get(symbol);
    const markBefore = market?.markPrice as Fixed;
    const indexBefore = market?.indexPrice ?? null;
    return {
      symbol,
      percent,
      markBefore,
      markAfter: shockedPrice(markBefore, percent),
      indexBefore,
      indexAfter: indexBefore === null ? null : shockedPrice(indexBefore, percent),
    };
  });
}

export function percentText(percent: Fixed): string {
  return formatFixed(percent);
}
