/**
 * Account views a partition answers for the gateway with the server's and the engine's own code on
 * its committed state: the collateral breakdown (`accountCollateralJson`), the venue comparison
 * (`compareAccount`) and the per-account history replayed from the partition's journal (the
 * server's `openJournalAccountHistory`, started on the first request as `margin serve` starts it,
 * then following each commit).
 */
import { InputError, parseFixed } from '@margin/core';
import { accountCollateralJson, compareAccount } from '@margin/engine';
import type { DurableHost, JournalHistory } from '@margin/host';
import { journalPointJson, openJournalAccountHistory, type JournalFigures } from '@margin/server';

export type AccountViewRequest =
  | { readonly view: 'collateral'; readonly account: string }
  | { readonly view: 'compare'; readonly account: string; readonly asset?: string; readonly premium?: string }
  | { readonly view: 'history'; readonly account: string; readonly limit: number };

/** `found` false: no such account; `assetFound` false: no such asset; `problem`: a 400 on `params.account` (compare). */
export interface AccountViewAnswer {
  readonly found: boolean;
  readonly assetFound?: boolean;
  readonly problem?: string;
  readonly result?: unknown;
}

export class PartitionAccountViews {
  private journalHistory: JournalHistory<JournalFigures> | null = null;
  private opening: Promise<JournalHistory<JournalFigures>> | null = null;

  constructor(private readonly host: DurableHost) {}

  async answer(request: AccountViewRequest): Promise<AccountViewAnswer> {
    const account = request.account;
    switch (request.view) {
      case 'collateral':
        return this.host.read(({ state }) => (state.accounts.has(account) ? { found: true, result: { account, pool: accountCollateralJson(state, account) } } : { found: false }));
      case 'compare':
        return this.host.read(({ state }) => {
          if (!state.accounts.has(account)) return { found: false };
          if (request.asset !== undefined && !state.assets.has(request.asset)) return { found: true, assetFound: false };
          try {
            const report = compareAccount(state, account, { ...(request.asset === undefined ? {} : { asset: request.asset }), ...(request.premium === undefined ? {} : { premium: parseFixed(request.premium) }) });
            return report === null ? { found: false } : { found: true, result: { account, asOfSeq: state.lastSeq, ...report } };
          } catch (error) {
            if (error instanceof InputError) return { found: true, problem: error.message };
            throw error;
          }
        });
      case 'history': {
        const exists = await this.host.read(({ state }) => state.accounts.has(account));
        if (!exists) return { found: false };
        const history = await this.history();
        const status = history.status();
        return { found: true, result: { points: history.points(account, request.limit).map(journalPointJson), status, lastSeq: this.host.lastSeq, gridMs: history.gridMs } };
      }
    }
  }

  /** Opened on the first history request; then follows every commit (in the background). */
  private history(): Promise<JournalHistory<JournalFigures>> {
    if (this.journalHistory !== null) return Promise.resolve(this.journalHistory);
    this.opening ??= openJournalAccountHistory(this.host.journal).then((history) => {
      this.journalHistory = history;
      void history.catchUp();
      this.host.subscribe(() => void history.catchUp());
      return history;
    });
    return this.opening;
  }

  async stop(): Promise<void> {
    await this.journalHistory?.stop();
  }
}
