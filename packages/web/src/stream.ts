/**
 * One WebSocket for the whole page: authenticates with the key, keeps the subscriptions the
 * visible page asked for, reconnects with back-off, and re-subscribes after a reconnect.
 */
import { apiKey } from './api.js';

type Listener = (message: Record<string, unknown>) => void;
type StatusListener = (connected: boolean) => void;

interface Subscription {
  readonly key: string;
  readonly message: Record<string, unknown>;
  readonly listener: Listener;
}

export class Stream {
  private socket: WebSocket | null = null;
  private readonly subscriptions = new Map<string, Set<Subscription>>();
  private readonly statusListeners = new Set<StatusListener>();
  private retryMs = 500;
  connected = false;

  connect(): void {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/v1/stream`;
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onopen = () => {
      const key = apiKey();
      if (key !== null) socket.send(JSON.stringify({ op: 'auth', key }));
      for (const subs of this.subscriptions.values()) {
        const first = [...subs][0];
        if (first !== undefined) socket.send(JSON.stringify({ op: 'subscribe', ...first.message }));
      }
      this.retryMs = 500;
      this.setStatus(true);
    };
    socket.onmessage = (event) => {
      const message = JSON.parse(String(event.data)) as Record<string, unknown>;
      const channel = message['channel'];
      if (typeof channel !== 'string') return;
      const key = channel === 'account' ? `account:${String(message['account'])}` : channel;
      for (const sub of this.subscriptions.get(key) ?? []) sub.listener(message);
    };
    socket.onclose = () => {
      this.setStatus(false);
      this.socket = null;
      setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 8_000);
    };
  }

  onStatus(listener: StatusListener): void {
    this.statusListeners.add(listener);
    listener(this.connected);
  }

  /** Subscribes; returns the unsubscribe function (pages call it when they are left). */
  subscribe(channel: 'marks' | 'funding' | 'events' | 'alerts', listener: Listener): () => void;
  subscribe(channel: 'account', listener: Listener, account: string): () => void;
  subscribe(channel: string, listener: Listener, account?: string): () => void {
    const key = channel === 'account' ? `account:${account ?? ''}` : channel;
    const message: Record<string, unknown> = channel === 'account' ? { channel, account } : { channel };
    const sub: Subscription = { key, message, listener };
    let set = this.subscriptions.get(key);
    if (set === undefined) {
      set = new Set();
      this.subscriptions.set(key, set);
      this.send({ op: 'subscribe', ...message });
    }
    set.add(sub);
    return () => {
      const current = this.subscriptions.get(key);
      if (current === undefined) return;
      current.delete(sub);
      if (current.size === 0) {
        this.subscriptions.delete(key);
        this.send({ op: 'unsubscribe', ...message });
      }
    };
  }

  private send(message: Record<string, unknown>): void {
    if (this.socket !== null && this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private setStatus(connected: boolean): void {
    this.connected = connected;
    for (const listener of this.statusListeners) listener(connected);
  }
}

export const stream = new Stream();
