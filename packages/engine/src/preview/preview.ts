/**
 * `preview(state, commands)`: what `applyCommand` would do next, without doing it. Like dYdX v4's
 * `CanUpdateSubaccounts`, the answer is the engine's own: the same code runs on the same state.
 *
 * How: the commands are applied for real, through `applyCommand`, to a view of the state whose
 * account, market and asset maps save each object the first time a handler reaches it (see
 * recording-map.ts, memento.ts), while the risk scan logs every row change (ScanIndex journal).
 * Then everything saved is put back in place, newest first, and the command ids are forgotten.
 * The cost is that of applying the commands plus a copy of each object they reach: a fill reaches
 * one account, one market, one asset ledger; a price reaches every holder the scan flags and every
 * account a liquidation then touches, exactly as applying it would. Nothing is O(whole state)
 * unless the command itself is (a full rescan, an instrument redefinition, an expiry).
 */
import type { RiskJson } from '@margin/core';
import { applyCommand, type EngineEvent } from '../apply/apply-command.js';
import type { RejectCode } from '../codes.js';
import type { Command } from '../commands/schema.js';
import { accountRiskJson } from '../report/account-risk.js';
import type { Account, AssetLedger, EngineState, Market, Position } from '../state/types.js';
import { accountChanged, restoreAccount, restoreAsset, restoreMarket, saveAccount, saveAsset, saveMarket, type AccountMemento, type AssetMemento, type MarketMemento } from './memento.js';
import { RecordingMap } from './recording-map.js';
import { restoreOptionBook, saveOptionBook } from './option-rollback.js';
import { restoreSpanBook, saveSpanBook } from './span-rollback.js';
import { optionMarket } from '../state/option-book.js';

/** The engine's verdict on a command: accepted, a duplicate id, or rejected with its code. */
export interface PreviewVerdict {
  readonly accepted: boolean;
  /** The command id was applied before: the engine would answer `duplicate` and change nothing. */
  readonly duplicate: boolean;
  readonly code: RejectCode | null;
  readonly reason: string | null;
}

export interface PreviewStep {
  readonly commandId: string;
  readonly type: Command['type'];
  readonly verdict: PreviewVerdict;
  /** Exactly the events `applyCommand` would return, stamped with the seq it would get. */
  readonly events: EngineEvent[];
}

/** An account the commands changed (or named), its risk now and after, in one settle asset. */
export interface PreviewAccount {
  readonly account: string;
  readonly asset: string | null;
  /** `accountRiskJson` now; null when the account does not exist yet. */
  readonly before: RiskJson | null;
  /** `accountRiskJson` once the commands are applied. */
  readonly after: RiskJson | null;
}

export interface PreviewResult {
  /** Accepted when every command is; otherwise the first command that is not. */
  readonly verdict: PreviewVerdict;
  readonly steps: PreviewStep[];
  /** Every step's events in order. */
  readonly events: EngineEvent[];
  /** Touched accounts, by id: the commands' own, those named by an event, and every other one that changed. */
  readonly accounts: PreviewAccount[];
}

export interface PreviewOptions {
  /** Seq of the first command (the next ones count up); default the state's last seq + 1. */
  readonly seq?: number;
  /** Settle asset of the risk reports; default the last command's symbol's, else each account's default. */
  readonly asset?: string;
  /** Accounts to report whether or not the commands touch them (a what-if asks about one account). */
  readonly accounts?: readonly string[];
  /** false: skip the before/after risk reports (`accounts` is empty); a stress test needs only the events. */
  readonly reportAccounts?: boolean;
}

const ACCEPTED: PreviewVerdict = { accepted: true, duplicate: false, code: null, reason: null };

function verdictOf(events: readonly EngineEvent[]): PreviewVerdict {
  const first = events[0];
  if (first?.type === 'duplicate') return { accepted: false, duplicate: true, code: null, reason: 'command id already applied' };
  if (first?.type === 'rejected') return { accepted: false, duplicate: false, code: first['code'] as RejectCode, reason: String(first['reason']) };
  return ACCEPTED;
}

function symbolOf(command: Command): string | undefined {
  return 'symbol' in command && typeof command.symbol === 'string' ? command.symbol : undefined;
}

/** Saves what a preview reaches, and puts it back. */
class Rollback {
  readonly accounts: AccountMemento[] = [];
  readonly markets: MarketMemento[] = [];
  readonly assets: AssetMemento[] = [];
  readonly ids: string[] = [];
  readonly accountMap: RecordingMap<string, Account>;
  readonly marketMap: RecordingMap<string, Market>;
  readonly assetMap: RecordingMap<string, AssetLedger>;

  constructor(private readonly state: EngineState) {
    this.accountMap = new RecordingMap(state.accounts, (_id, account) => this.accounts.push(saveAccount(account)));
    this.marketMap = new RecordingMap(state.markets, (_symbol, market) => this.markets.push(saveMarket(market)));
    this.assetMap = new RecordingMap(state.assets, (_asset, ledger) => this.assets.push(saveAsset(ledger)));
  }

  /** A state that shares everything with the real one but records through the three maps. */
  view(): EngineState {
    return { ...this.state, accounts: this.accountMap, markets: this.marketMap, assets: this.assetMap };
  }

  /** Positions handed out by the scan (holders of a symbol): save their accounts before they change. */
  onItems(items: readonly object[]): void {
    for (const item of items) this.accountMap.get((item as Position).accountId);
  }

  /** Accounts that differ from their mementos (most accounts a command reaches are only read). */
  changedAccounts(): AccountMemento[] {
    return this.accounts.filter(accountChanged);
  }

  restore(changed: readonly AccountMemento[] | null): void {
    this.state.scan.rollbackJournal();
    for (const id of this.ids) this.state.appliedIds.delete(id);
    for (const saved of changed ?? this.accounts) restoreAccount(saved);
    for (const saved of this.markets) restoreMarket(saved);
    for (const saved of this.assets) restoreAsset(saved);
    for (const id of this.accountMap.added) this.state.accounts.delete(id);
    for (const symbol of this.marketMap.added) this.state.markets.delete(symbol);
    for (const asset of this.assetMap.added) this.state.assets.delete(asset);
  }
}

/**
 * What `applyCommand` would do with `commands`, in order, from this state: each command's verdict
 * and events, and the before/after risk of the accounts they touch. The state is left exactly as
 * it was (same objects, same values, same scan rows; `stateHash` unchanged). A `price`/`prices`
 * command is previewed exactly: its margin calls and liquidations of every account included.
 */
export function preview(state: EngineState, commands: Command | readonly Command[], options: PreviewOptions = {}): PreviewResult {
  const list: readonly Command[] = Array.isArray(commands) ? commands : [commands as Command];
  const firstSeq = options.seq ?? state.lastSeq + 1;
  const rollback = new Rollback(state);
  const view = rollback.view();
  const steps: PreviewStep[] = [];
  const named = new Set<string>(options.accounts ?? []);
  let after: Map<string, RiskJson | null>;
  let assetOf: (account: string) => string | undefined;
  // Accounts to write back; null (all saved) when the commands threw before it was known.
  let changed: AccountMemento[] | null = null;
  state.scan.startJournal((items) => rollback.onItems(items));
  const savedOptions = saveOptionBook(state);
  const savedSpan = saveSpanBook(state, list);
  try {
    list.forEach((command, i) => {
      if (!state.appliedIds.has(command.id)) rollback.ids.push(command.id);
      const { events } = applyCommand(view, command, { seq: firstSeq + i });
      steps.push({ commandId: command.id, type: command.type, verdict: verdictOf(events), events });
      if ('account' in command && typeof command.account === 'string') named.add(command.account);
      for (const event of events) if (typeof event['account'] === 'string') named.add(event['account']);
    });
    changed = rollback.changedAccounts();
    for (const saved of changed) named.add(saved.account.id);
    for (const id of rollback.accountMap.added) named.add(id);
    const lastSymbol = [...list].reverse().map(symbolOf).find((symbol) => symbol !== undefined);
    const settle = options.asset ?? (lastSymbol === undefined ? undefined : (state.markets.get(lastSymbol)?.instrument.settle ?? optionMarket(state, lastSymbol)?.instrument.settle));
    assetOf = () => settle;
    // Read through the real maps: reading must not record.
    if (options.reportAccounts === false) named.clear();
    after = new Map([...named].map((id) => [id, accountRiskJson(state, id, assetOf(id))]));
  } finally {
    rollback.restore(changed);
    restoreOptionBook(state, savedOptions);
    restoreSpanBook(state, savedSpan);
  }
  const accounts = [...named].sort().map((id) => ({
    account: id,
    asset: assetOf(id) ?? after.get(id)?.account.settle ?? null,
    before: accountRiskJson(state, id, assetOf(id)),
    after: after.get(id) ?? null,
  }));
  const verdict = steps.map((step) => step.verdict).find((v) => !v.accepted) ?? ACCEPTED;
  return { verdict, steps, events: steps.flatMap((step) => step.events), accounts };
}
