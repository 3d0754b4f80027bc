/**
 * The risk partition's fund floats: the cluster's insurance fund lives in the risk partition
 * (partition 0: `insuranceDeposit` goes there only), and every other partition holds a float of
 * it, kept at a target by explicit transfers, so a liquidation in any partition is covered by
 * the fund as in one process (within the float; docs/scale-out.md states the bound).
 *
 * A pass (`rebalance`) reads every partition's funds and, per target, tops a partition below its
 * float up from the risk partition (as far as the risk partition holds money) and sweeps what is
 * above twice the float back. Each transfer is two commands through the stream,
 * `insuranceTransfer` leg `out` (applied by the source: fund -> `transfers`, refused when the fund
 * is short) and, only after the out leg committed accepted, leg `in` (applied by the destination:
 * `transfers` -> fund). Exactly once: the legs' command ids derive from the transfer id
 * (`xfer:<n>:out`, `xfer:<n>:in`); JetStream drops a republish, the journal answers a redelivery as
 * a duplicate. Crash between the legs: `recover` (run by `start`) finds every journaled out leg
 * whose in leg is missing and sends the in leg, then goes on numbering after the last transfer.
 * Money on its way shows in the system account `transfers` (the auditor reports it).
 */
import { InputError, formatUnits, parseUnits } from '@margin/core';
import { parseCommand } from '@margin/engine';
import { jetstreamManager } from '@nats-io/jetstream';
import type { ClusterClient } from './cluster-client.js';
import type { PassLock } from './pass-lock.js';
import { PassLoop } from './pass-loop.js';
import { RISK_PARTITION } from './partition-map.js';
import { STREAM } from './subjects.js';
import type { JournaledCommand, ReadRequest } from './worker.js';

/** Keep each non-risk partition's fund of `asset` (or of `symbol`, a symbol fund) at `float`. */
export interface FloatTarget {
  readonly asset: string;
  readonly symbol?: string;
  /** Decimal string in the asset's units, e.g. "5000". */
  readonly float: string;
}

export interface TransferRecord {
  readonly transfer: string;
  readonly from: number;
  readonly to: number;
  readonly asset: string;
  readonly symbol?: string;
  readonly amount: string;
  readonly status: 'done' | 'refused';
}

interface FundsAnswer {
  readonly funds: Record<string, Record<string, string>>;
}

interface TransferCommand {
  type: 'insuranceTransfer';
  id: string;
  transfer: string;
  leg: 'out' | 'in';
  asset: string;
  amount: string;
  from: number;
  to: number;
  symbol?: string;
}

/** Ids probed per `journaled` read during recovery. */
const PROBE_CHUNK = 200;
/** One read attempt; a worker killed mid-request does not answer, so reads are retried. */
const READ_ATTEMPT_MS = 2_000;
/** Fund balances are read and computed at the kernel's 18 digits; differences keep the asset's own. */
const DIGITS = 18;

/** `--float USDT:5000,USDT:BTCUSDT:1000`: per asset (and optionally per symbol fund) the float of each non-risk partition. */
export function parseFloatTargets(text: string): FloatTarget[] {
  if (text.trim() === '') return [];
  return text.split(',').map((item) => {
    const parts = item.trim().split(':');
    const amount = parts[parts.length - 1] ?? '';
    if ((parts.length !== 2 && parts.length !== 3) || parts.some((part) => part === '') || !/^\d+(\.\d+)?$/.test(amount) || Number(amount) <= 0) {
      throw new InputError(['--float'], `each item must be ASSET:AMOUNT or ASSET:SYMBOL:AMOUNT with a positive decimal amount, got "${item}"`);
    }
    return parts.length === 2 ? { asset: parts[0] as string, float: amount } : { asset: parts[0] as string, symbol: parts[1] as string, float: amount };
  });
}

export const transferLegId = (transfer: string, leg: 'out' | 'in'): string => `${transfer}:${leg}`;

export class FundFloat {
  private next = 0;
  private readonly passes: PassLoop<TransferRecord[]>;
  /** In legs whose out leg committed accepted but whose own answer has not come (by transfer id). */
  private readonly unfinished = new Map<string, TransferCommand>();

  constructor(
    private readonly client: ClusterClient,
    readonly targets: readonly FloatTarget[],
    /** Shared with the shortfall coordinator (pass-lock.ts), when both run. */
    lock?: PassLock,
  ) {
    this.passes = new PassLoop(client.nc, () => this.pass(), lock);
  }

  /** Transfers sent so far are numbered below this (recovered from the journals by `recover`). */
  get nextTransfer(): number {
    return this.next;
  }

  /**
   * Completes transfers a previous coordinator left half done (out leg journaled and accepted, in
   * leg missing) and continues the numbering after the last one found. Returns the completed ones.
   */
  async recover(): Promise<TransferRecord[]> {
    const completed: TransferRecord[] = [];
    // Everything published before this start is journaled first: a leg still in the stream would
    // otherwise be missed here and its number reused (its republish would then be dropped).
    const stream = await (await jetstreamManager(this.client.nc)).streams.info(STREAM);
    await this.client.caughtUp(stream.state.last_seq);
    for (let base = 0; ; base += PROBE_CHUNK) {
      const ids = Array.from({ length: PROBE_CHUNK }, (_, i) => transferLegId(`xfer:${base + i}`, 'out'));
      const outs: JournaledCommand[] = [];
      for (let p = 0; p < this.client.partitions; p++) outs.push(...((await this.read(p, { op: 'journaled', ids })) as JournaledCommand[]));
      if (outs.length === 0) return completed;
      for (const out of outs.sort((a, b) => transferNumber(a.id) - transferNumber(b.id))) {
        this.next = Math.max(this.next, transferNumber(out.id) + 1);
        if (!out.accepted) continue;
        const leg = JSON.parse(out.command) as TransferCommand;
        const landed = (await this.read(leg.to, { op: 'journaled', ids: [transferLegId(leg.transfer, 'in')] })) as JournaledCommand[];
        if (landed.length > 0) continue;
        await this.submitLeg({ ...leg, id: transferLegId(leg.transfer, 'in'), leg: 'in' });
        completed.push(record(leg, 'done'));
      }
    }
  }

  /** One pass over the targets (one at a time: a pass started while another runs waits for it). */
  async rebalance(): Promise<TransferRecord[]> {
    return this.passes.run();
  }

  /**
   * Recovers, then rebalances every `intervalMs` until `stop`, and at once after a partition's
   * committed events show a fund used for a deficit (so a float is refilled before the next price
   * rather than at the next tick).
   */
  async start(intervalMs: number, onError: (error: Error) => void = () => undefined): Promise<void> {
    await this.recover();
    this.passes.start(intervalMs, '"reason":"deficit-cover"', onError);
  }

  async stop(): Promise<void> {
    await this.passes.stop();
  }

  private async pass(): Promise<TransferRecord[]> {
    // An in leg a failed pass left unsent (its partition was down): sent again first (a duplicate if it landed).
    for (const [transfer, leg] of [...this.unfinished]) {
      await this.submitLeg(leg);
      this.unfinished.delete(transfer);
    }
    const funds: FundsAnswer[] = [];
    for (let p = 0; p < this.client.partitions; p++) funds.push((await this.read(p, { op: 'funds' })) as FundsAnswer);
    const done: TransferRecord[] = [];
    for (const target of this.targets) {
      const decimals = DIGITS;
      const fund = target.symbol === undefined ? 'insurance' : `insurance:${target.symbol}`;
      const held = (p: number): bigint => parseUnits(funds[p]?.funds[target.asset]?.[fund] ?? '0', decimals);
      const float = parseUnits(target.float, decimals);
      let risk = held(RISK_PARTITION);
      for (let p = 0; p < this.client.partitions; p++) {
        if (p === RISK_PARTITION) continue;
        const balance = held(p);
        if (balance < float && risk > 0n) {
          const amount = float - balance < risk ? float - balance : risk;
          const result = await this.transfer(target, RISK_PARTITION, p, formatUnits(amount, decimals));
          if (result.status === 'done') risk -= amount;
          done.push(result);
        } else if (balance > 2n * float) {
          const result = await this.transfer(target, p, RISK_PARTITION, formatUnits(balance - float, decimals));
          if (result.status === 'done') risk += balance - float;
          done.push(result);
        }
      }
    }
    return done;
  }

  /** Both legs of one transfer: the in leg only once the out leg committed accepted. */
  async transfer(target: { readonly asset: string; readonly symbol?: string }, from: number, to: number, amount: string): Promise<TransferRecord> {
    const transfer = `xfer:${this.next++}`;
    const out: TransferCommand = { type: 'insuranceTransfer', id: transferLegId(transfer, 'out'), transfer, leg: 'out', asset: target.asset, amount, from, to, ...(target.symbol === undefined ? {} : { symbol: target.symbol }) };
    const accepted = await this.submitLeg(out);
    if (!accepted) return record(out, 'refused');
    const inLeg: TransferCommand = { ...out, id: transferLegId(transfer, 'in'), leg: 'in' };
    this.unfinished.set(transfer, inLeg);
    await this.submitLeg(inLeg);
    this.unfinished.delete(transfer);
    return record(out, 'done');
  }

  /** A read that outlasts a worker restart: short attempts, retried until the client's timeout. */
  private async read(partition: number, request: ReadRequest): Promise<unknown> {
    const deadline = Date.now() + this.client.timeoutMs;
    for (;;) {
      try {
        return await this.client.read(partition, request, READ_ATTEMPT_MS);
      } catch (error) {
        if (Date.now() >= deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  /** Publishes a leg and waits for its committed answer: true when accepted (or already applied before). */
  private async submitLeg(leg: TransferCommand): Promise<boolean> {
    const text = JSON.stringify(leg);
    const answer = await this.client.submit({ command: parseCommand(leg), text });
    const outcome = JSON.parse(answer.outcomeText) as { status: string; error?: unknown };
    if (outcome.status === 'duplicate') {
      const [row] = (await this.read(answer.partition, { op: 'journaled', ids: [leg.id] })) as JournaledCommand[];
      return row?.accepted ?? false;
    }
    return outcome.status === 'accepted';
  }
}

function transferNumber(legId: string): number {
  return Number(/^xfer:(\d+):/.exec(legId)?.[1] ?? -1);
}

function record(leg: TransferCommand, status: TransferRecord['status']): TransferRecord {
  return { transfer: leg.transfer, from: leg.from, to: leg.to, asset: leg.asset, ...(leg.symbol === undefined ? {} : { symbol: leg.symbol }), amount: leg.amount, status };
}
