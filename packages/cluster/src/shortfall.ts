/**
 * The shortfall coordinator: cross-partition ADL (docs/scale-out.md, "The shortfall protocol",
 * ADR 0032). Partitions run in `liquidationMode` `hold`: what a partition's fund (its float)
 * cannot cover of a bankruptcy waits in its system account `deficit-pending`, announced by a
 * `shortfall` event. A pass (`pass`) reads every partition's committed shortfalls and, for each,
 * as one process would resolve it with the cluster's one fund and one ADL queue:
 *
 * 1. **Fund.** Covers from the cluster's fund held elsewhere: the risk partition first, then the
 *    other partitions' floats, each a transfer whose out leg is `insuranceTransfer` (fund ->
 *    `transfers` in the source) and whose in leg is `shortfallSettle` (`transfers` ->
 *    `deficit-pending` in the bankrupt's partition).
 * 2. **ADL.** The rest is deleveraged over the merged ADL queue of the opposite side (each
 *    partition's ranking with sizes, merged as adl-merge.ts merges it, read once per command
 *    whose shortfalls are resolved, sizes kept live as one process keeps them): the contracts the
 *    local ADL would close (the uncovered part over the deficit share, in lots), each counterparty
 *    closed by an `adlClose` in its own partition at the bankrupt position's mark with the haircut
 *    of its size (rounded up; the last pays the exact rest) to `transfers`, then a
 *    `shortfallSettle` paying the bankrupt's `deficit-pending` off.
 *
 * Exactly once: every command id derives from the shortfall id (`sf:<partition>:<seq>:<k>`):
 * `<id>:cover:<q>:out` / `:in`, `<id>:adl:<i>` and `<id>:adl:<i>:settle`. JetStream drops a
 * republish, the journals answer a repeat as a duplicate, and a coordinator that starts (or a
 * pass after one that failed) first finds, per shortfall, the legs already journaled, completes
 * their settle legs and continues from there. A partition with nothing pending in
 * `deficit-pending` is skipped whole.
 *
 * 3. **Socialised loss** (socialize profiles). What the fund did not cover of one command's
 *    shortfalls of a symbol is shared pro rata (core `socializeLoss`, rounded up) over every
 *    position of the symbol in every partition (read op `holders`), in (account, key) order as
 *    the engine shares it: one `lossShare` per holder (holder -> `transfers`, id
 *    `<first id>:social:share:<i>`, carrying the size it was computed on, so that a coordinator
 *    that starts after some shares rebuilds the same list), then `shortfallSettle` legs paying the
 *    shortfalls in order and the rounding into `socialized-rounding`.
 */
import { divRound, formatFixed, formatUnits, parseFixed, parseUnits, socializeLoss, type Fixed } from '@margin/core';
import { parseCommand } from '@margin/engine';
import { jetstreamManager } from '@nats-io/jetstream';
import { mergeAdlRanks } from './adl-merge.js';
import type { ClusterClient } from './cluster-client.js';
import type { PassLock } from './pass-lock.js';
import { PassLoop } from './pass-loop.js';
import { RISK_PARTITION, partitionOf } from './partition-map.js';
import { STREAM } from './subjects.js';
import type { AdlQueueRow, HolderRow, ShortfallRow, ShortfallsAnswer } from './shortfall-reads.js';
import type { JournaledCommand, ReadRequest } from './worker.js';

export interface ShortfallOutcome {
  readonly shortfall: string;
  readonly partition: number;
  readonly account: string;
  readonly symbol: string;
  /** What the shortfall event held pending. */
  readonly amount: string;
  /** Paid by the cluster's fund (transfers from other partitions). */
  readonly covered: string;
  /** Paid by ADL haircuts. */
  readonly deleveraged: string;
  /** Paid by the holders' shares of a socialised loss (socialize profiles). */
  readonly socialized: string;
  /** Still pending: no fund and no opposite position left (or a socialize profile's loss). */
  readonly pending: string;
  /** `adlClose` commands applied for it. */
  readonly closes: number;
}

export interface ShortfallOptions {
  /** Called after each leg committed (the tests end a coordinator between legs here). */
  readonly afterLeg?: (commandId: string) => void;
  /** Shared with the fund floats (pass-lock.ts), when both run. */
  readonly lock?: PassLock;
}

/** One read attempt; a worker killed mid-request does not answer, so reads are retried. */
const READ_ATTEMPT_MS = 2_000;
/** ADL close ids probed per shortfall on recovery. */
const PROBE_CLOSES = 200;
/** Refused closes (a position changed) tolerated per shortfall before it is left pending. */
const REFUSALS_MAX = 20;

interface Merged {
  readonly rows: readonly AdlQueueRow[];
  /** Live size per `account\u0000positionKey`. */
  readonly live: Map<string, Fixed>;
}

/**
 * The ADL queues of one command's shortfalls. One process ranks once per command and keeps that
 * order while sizes shrink; a partially closed position ranks differently when read again, so a
 * queue read again (after a restart, or a refused close) puts the positions this command already
 * closed in part first, in their original rank order: every position ranked above them was closed
 * whole before the loop reached them.
 */
interface Group {
  readonly queues: Map<string, Merged>;
  /** Per symbol: `account\u0000positionKey` -> original rank of positions closed in part. */
  readonly pinned: Map<string, Map<string, number>>;
}

const ceilDiv = (a: bigint, b: bigint): bigint => divRound(a, b, 'ceil');
const keyOf = (row: { account: string; positionKey: string }): string => `${row.account}\u0000${row.positionKey}`;

export class ShortfallCoordinator {
  /** Per partition: the journal seq up to which every shortfall was resolved by this coordinator. */
  private readonly cursor: number[];
  private readonly passes: PassLoop<ShortfallOutcome[]>;

  constructor(
    private readonly client: ClusterClient,
    private readonly options: ShortfallOptions = {},
  ) {
    this.cursor = Array.from({ length: client.partitions }, () => 0);
    this.passes = new PassLoop(client.nc, () => this.run(), options.lock);
  }

  /** One pass over every partition's new shortfalls (passes run one at a time). */
  async pass(): Promise<ShortfallOutcome[]> {
    return this.passes.run();
  }

  /** Passes every `intervalMs` until `stop`, and at once after a partition commits a `shortfall` event. */
  start(intervalMs: number, onError: (error: Error) => void = () => undefined): void {
    this.passes.start(intervalMs, '"type":"shortfall"', onError);
  }

  async stop(): Promise<void> {
    await this.passes.stop();
  }

  private async run(): Promise<ShortfallOutcome[]> {
    // Every partition first commits what the stream holds: a price's shortfalls, in every
    // partition it bankrupted, are then resolved together as one command's.
    const stream = await (await jetstreamManager(this.client.nc)).streams.info(STREAM);
    await this.client.caughtUp(stream.state.last_seq);
    const answers: ShortfallsAnswer[] = [];
    for (let p = 0; p < this.client.partitions; p++) answers.push((await this.read(p, { op: 'shortfalls', after: this.cursor[p] ?? 0 })) as ShortfallsAnswer);
    // One command's shortfalls together (a shared price reaches every partition under one id), in
    // account order within it, as one process reviews them; commands in order of first appearance.
    const groups = new Map<string, ShortfallRow[]>();
    for (const answer of answers) for (const row of answer.rows) groups.set(row.commandId, [...(groups.get(row.commandId) ?? []), row]);
    const outcomes: ShortfallOutcome[] = [];
    for (const rows of groups.values()) {
      rows.sort((a, b) => (a.event.account < b.event.account ? -1 : a.event.account > b.event.account ? 1 : 0)); // stable: a partition's own order within an account
      const group: Group = { queues: new Map(), pinned: new Map() };
      const resolved: ShortfallOutcome[] = [];
      for (const row of rows) resolved.push(await this.resolve(row, group));
      // Socialised: one loss per symbol over the command's shortfalls, symbols in name order.
      const social = rows.map((row, i) => ({ row, uncovered: parseUnits(resolved[i]?.pending ?? '0', row.decimals), index: i })).filter((item) => item.row.event.rule === 'socialize' && item.uncovered > 0n);
      for (const symbol of [...new Set(social.map((item) => item.row.event.symbol))].sort()) {
        const items = social.filter((item) => item.row.event.symbol === symbol);
        const paid = await this.socialize(symbol, items);
        items.forEach((item, k) => {
          const before = resolved[item.index] as ShortfallOutcome;
          const units = paid[k] ?? 0n;
          resolved[item.index] = { ...before, socialized: formatUnits(units, item.row.decimals), pending: formatUnits(item.uncovered - units, item.row.decimals) };
        });
      }
      outcomes.push(...resolved);
    }
    answers.forEach((answer, p) => {
      this.cursor[p] = answer.lastSeq;
    });
    return outcomes;
  }

  private async resolve(row: ShortfallRow, group: Group): Promise<ShortfallOutcome> {
    const { event, decimals } = row;
    const amount = parseUnits(event.amount, decimals);
    const covered = await this.cover(row, amount);
    let paid = 0n;
    let closes = 0;
    if (amount - covered > 0n && event.rule === 'adl') ({ paid, closes } = await this.deleverage(row, amount - covered, group));
    return {
      shortfall: row.id,
      partition: row.partition,
      account: event.account,
      symbol: event.symbol,
      amount: event.amount,
      covered: formatUnits(covered, decimals),
      deleveraged: formatUnits(paid, decimals),
      socialized: '0',
      pending: formatUnits(amount - covered - paid, decimals),
      closes,
    };
  }

  /** Step 1: transfers from the fund of every other partition (risk partition first); returns what they paid. */
  private async cover(row: ShortfallRow, amount: bigint): Promise<bigint> {
    const { event, decimals } = row;
    const symbol = event.fund.startsWith('insurance:') ? event.fund.slice('insurance:'.length) : undefined;
    const sources = [RISK_PARTITION, ...Array.from({ length: this.client.partitions }, (_, q) => q).filter((q) => q !== RISK_PARTITION)].filter((q) => q !== row.partition);
    let covered = 0n;
    for (const q of sources) {
      const transfer = `${row.id}:cover:${q}`;
      const [journaled] = (await this.read(q, { op: 'journaled', ids: [`${transfer}:out`] })) as JournaledCommand[];
      let units: bigint;
      if (journaled !== undefined) {
        if (!journaled.accepted) continue;
        units = parseUnits((JSON.parse(journaled.command) as { amount: string }).amount, decimals);
      } else {
        if (covered >= amount) break;
        const funds = (await this.read(q, { op: 'funds' })) as { funds: Record<string, Record<string, string>> };
        const held = parseUnits(funds.funds[event.asset]?.[event.fund] ?? '0', decimals);
        units = held < amount - covered ? held : amount - covered;
        if (units <= 0n) continue;
        const out = { type: 'insuranceTransfer', id: `${transfer}:out`, transfer, leg: 'out', asset: event.asset, amount: formatUnits(units, decimals), from: q, to: row.partition, ...(symbol === undefined ? {} : { symbol }) };
        if (!(await this.submit(out))) continue;
      }
      await this.submit({ type: 'shortfallSettle', id: `${transfer}:in`, shortfallId: row.id, asset: event.asset, amount: formatUnits(units, decimals), from: q, to: row.partition });
      covered += units;
    }
    return covered;
  }

  /** Step 2: the local ADL's loop over the merged queue, each close and its settle as commands. */
  private async deleverage(row: ShortfallRow, uncovered: bigint, group: Group): Promise<{ paid: bigint; closes: number }> {
    const { event, decimals } = row;
    const share = parseUnits(event.share, decimals);
    const partSize = parseFixed(event.size);
    const lot = row.lotSize === null ? 1n : parseFixed(row.lotSize);
    const wanted = ceilDiv(ceilDiv(partSize * uncovered, share), lot) * lot;
    let remaining = wanted < partSize ? wanted : partSize;
    const counterSide = event.side === 'long' ? 'short' : 'long';
    let paid = 0n;
    let closes = 0;
    // Closes a previous coordinator applied for this shortfall (ids in order from 0).
    const ids = Array.from({ length: PROBE_CLOSES }, (_, i) => `${row.id}:adl:${i}`);
    const done: JournaledCommand[] = [];
    for (let p = 0; p < this.client.partitions; p++) done.push(...((await this.read(p, { op: 'journaled', ids })) as JournaledCommand[]));
    let next = 0;
    for (const close of done) {
      next = Math.max(next, Number(close.id.slice(`${row.id}:adl:`.length)) + 1);
      if (!close.accepted) continue;
      const command = JSON.parse(close.command) as { account: string; positionKey: string; quantity: string; haircut: string; rank: number };
      const pinned = group.pinned.get(event.symbol) ?? new Map<string, number>();
      pinned.set(keyOf(command), command.rank);
      group.pinned.set(event.symbol, pinned);
      const haircut = parseUnits(command.haircut, decimals);
      remaining -= parseFixed(command.quantity);
      paid += haircut;
      closes++;
      await this.settle(row, `${close.id}:settle`, partitionOf(command.account, this.client.partitions), haircut);
    }
    if (done.length > 0) group.queues.delete(event.symbol); // read again: those closes are in the partitions' sizes
    let refusals = 0;
    while (remaining > 0n && paid < uncovered && refusals <= REFUSALS_MAX) {
      const queue = await this.queue(event.symbol, group);
      const entry = queue.rows.find((r) => r.side === counterSide && (queue.live.get(keyOf(r)) ?? 0n) > 0n && !(r.account === event.account && r.positionKey === event.bankruptPositionKey));
      if (entry === undefined) break;
      const held = queue.live.get(keyOf(entry)) ?? 0n;
      const size = held < remaining ? held : remaining;
      const full = ceilDiv(size * share, partSize);
      const haircut = full < uncovered - paid ? full : uncovered - paid;
      const id = `${row.id}:adl:${next++}`;
      const accepted = await this.submit({
        type: 'adlClose',
        id,
        account: entry.account,
        symbol: event.symbol,
        positionKey: entry.positionKey,
        side: counterSide,
        quantity: formatFixed(size),
        price: event.markPrice,
        ...(event.bankruptcyPrice === null ? {} : { bankruptcyPrice: event.bankruptcyPrice }),
        haircut: formatUnits(haircut, decimals),
        shortfallId: row.id,
        bankruptAccount: event.account,
        bankruptPositionKey: event.bankruptPositionKey,
        rank: entry.rank,
        queue: entry.count,
      });
      if (!accepted) {
        // The position changed after the shortfall (the stated condition was broken): rank again.
        refusals++;
        group.queues.delete(event.symbol);
        continue;
      }
      if (size < held) group.pinned.set(event.symbol, (group.pinned.get(event.symbol) ?? new Map<string, number>()).set(keyOf(entry), entry.rank));
      queue.live.set(keyOf(entry), held - size);
      remaining -= size;
      paid += haircut;
      closes++;
      await this.settle(row, `${id}:settle`, partitionOf(entry.account, this.client.partitions), haircut);
    }
    return { paid, closes };
  }

  /** Step 3: the loss shared over every holder of `symbol`; returns what each item was paid. */
  private async socialize(symbol: string, items: readonly { readonly row: ShortfallRow; readonly uncovered: bigint }[]): Promise<bigint[]> {
    const first = items[0] as { row: ShortfallRow };
    const { decimals } = first.row;
    const group = `${first.row.id}:social`;
    const fresh: HolderRow[] = [];
    for (let p = 0; p < this.client.partitions; p++) fresh.push(...((await this.read(p, { op: 'holders', symbol })) as HolderRow[]));
    // Shares a previous coordinator applied: their holders count with the size the shares were computed on.
    const ids = Array.from({ length: fresh.length + PROBE_CLOSES }, (_, i) => `${group}:share:${i}`);
    const journaled = new Map<number, { accepted: boolean; command: HolderRow & { amount: string } }>();
    for (let p = 0; p < this.client.partitions; p++) {
      for (const row of (await this.read(p, { op: 'journaled', ids })) as JournaledCommand[]) journaled.set(Number(row.id.slice(`${group}:share:`.length)), { accepted: row.accepted, command: JSON.parse(row.command) as HolderRow & { amount: string } });
    }
    const sizes = new Map(fresh.map((h) => [keyOf(h), { account: h.account, positionKey: h.positionKey, size: parseFixed(h.size) }]));
    for (const { command } of journaled.values()) sizes.set(keyOf(command), { account: command.account, positionKey: command.positionKey, size: parseFixed(command.size) });
    const holders = [...sizes.values()].sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : a.positionKey < b.positionKey ? -1 : a.positionKey > b.positionKey ? 1 : 0));
    const deficit = items.reduce((sum, item) => sum + item.uncovered, 0n);
    const split = socializeLoss(deficit, holders.map((h, i) => ({ account: String(i), weight: h.size })));
    const owed = items.map((item) => item.uncovered);
    const paid = items.map(() => 0n);
    let next = 0;
    for (const share of split.shares) {
      const index = Number(share.account);
      const holder = holders[index] as { account: string; positionKey: string; size: Fixed };
      const id = `${group}:share:${index}`;
      const done = journaled.get(index);
      const accepted = done !== undefined ? done.accepted : await this.submit({ type: 'lossShare', id, account: holder.account, symbol, positionKey: holder.positionKey, size: formatFixed(holder.size), amount: formatUnits(share.units, decimals), shortfallId: group });
      if (!accepted) continue;
      const from = partitionOf(holder.account, this.client.partitions);
      let left = share.units;
      while (left > 0n && next < items.length) {
        const item = items[next] as { row: ShortfallRow };
        const due = owed[next] ?? 0n;
        const piece = due < left ? due : left;
        if (piece > 0n) await this.submit({ type: 'shortfallSettle', id: `${id}:settle:${next}`, shortfallId: item.row.id, asset: item.row.event.asset, amount: formatUnits(piece, decimals), from, to: item.row.partition });
        owed[next] = due - piece;
        paid[next] = (paid[next] ?? 0n) + piece;
        left -= piece;
        if (owed[next] === 0n) next++;
      }
      // What the rounded-up shares collect beyond the loss, as the engine books it.
      if (left > 0n) await this.submit({ type: 'shortfallSettle', id: `${id}:rounding`, shortfallId: group, asset: first.row.event.asset, amount: formatUnits(left, decimals), from, to: from, into: 'socialized-rounding' });
    }
    return paid;
  }

  private async settle(row: ShortfallRow, id: string, from: number, units: bigint): Promise<void> {
    if (units <= 0n) return;
    await this.submit({ type: 'shortfallSettle', id, shortfallId: row.id, asset: row.event.asset, amount: formatUnits(units, row.decimals), from, to: row.partition });
  }

  /** The merged ADL queue of `symbol`, read once per command's shortfalls (sizes then kept live). */
  private async queue(symbol: string, group: Group): Promise<Merged> {
    const cached = group.queues.get(symbol);
    if (cached !== undefined) return cached;
    const perPartition: AdlQueueRow[][] = [];
    for (let p = 0; p < this.client.partitions; p++) perPartition.push((await this.read(p, { op: 'shortfallAdlQueue', symbol })) as AdlQueueRow[]);
    const sizes = new Map(perPartition.flat().map((row) => [keyOf(row), parseFixed(row.size)]));
    const pinned = group.pinned.get(symbol) ?? new Map<string, number>();
    const all = mergeAdlRanks(perPartition) as AdlQueueRow[];
    const first = all.filter((row) => pinned.has(keyOf(row))).map((row) => ({ ...row, rank: pinned.get(keyOf(row)) as number }));
    first.sort((a, b) => a.rank - b.rank);
    const merged: Merged = { rows: [...first, ...all.filter((row) => !pinned.has(keyOf(row)))], live: sizes };
    group.queues.set(symbol, merged);
    return merged;
  }

  /** A read that outlasts a worker restart: short attempts, retried until the client's timeout. */
  private async read(partition: number, request: ReadRequest): Promise<unknown> {
    const deadline = Date.now() + this.client.timeoutMs;
    for (;;) {
      try {
        const answer = await this.client.read(partition, request, READ_ATTEMPT_MS);
        const error = (answer as { error?: unknown } | null)?.error;
        if (typeof error === 'string') throw new Error(`partition ${partition}: ${error}`);
        return answer;
      } catch (error) {
        if (Date.now() >= deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  /** Publishes one leg and waits for its commit: true when accepted (now or before). */
  private async submit(leg: { readonly id: string; readonly [field: string]: unknown }): Promise<boolean> {
    const text = JSON.stringify(leg);
    const answer = await this.client.submit({ command: parseCommand(leg), text });
    const outcome = JSON.parse(answer.outcomeText) as { status: string };
    let accepted = outcome.status === 'accepted';
    if (outcome.status === 'duplicate') {
      const [row] = (await this.read(answer.partition, { op: 'journaled', ids: [leg.id] })) as JournaledCommand[];
      accepted = row?.accepted ?? false;
    }
    this.options.afterLeg?.(leg.id);
    return accepted;
  }
}
