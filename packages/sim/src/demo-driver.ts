/**
 * Runs the demo market against a command sink (the server's command gateway): the setup in
 * batches, then one tick every `tickMs` on the wall clock. The sink answers each batch with the
 * engine's outcomes, which go back to the simulator. A tick never overlaps the previous one.
 */
import { DemoMarketSim, type CommandJson, type DemoOptions, type Outcome } from './demo-market.js';

export type CommandSink = (commands: CommandJson[]) => Promise<readonly Outcome[]>;

export interface DemoDriverOptions extends DemoOptions {
  readonly tickMs?: number;
  /** Commands per setup batch. */
  readonly setupBatch?: number;
  /** Whether the market and population are already in the engine (a restart). */
  readonly alreadySeeded?: boolean;
  readonly now?: () => number;
  readonly onError?: (error: Error) => void;
}

export interface DemoStats {
  ticks: number;
  commands: number;
  rejected: number;
  seedMs: number;
}

export class DemoDriver {
  readonly sim: DemoMarketSim;
  readonly stats: DemoStats = { ticks: 0, commands: 0, rejected: 0, seedMs: 0 };
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private running: Promise<void> = Promise.resolve();
  private readonly tickMs: number;
  private readonly setupBatch: number;
  private readonly now: () => number;

  constructor(
    private readonly sink: CommandSink,
    private readonly options: DemoDriverOptions = {},
  ) {
    this.sim = new DemoMarketSim(options);
    this.tickMs = options.tickMs ?? 500;
    this.setupBatch = options.setupBatch ?? 1_000;
    this.now = options.now ?? Date.now;
  }

  /** Seeds the market and the population (unless already seeded); resolves when done. */
  async seed(): Promise<void> {
    if (this.options.alreadySeeded === true) return;
    const started = performance.now();
    await this.send(this.sim.marketSetup(this.now()));
    let batch: CommandJson[] = [];
    for (const command of this.sim.populationSetup(this.now())) {
      batch.push(command);
      if (batch.length >= this.setupBatch) {
        await this.send(batch);
        batch = [];
      }
    }
    await this.send(batch);
    this.stats.seedMs = performance.now() - started;
  }

  /** Starts ticking; call after `seed`. */
  start(): void {
    this.stopped = false;
    const loop = (): void => {
      if (this.stopped) return;
      const began = this.now();
      this.running = this.send(this.sim.tick(began))
        .then(() => {
          this.stats.ticks++;
        })
        .catch((error: unknown) => this.options.onError?.(error as Error))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(loop, Math.max(0, this.tickMs - (this.now() - began)));
        });
    };
    this.timer = setTimeout(loop, this.tickMs);
  }

  /** Stops ticking and waits for the tick in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private async send(commands: CommandJson[]): Promise<void> {
    if (commands.length === 0) return;
    const outcomes = await this.sink(commands);
    this.stats.commands += commands.length;
    for (const outcome of outcomes) if (outcome.status === 'rejected') this.stats.rejected++;
    this.sim.observe(outcomes);
  }
}
