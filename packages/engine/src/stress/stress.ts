/**
 * Stress test: the shocked marks as one `prices` command (as `margin run` would apply it, at the
 * latest mark time of those symbols so it is never stale), previewed through the engine
 * (`preview`: the real handlers on the real state, rolled back), and its events tallied per symbol
 * and per settle asset. The state is left exactly as it was.
 */
import { formatFixed, parseFixed, type Fixed } from '@margin/core';
import type { StressResult, StressSymbolJson, StressTotalJson } from '@margin/wire';
import type { EngineEvent } from '../apply/apply-command.js';
import { parseCommand } from '../commands/parse-command.js';
import { preview } from '../preview/preview.js';
import type { EngineState } from '../state/types.js';
import { resolveShocks, type ResolvedShock, type ShockSpec } from './shocks.js';

export const STRESS_ASSUMPTIONS = [
  'the shocked marks are one prices command previewed by the engine on the committed state and rolled back: margin calls, liquidations, bankruptcies, insurance cover and ADL are the engine\'s own',
  'a shocked index price moves by the same percent as the mark; the shocked price is rounded away from the old one (never a smaller move than stated)',
  'marginCall counts accounts whose pool crosses into level call or liquidation during the shock (accounts already there before are not counted again)',
  'an account counts under every symbol its affected pool holds (a cross pool: every cross position of that settle asset); totals count it once per settle asset',
  'amounts are in the settle asset of the symbol; totals are per settle asset, never summed across assets',
] as const;

class Tally {
  readonly marginCall = new Set<string>();
  readonly liquidated = new Set<string>();
  readonly bankrupt = new Set<string>();
  readonly adl = new Set<string>();
  deficit = 0n;
  insuranceUsed = 0n;
  adlContracts = 0n;
  adlHaircut = 0n;
  socialized = 0n;
  unresolved = 0n;

  json(): Omit<StressTotalJson, 'asset'> {
    return {
      marginCall: this.marginCall.size,
      liquidated: this.liquidated.size,
      bankrupt: this.bankrupt.size,
      deficit: formatFixed(this.deficit),
      insuranceUsed: formatFixed(this.insuranceUsed),
      adlAccounts: this.adl.size,
      adlContracts: formatFixed(this.adlContracts),
      adlHaircut: formatFixed(this.adlHaircut),
      socialized: formatFixed(this.socialized),
      unresolved: formatFixed(this.unresolved),
    };
  }
}

const str = (event: EngineEvent, field: string): string => String(event[field]);
const amount = (event: EngineEvent, field: string): Fixed => parseFixed(str(event, field));

/** Tallies events per (symbol, asset) and per asset. */
class StressTally {
  readonly rows = new Map<string, { symbol: string | null; asset: string; tally: Tally }>();
  readonly totals = new Map<string, Tally>();
  /** Socialized advances per account and symbol that a later deficitUnresolved may take back. */
  private readonly advanced = new Map<string, Fixed>();
  /** Bankruptcy deficits per asset (the totals' deficit is the engine's own figure). */
  readonly bankruptcyDeficit = new Map<string, Fixed>();

  constructor(private readonly state: EngineState) {}

  row(symbol: string | null, asset: string): Tally {
    const key = `${symbol ?? ''}\u0000${asset}`;
    let row = this.rows.get(key);
    if (row === undefined) {
      row = { symbol, asset, tally: new Tally() };
      this.rows.set(key, row);
    }
    return row.tally;
  }

  total(asset: string): Tally {
    let total = this.totals.get(asset);
    if (total === undefined) {
      total = new Tally();
      this.totals.set(asset, total);
    }
    return total;
  }

  /** Symbol of a position key (the state is the one before the shock: the preview rolled back). */
  private symbolOfKey(account: string, key: string): string {
    return this.state.accounts.get(account)?.positions.get(key)?.symbol ?? key.replace(/\/(long|short)$/, '');
  }

  /** Symbols of a pool: the isolated position's, or every cross position of the asset. */
  private poolSymbols(account: string, asset: string, positionKey: string | null): string[] {
    if (positionKey !== null) return [this.symbolOfKey(account, positionKey)];
    const symbols = new Set<string>();
    for (const position of this.state.accounts.get(account)?.positions.values() ?? []) {
      if (position.margin === 'cross' && this.state.markets.get(position.symbol)?.instrument.settle === asset) symbols.add(position.symbol);
    }
    return [...symbols];
  }

  private each(symbols: readonly (string | null)[], asset: string, add: (tally: Tally) => void): void {
    for (const symbol of symbols) add(this.row(symbol, asset));
    add(this.total(asset));
  }

  add(event: EngineEvent): void {
    const account = str(event, 'account');
    const asset = str(event, 'asset');
    const symbol = typeof event['symbol'] === 'string' ? event['symbol'] : null;
    switch (event.type) {
      case 'marginCall': {
        const level = str(event, 'level');
        if (level !== 'call' && level !== 'liquidation') return;
        this.each(this.poolSymbols(account, asset, event['positionKey'] as string | null), asset, (t) => t.marginCall.add(account));
        return;
      }
      case 'liquidationStarted': {
        const positions = event['positions'] as { key: string }[];
        const symbols = [...new Set(positions.map((p) => this.symbolOfKey(account, p.key)))];
        this.each(symbols, asset, (t) => t.liquidated.add(account));
        return;
      }
      case 'bankruptcy': {
        this.each(event['symbols'] as string[], asset, (t) => t.bankrupt.add(account));
        this.bankruptcyDeficit.set(asset, (this.bankruptcyDeficit.get(asset) ?? 0n) + amount(event, 'deficit'));
        return;
      }
      case 'deficitCovered': {
        const paid = amount(event, 'amount');
        if (event['by'] === 'insurance') {
          this.each([symbol], asset, (t) => { t.insuranceUsed += paid; t.deficit += paid; });
        } else {
          const key = `${account}\u0000${symbol ?? ''}`;
          this.advanced.set(key, (this.advanced.get(key) ?? 0n) + paid);
          this.each([symbol], asset, (t) => { t.socialized += paid; t.deficit += paid; });
        }
        return;
      }
      case 'deficitUnresolved': {
        const left = amount(event, 'amount');
        const key = `${account}\u0000${symbol ?? ''}`;
        const advanced = this.advanced.get(key) ?? 0n;
        // A socialized advance nobody could share is taken back: moved from socialized to unresolved.
        const takenBack = advanced < left ? advanced : left;
        if (takenBack > 0n) this.advanced.set(key, advanced - takenBack);
        this.each([symbol], asset, (t) => { t.socialized -= takenBack; t.unresolved += left; t.deficit += left - takenBack; });
        return;
      }
      case 'autoDeleveraged': {
        const size = amount(event, 'size');
        const haircut = amount(event, 'haircut');
        this.each([symbol], asset, (t) => { t.adl.add(account); t.adlContracts += size; t.adlHaircut += haircut; t.deficit += haircut; });
        return;
      }
      default:
    }
  }
}

function shockJson(shock: ResolvedShock): StressResult['shocks'][number] {
  return {
    symbol: shock.symbol,
    percent: formatFixed(shock.percent),
    markBefore: formatFixed(shock.markBefore),
    markAfter: formatFixed(shock.markAfter),
    indexBefore: shock.indexBefore === null ? null : formatFixed(shock.indexBefore),
    indexAfter: shock.indexAfter === null ? null : formatFixed(shock.indexAfter),
  };
}

/** The engine command of the shocks: one `prices` batch at the latest mark time of those symbols. */
export function stressCommand(state: EngineState, shocks: readonly ResolvedShock[]): ReturnType<typeof parseCommand> {
  let timeMs = 0;
  for (const shock of shocks) timeMs = Math.max(timeMs, state.markets.get(shock.symbol)?.priceTimeMs ?? 0);
  return parseCommand({
    type: 'prices',
    id: `stress:prices:${state.lastSeq + 1}`,
    time: new Date(timeMs).toISOString(),
    prices: shocks.map((shock) => ({
      symbol: shock.symbol,
      markPrice: formatFixed(shock.markAfter),
      ...(shock.indexAfter === null ? {} : { indexPrice: formatFixed(shock.indexAfter) }),
    })),
  });
}

/** The events of `events` tallied per symbol and settle asset (exported for tests and the bench). */
export function tallyStress(state: EngineState, events: readonly EngineEvent[]): Pick<StressResult, 'symbols' | 'totals' | 'events'> {
  const tally = new StressTally(state);
  const counts: Record<string, number> = {};
  for (const event of events) {
    counts[event.type] = (counts[event.type] ?? 0) + 1;
    tally.add(event);
  }
  const symbols: StressSymbolJson[] = [...tally.rows.values()]
    .sort((a, b) => ((a.symbol ?? '\uffff') < (b.symbol ?? '\uffff') ? -1 : (a.symbol ?? '\uffff') > (b.symbol ?? '\uffff') ? 1 : a.asset < b.asset ? -1 : 1))
    .map((row) => ({ symbol: row.symbol, asset: row.asset, ...row.tally.json() }));
  const totals: StressTotalJson[] = [...tally.totals.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([asset, total]) => ({ asset, ...total.json() }));
  const sorted = Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { symbols, totals, events: sorted };
}

/** What the shocks do to the book, as the engine answers; the state is left unchanged. */
export function stressTest(state: EngineState, specs: readonly ShockSpec[]): StressResult {
  const shocks = resolveShocks(state, specs);
  const command = stressCommand(state, shocks);
  const result = preview(state, command, { accounts: [], reportAccounts: false });
  return {
    asOfSeq: state.lastSeq,
    accounts: state.accounts.size,
    shocks: shocks.map(shockJson),
    accepted: result.verdict.accepted,
    reason: result.verdict.reason,
    ...tallyStress(state, result.events),
    assumptions: [...STRESS_ASSUMPTIONS],
  };
}
