/** A WebSocket test client for /v1/stream: queues messages, waits for one matching, reports the close. */
import { WebSocket } from 'ws';

export type Message = Record<string, unknown>;

export interface Closed {
  readonly code: number;
  readonly reason: string;
}

export class StreamClient {
  readonly socket: WebSocket;
  private readonly queue: Message[] = [];
  private readonly waiting: { match: (m: Message) => boolean; resolve: (m: Message) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }[] = [];
  /** Resolves when the server (or the client) closes the socket. */
  readonly closed: Promise<Closed>;
  /** Every message received, in order (for counting). */
  readonly received: Message[] = [];

  constructor(url: string, headers: Record<string, string> = {}) {
    this.socket = new WebSocket(`${url.replace('http', 'ws')}/v1/stream`, { headers });
    this.closed = new Promise((resolve) => this.socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    this.socket.on('error', () => undefined);
    this.socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as Message;
      this.received.push(message);
      const index = this.waiting.findIndex((w) => w.match(message));
      if (index >= 0) {
        const [w] = this.waiting.splice(index, 1);
        clearTimeout(w?.timer);
        w?.resolve(message);
      } else {
        this.queue.push(message);
      }
    });
  }

  /** Connects and waits for the server's hello. */
  static async open(url: string, headers: Record<string, string> = {}): Promise<StreamClient> {
    const client = new StreamClient(url, headers);
    await new Promise<void>((resolve, reject) => {
      client.socket.once('open', () => resolve());
      client.socket.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused: ${response.statusCode}`)));
      client.socket.once('error', reject);
    });
    await client.next((m) => m['type'] === 'hello');
    return client;
  }

  send(message: Message): void {
    this.socket.send(JSON.stringify(message));
  }

  next(match: (m: Message) => boolean, timeoutMs = 5_000): Promise<Message> {
    const index = this.queue.findIndex(match);
    if (index >= 0) return Promise.resolve(this.queue.splice(index, 1)[0] as Message);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching message within ${timeoutMs} ms; queued: ${JSON.stringify(this.queue).slice(0, 500)}`)), timeoutMs);
      this.waiting.push({ match, resolve, reject, timer });
    });
  }

  /** Subscribes and waits for the acknowledgement. */
  async subscribe(channel: string, extra: Message = {}): Promise<void> {
    this.send({ op: 'subscribe', channel, ...extra });
    await this.next((m) => m['type'] === 'subscribed' && m['channel'] === channel);
  }

  close(): void {
    this.socket.close();
  }
}
