/**
 * WebSocket streams. A client subscribes to channels:
 * - `account` (with `account`): the account's risk, in the `margin risk --json` shape, sent at
 *   once and again after each commit that can change it (its own events, prices, funding), at
 *   most every `accountThrottleMs`; an account that does not exist yet may be subscribed (a
 *   well-formed id; an account key only its own): `risk` is null until the account appears;
 * - `marks`: mark/index price updates; `funding`: funding rates and settlements;
 * - `events` (alias `liquidations`): the risk-event feed (margin calls, liquidations, and any
 *   other non-routine engine event type, as the engine wrote it);
 * - `alerts`: margin calls, liquidations, ADL and insurance fund drawdowns (alert-feed.ts; an
 *   account key gets its own account's only, never a fund's).
 * Each message is made once per batch, around the events' own journaled texts (not serialised
 * again), and written to every subscriber; a subscriber that falls too far behind
 * (`maxBufferedBytes`) is closed rather than slowing everyone down. Account risk is read from the
 * committed state only (the host's `read`).
 */
import type { WebSocket } from 'ws';
import { findDuplicateKey, formatPath } from '@margin/core';
import { accountRiskJson, type RiskJson } from '@margin/engine';
import { accountIdSchema, redactForAccount, type Alert, type EngineEvent } from '@margin/wire';
import type { Principal } from '../auth/api-keys.js';
import type { CommittedBatch, DurableHost } from '@margin/host';
import { ROUTINE_EVENT_TYPES } from '../views/history.js';
import { MessageLimiter } from './message-limiter.js';

export const CHANNELS = ['account', 'marks', 'funding', 'events', 'liquidations', 'alerts'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface StreamHubOptions {
  readonly accountThrottleMs?: number;
  readonly maxBufferedBytes?: number;
  /** Whether a key id is still live (not revoked); checked before each authenticated message. Default: always. */
  readonly isKeyLive?: (keyId: string) => boolean;
  /** Messages per minute a socket's key (or, before auth, its IP) may send; default: none counted. */
  readonly messagesPerMinute?: (principal: Principal | null) => number;
  /** Open authenticated sockets per key; default `SOCKETS_PER_KEY_DEFAULT`. */
  readonly maxSocketsPerKey?: number;
  /** Bytes buffered for all sockets together; over it the slowest socket is closed. Default `TOTAL_BUFFERED_BYTES_DEFAULT`. */
  readonly maxTotalBufferedBytes?: number;
}

export const BUFFERED_BYTES_DEFAULT = 8 * 1024 * 1024;
export const TOTAL_BUFFERED_BYTES_DEFAULT = 256 * 1024 * 1024;
export const SOCKETS_PER_KEY_DEFAULT = 32;
/** Account subscriptions of one socket (ids need not exist yet, so they are capped). */
export const ACCOUNTS_PER_SOCKET_MAX = 1_000;

/** Close codes of /v1/stream (docs/api.md). */
export const CLOSE_CODES = {
  /** The socket's key was revoked. */
  keyRevoked: 4401,
  /** Too slow: its send buffer (or its share of all buffered bytes) is over the limit. */
  tooSlow: 1013,
  /** Too many messages (the key's or the IP's rate limit). */
  rateLimited: 4429,
  /** The key already has the maximum number of open sockets. */
  tooManySockets: 4409,
  shuttingDown: 1001,
} as const;

interface Client {
  readonly socket: WebSocket;
  /** The client's IP: the rate-limit bucket before authentication. */
  readonly ip: string;
  principal: Principal | null;
  readonly channels: Set<'marks' | 'funding' | 'events' | 'alerts'>;
  readonly accounts: Set<string>;
  /** Over its message rate: further messages are ignored until the close. */
  cutOff: boolean;
  /** The client's messages are handled in order, one after the other (some wait for a committed read). */
  pending: Promise<void>;
}

const MARK_EVENTS = new Set(['priceUpdated']);
const FUNDING_EVENTS = new Set(['fundingRateSet', 'fundingSettled']);
/** Events without an account that can move every holder's margin. */
// spanParametersLoaded: a replaced SPAN set changes the requirement of the accounts on it (ADR 0035).
const MARKET_WIDE = new Set(['priceUpdated', 'fundingSettled', 'instrumentDefined', 'expirySettled', 'spanParametersLoaded']);

/** Each account's risk on the committed state (null: no such account) and the seq it was read at. */
export type AccountRiskSource = (accounts: readonly string[]) => Promise<readonly { readonly seq: number; readonly risk: RiskJson | null }[]>;

export class StreamHub {
  private readonly clients = new Set<Client>();
  private readonly accountSubscribers = new Map<string, Set<Client>>();
  private readonly dueAccounts = new Set<string>();
  private readonly lastSentMs = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private readonly accountThrottleMs: number;
  private readonly maxBufferedBytes: number;
  private readonly isKeyLive: (keyId: string) => boolean;
  private readonly messagesPerMinute: ((principal: Principal | null) => number) | null;
  private readonly maxSocketsPerKey: number;
  private readonly maxTotalBufferedBytes: number;
  private readonly limiter = new MessageLimiter();
  /** Open authenticated sockets per key id. */
  private readonly socketsPerKey = new Map<string, number>();
  /** Sent messages since start (benchmarks and the overview). */
  sent = 0;

  /** Account risk reads: the host's committed state, or (the cluster gateway) the owning partitions'. */
  private readonly risksOf: AccountRiskSource;

  constructor(
    host: Pick<DurableHost, 'read'> | AccountRiskSource,
    private readonly verify: (key: string) => Principal | null,
    options: StreamHubOptions = {},
  ) {
    this.risksOf = typeof host === 'function' ? host : (accounts) => host.read(({ state, lastSeq }) => accounts.map((account) => ({ seq: lastSeq, risk: accountRiskJson(state, account) })));
    this.accountThrottleMs = options.accountThrottleMs ?? 250;
    this.maxBufferedBytes = options.maxBufferedBytes ?? BUFFERED_BYTES_DEFAULT;
    this.isKeyLive = options.isKeyLive ?? (() => true);
    this.messagesPerMinute = options.messagesPerMinute ?? null;
    this.maxSocketsPerKey = options.maxSocketsPerKey ?? SOCKETS_PER_KEY_DEFAULT;
    this.maxTotalBufferedBytes = options.maxTotalBufferedBytes ?? TOTAL_BUFFERED_BYTES_DEFAULT;
  }

  /** Closes every socket authenticated with this key (it was revoked): they stream nothing more. */
  closeKey(keyId: string): void {
    for (const client of [...this.clients]) {
      if (client.principal?.keyId !== keyId) continue;
      this.drop(client, CLOSE_CODES.keyRevoked, 'the API key was revoked');
    }
  }

  /** Marks the subscribed accounts `owned` selects as due (the cluster gateway: a partition committed a market-wide event). */
  markAccountsDue(owned: (account: string) => boolean): void {
    for (const account of this.accountSubscribers.keys()) if (owned(account)) this.dueAccounts.add(account);
    this.scheduleAccounts();
  }

  get clientCount(): number {
    return this.clients.size;
  }

  attach(socket: WebSocket, principal: Principal | null, ip = ''): void {
    const client: Client = { socket, ip, principal: null, channels: new Set(), accounts: new Set(), cutOff: false, pending: Promise.resolve() };
    this.clients.add(client);
    socket.on('message', (data) => {
      // Counted as it arrives, before any work: a flood is cut off without queueing it.
      if (!this.withinRate(client)) return;
      const text = data.toString();
      client.pending = client.pending.then(() => this.onMessage(client, text)).catch(() => undefined);
    });
    socket.on('close', () => this.detach(client));
    socket.on('error', () => this.detach(client));
    if (principal !== null && !this.authenticate(client, principal)) return;
    this.send(client, { type: 'hello', authenticated: principal !== null, channels: CHANNELS });
  }

  /** Unsent bytes of all sockets together (tests and the overview). */
  bufferedBytes(): number {
    let total = 0;
    for (const client of this.clients) total += client.socket.bufferedAmount;
    return total;
  }

  /** Open sockets of one key (tests and the overview). */
  socketsOfKey(keyId: string): number {
    return this.socketsPerKey.get(keyId) ?? 0;
  }

  private withinRate(client: Client): boolean {
    if (this.messagesPerMinute === null || !this.clients.has(client)) return this.clients.has(client);
    const principal = client.principal;
    const max = this.messagesPerMinute(principal);
    if (client.cutOff) return false;
    if (this.limiter.take(principal === null ? `ip:${client.ip}` : `key:${principal.keyId}`, max)) return true;
    // Messages already queued are answered first, then the refusal and the close.
    client.cutOff = true;
    const detail = `rate limit of ${max} messages per minute reached for this ${principal === null ? 'address (before auth)' : 'key'}`;
    client.pending = client.pending.then(() => {
      this.error(client, 429, detail);
      this.drop(client, CLOSE_CODES.rateLimited, detail);
    });
    return false;
  }

  /** Binds the socket to a key, within the key's socket cap; false (and closed) over it. */
  private authenticate(client: Client, principal: Principal): boolean {
    if (client.principal?.keyId === principal.keyId) return true;
    const open = this.socketsPerKey.get(principal.keyId) ?? 0;
    if (open >= this.maxSocketsPerKey) {
      const detail = `the key already has ${open} open sockets (at most ${this.maxSocketsPerKey})`;
      this.error(client, 429, detail);
      this.drop(client, CLOSE_CODES.tooManySockets, detail);
      return false;
    }
    this.release(client);
    client.principal = principal;
    this.socketsPerKey.set(principal.keyId, open + 1);
    return true;
  }

  private release(client: Client): void {
    const keyId = client.principal?.keyId;
    if (keyId === undefined) return;
    const open = (this.socketsPerKey.get(keyId) ?? 1) - 1;
    if (open <= 0) this.socketsPerKey.delete(keyId);
    else this.socketsPerKey.set(keyId, open);
  }

  private drop(client: Client, code: number, reason: string): void {
    this.detach(client);
    client.socket.close(code, reason.slice(0, 120));
  }

  close(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    for (const client of this.clients) client.socket.close(CLOSE_CODES.shuttingDown, 'server shutting down');
    this.clients.clear();
  }

  onBatch = (batch: CommittedBatch): void => {
    const marks: string[] = [];
    const funding: string[] = [];
    const risk: number[] = [];
    let marketWide = false;
    batch.events.forEach((event, index) => {
      const text = batch.eventTexts[index] as string;
      if (MARK_EVENTS.has(event.type)) marks.push(text);
      if (FUNDING_EVENTS.has(event.type)) funding.push(text);
      if (!ROUTINE_EVENT_TYPES.has(event.type)) risk.push(index);
      if (MARKET_WIDE.has(event.type)) marketWide = true;
      const account = event['account'];
      if (typeof account === 'string' && this.accountSubscribers.has(account)) this.dueAccounts.add(account);
    });
    if (marketWide) for (const account of this.accountSubscribers.keys()) this.dueAccounts.add(account);
    const committedAt = new Date(batch.committedAtMs).toISOString();
    if (marks.length > 0) this.broadcast('marks', () => eventsMessage('marks', batch.lastSeq, committedAt, marks));
    if (funding.length > 0) this.broadcast('funding', () => eventsMessage('funding', batch.lastSeq, committedAt, funding));
    if (risk.length > 0) this.broadcastEvents(batch, risk, committedAt);
    this.scheduleAccounts();
    this.enforceTotalBuffer();
  };

  /** Over the total cap, closes the sockets holding the most unsent bytes until under it. */
  private enforceTotalBuffer(): void {
    let total = 0;
    for (const client of this.clients) total += client.socket.bufferedAmount;
    if (total <= this.maxTotalBufferedBytes) return;
    const bySize = [...this.clients].sort((a, b) => b.socket.bufferedAmount - a.socket.bufferedAmount);
    for (const client of bySize) {
      if (total <= this.maxTotalBufferedBytes) break;
      total -= client.socket.bufferedAmount;
      this.drop(client, CLOSE_CODES.tooSlow, 'too slow: the server holds too many unsent bytes; this socket held the most');
    }
  }

  private async onMessage(client: Client, text: string): Promise<void> {
    let message: Record<string, unknown>;
    try {
      const parsed = JSON.parse(text) as unknown;
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      message = parsed as Record<string, unknown>;
    } catch {
      this.error(client, 400, 'message: must be a JSON object like {"op":"subscribe","channel":"marks"}');
      return;
    }
    const duplicate = findDuplicateKey(text);
    if (duplicate !== null) {
      this.error(client, 400, `${formatPath(['message', ...duplicate.path])}: has the key "${duplicate.key}" twice (refused: one value would be lost)`);
      return;
    }
    const op = message['op'];
    if (op === 'auth') {
      const key = message['key'];
      const principal = typeof key === 'string' ? this.verify(key) : null;
      if (principal === null) {
        this.error(client, 401, 'key: the API key is not valid');
        return;
      }
      if (!this.authenticate(client, principal)) return;
      this.send(client, { type: 'authenticated', role: principal.role, account: principal.account });
      return;
    }
    if (op !== 'subscribe' && op !== 'unsubscribe') {
      this.error(client, 400, `op: must be one of "auth", "subscribe", "unsubscribe", got ${JSON.stringify(op)}`);
      return;
    }
    const principal = client.principal;
    if (principal !== null && !this.isKeyLive(principal.keyId)) {
      // Revoked while this message waited: the socket closes instead of subscribing.
      this.closeKey(principal.keyId);
      return;
    }
    if (principal === null) {
      this.error(client, 401, 'send {"op":"auth","key":"<key>"} (or an Authorization header on the upgrade) first');
      return;
    }
    const channel = message['channel'];
    if (typeof channel !== 'string' || !(CHANNELS as readonly string[]).includes(channel)) {
      this.error(client, 400, `channel: must be one of ${CHANNELS.map((c) => `"${c}"`).join(', ')}, got ${JSON.stringify(channel)}`);
      return;
    }
    if (channel === 'account') {
      const account = message['account'];
      if (typeof account !== 'string' || account.length === 0) {
        this.error(client, 400, 'account: is required for channel "account"');
        return;
      }
      if (op === 'unsubscribe') {
        this.unsubscribeAccount(client, account);
        this.send(client, { type: 'unsubscribed', channel, account });
        return;
      }
      const wellFormed = accountIdSchema.safeParse(account);
      if (!wellFormed.success) {
        this.error(client, 400, `account: ${wellFormed.error.issues[0]?.message ?? 'not a valid account id'}`);
        return;
      }
      if (principal.role === 'account' && principal.account !== account) {
        // An account key sees only its own id: a foreign one gets the answer a missing one got before.
        this.error(client, 404, `account: no account "${account}" visible to this key`);
        return;
      }
      if (!client.accounts.has(account) && client.accounts.size >= ACCOUNTS_PER_SOCKET_MAX) {
        this.error(client, 429, `account: at most ${ACCOUNTS_PER_SOCKET_MAX} account subscriptions per socket`);
        return;
      }
      // An account not (yet) in the state is subscribed all the same: `risk` is null until its
      // first event (a deposit) commits, then its risk flows like any other's.
      const [read] = await this.risksOf([account]);
      const risk = read?.risk ?? null;
      client.accounts.add(account);
      let set = this.accountSubscribers.get(account);
      if (set === undefined) this.accountSubscribers.set(account, (set = new Set()));
      set.add(client);
      this.send(client, { type: 'subscribed', channel, account, exists: risk !== null });
      this.send(client, { channel: 'account', account, seq: read?.seq ?? 0, risk });
      return;
    }
    const name = channel === 'liquidations' ? 'events' : (channel as 'marks' | 'funding' | 'events' | 'alerts');
    if (op === 'unsubscribe') {
      client.channels.delete(name);
      this.send(client, { type: 'unsubscribed', channel });
      return;
    }
    client.channels.add(name);
    this.send(client, { type: 'subscribed', channel });
  }

  private broadcast(channel: 'marks' | 'funding', message: () => string): void {
    let text: string | null = null;
    for (const client of this.clients) {
      if (!client.channels.has(channel)) continue;
      text ??= message();
      this.write(client, text);
    }
  }

  /** Admin and venue keys get every risk event; an account key only its own account's, redacted (wire's redactForAccount). */
  private broadcastEvents(batch: CommittedBatch, indices: readonly number[], committedAt: string): void {
    let all: string | null = null;
    const textsOf = (picked: readonly number[]): string[] => picked.map((index) => batch.eventTexts[index] as string);
    for (const client of this.clients) {
      if (!client.channels.has('events') || client.principal === null) continue;
      if (client.principal.role === 'account') {
        const account = client.principal.account;
        const own = indices.filter((index) => (batch.events[index] as EngineEvent)['account'] === account);
        // Another account's name (an ADL counterparty) is redacted; other events keep their one text.
        const texts = own.map((index) => {
          const event = batch.events[index] as EngineEvent;
          const seen = account === null ? event : redactForAccount(event, account);
          return seen === event ? (batch.eventTexts[index] as string) : JSON.stringify(seen);
        });
        if (own.length > 0) this.write(client, eventsMessage('events', batch.lastSeq, committedAt, texts));
        continue;
      }
      all ??= eventsMessage('events', batch.lastSeq, committedAt, textsOf(indices));
      this.write(client, all);
    }
  }

  /** Writes the batch's alerts (alert-feed.ts) to `alerts` subscribers: everything to admin and venue keys, an account key its own account's (redacted). */
  publishAlerts(seq: number, alerts: readonly Alert[]): void {
    if (alerts.length === 0) return;
    let all: string | null = null;
    for (const client of this.clients) {
      if (!client.channels.has('alerts') || client.principal === null) continue;
      if (client.principal.role === 'account') {
        const account = client.principal.account;
        if (account === null) continue;
        const own = alerts
          .filter((alert) => alert.kind !== 'fundDrawdown' && alert.account === account)
          .map((alert) => (alert.kind === 'fundDrawdown' ? alert : { ...alert, event: redactForAccount(alert.event, account) }));
        if (own.length > 0) this.write(client, JSON.stringify({ channel: 'alerts', seq, alerts: own }));
        continue;
      }
      all ??= JSON.stringify({ channel: 'alerts', seq, alerts });
      this.write(client, all);
    }
  }

  private scheduleAccounts(): void {
    if (this.timer !== null || this.dueAccounts.size === 0) return;
    const now = Date.now();
    let wait = 0;
    for (const account of this.dueAccounts) {
      const last = this.lastSentMs.get(account) ?? 0;
      wait = Math.max(wait, Math.min(this.accountThrottleMs, last + this.accountThrottleMs - now));
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flushAccounts();
    }, Math.max(0, wait));
  }

  private flushAccounts(): void {
    const now = Date.now();
    const due = [...this.dueAccounts];
    this.dueAccounts.clear();
    // Risk of the committed state only: the read waits for the batch in flight, if any.
    this.risksOf(due)
      .then((reads) => {
        due.forEach((account, index) => {
          const subscribers = this.accountSubscribers.get(account);
          if (subscribers === undefined || subscribers.size === 0) return;
          this.lastSentMs.set(account, now);
          const read = reads[index];
          if (read === undefined || read.risk === null) return; // subscribed before it exists, and still absent
          const text = JSON.stringify({ channel: 'account', account, seq: read.seq, risk: read.risk });
          for (const client of subscribers) this.write(client, text);
        });
      })
      .catch(() => undefined); // the host failed: the server reports it on the next command
  }

  private unsubscribeAccount(client: Client, account: string): void {
    client.accounts.delete(account);
    const set = this.accountSubscribers.get(account);
    set?.delete(client);
    if (set !== undefined && set.size === 0) {
      this.accountSubscribers.delete(account);
      this.lastSentMs.delete(account);
    }
  }

  private detach(client: Client): void {
    if (!this.clients.delete(client)) return;
    this.release(client);
    for (const account of [...client.accounts]) this.unsubscribeAccount(client, account);
  }

  private error(client: Client, status: number, detail: string): void {
    this.send(client, { type: 'error', status, detail });
  }

  private send(client: Client, message: unknown): void {
    this.write(client, JSON.stringify(message));
  }

  private write(client: Client, text: string): void {
    const socket = client.socket;
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > this.maxBufferedBytes) {
      this.drop(client, CLOSE_CODES.tooSlow, 'too slow: send buffer full');
      return;
    }
    socket.send(text);
    this.sent++;
  }
}

/** `{"channel":..,"seq":..,"committedAt":..,"events":[..]}` around the events' journaled texts. */
function eventsMessage(channel: 'marks' | 'funding' | 'events', seq: number, committedAt: string, eventTexts: readonly string[]): string {
  return `${JSON.stringify({ channel, seq, committedAt }).slice(0, -1)},"events":[${eventTexts.join(',')}]}`;
}
