/**
 * Per-account outcomes of a crash simulation, written next to its time series
 * (`<run>-accounts.csv`): what each account started with (deposit, side, leverage, margin mode,
 * from its setup commands), what the path did to it (liquidations, bankruptcies, auto-
 * deleveraging, counted from the engine's events; the time of the first liquidation) and where
 * it ended (equity and position left, read from the engine's own risk report).
 */
import { accountRiskJson, type EngineEvent, type EngineState } from '@margin/engine';
import type { Json } from './population.js';

export interface AccountOutcome {
  readonly account: string;
  readonly group: string;
  readonly symbol: string;
  readonly asset: string;
  readonly side: 'long' | 'short';
  readonly leverage: string;
  readonly marginMode: 'cross' | 'isolated';
  readonly deposit: string;
  readonly sizeAtStart: string;
  readonly liquidations: number;
  readonly bankruptcies: number;
  readonly adlEvents: number;
  readonly firstLiquidationTime: string;
  readonly equityAtEnd: string;
  /** Equity at the end - deposit (float: a report figure, not money moved). */
  readonly pnl: string;
  readonly sizeAtEnd: string;
}

interface Setup {
  symbol: string;
  asset: string;
  side: 'long' | 'short';
  leverage: string;
  marginMode: 'cross' | 'isolated';
  deposit: string;
  size: string;
}

export class OutcomeTracker {
  private readonly setups = new Map<string, Setup>();
  private readonly counts = new Map<string, { liquidations: number; bankruptcies: number; adl: number; first: string }>();

  /** Reads the setup commands (deposit, margin mode, leverage, fill) of each account. */
  constructor(commands: readonly Json[]) {
    const partial = new Map<string, Partial<Setup>>();
    for (const json of commands) {
      const account = json['account'];
      if (typeof account !== 'string') continue;
      const setup = partial.get(account) ?? {};
      if (json['type'] === 'deposit') {
        setup.deposit = String(json['amount']);
        setup.asset = String(json['asset']);
      } else if (json['type'] === 'setMarginMode') setup.marginMode = json['mode'] === 'isolated' ? 'isolated' : 'cross';
      else if (json['type'] === 'setLeverage') setup.leverage = String(json['leverage']);
      else if (json['type'] === 'fill') {
        setup.symbol = String(json['symbol']);
        setup.side = json['side'] === 'buy' ? 'long' : 'short';
        setup.size = String(json['size']);
      }
      partial.set(account, setup);
    }
    for (const [account, setup] of partial) {
      if (setup.symbol === undefined || setup.deposit === undefined) continue;
      this.setups.set(account, { marginMode: 'cross', leverage: '', asset: '', side: 'long', size: '0', ...setup } as Setup);
    }
  }

  observe(events: readonly EngineEvent[], time: string): void {
    for (const event of events) {
      const type = event.type;
      if (type !== 'liquidationStarted' && type !== 'bankruptcy' && type !== 'autoDeleveraged') continue;
      const account = event['account'] as string;
      const count = this.counts.get(account) ?? { liquidations: 0, bankruptcies: 0, adl: 0, first: '' };
      if (type === 'liquidationStarted') {
        count.liquidations++;
        if (count.first === '') count.first = time;
      } else if (type === 'bankruptcy') count.bankruptcies++;
      else count.adl++;
      this.counts.set(account, count);
    }
  }

  outcomes(state: EngineState, groupOf: (account: string) => string): AccountOutcome[] {
    const rows: AccountOutcome[] = [];
    for (const [account, setup] of [...this.setups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const risk = accountRiskJson(state, account, setup.asset);
      const equity = risk?.account.equity ?? '0';
      const position = risk?.positions.find((p) => p.symbol === setup.symbol);
      const count = this.counts.get(account) ?? { liquidations: 0, bankruptcies: 0, adl: 0, first: '' };
      const decimals = setup.asset === 'BTC' ? 8 : 2;
      rows.push({
        account,
        group: groupOf(account),
        symbol: setup.symbol,
        asset: setup.asset,
        side: setup.side,
        leverage: setup.leverage,
        marginMode: setup.marginMode,
        deposit: setup.deposit,
        sizeAtStart: setup.size,
        liquidations: count.liquidations,
        bankruptcies: count.bankruptcies,
        adlEvents: count.adl,
        firstLiquidationTime: count.first,
        equityAtEnd: equity,
        pnl: (Number(equity) - Number(setup.deposit)).toFixed(decimals),
        sizeAtEnd: position === undefined ? '0' : position.size.replace(/^-/, ''),
      });
    }
    return rows;
  }
}

const COLUMNS = ['account', 'group', 'symbol', 'asset', 'side', 'leverage', 'marginMode', 'deposit', 'sizeAtStart', 'liquidations', 'bankruptcies', 'adlEvents', 'firstLiquidationTime', 'equityAtEnd', 'pnl', 'sizeAtEnd'] as const;

export function outcomesCsv(rows: readonly AccountOutcome[]): string {
  const lines = rows.map((row) => COLUMNS.map((column) => String(row[column])).join(','));
  return `${[COLUMNS.join(','), ...lines].join('\n')}\n`;
}
