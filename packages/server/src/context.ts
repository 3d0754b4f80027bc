/** What the routes share: the engine host and the views built from its committed events. */
import type { DurableHost, InstrumentCatalog, JournalHistory } from '@margin/host';
import type { ApiKeyStore } from './auth/api-keys.js';
import type { CommandGateway } from './command-gateway.js';
import type { DemoMarketControl } from './demo-market.js';
import type { History } from './views/history.js';
import type { JournalFigures } from './views/journal-account-history.js';
import type { RiskBoard } from './views/risk-board.js';

export interface ServerContext {
  /** Read state through `host.read` (committed state only). */
  readonly host: DurableHost;
  readonly gateway: CommandGateway;
  readonly keys: ApiKeyStore;
  readonly history: History;
  readonly board: RiskBoard;
  /** Per-account history replayed from the journal (ADR 0027). */
  readonly journalHistory: JournalHistory<JournalFigures>;
  /** The host's catalogue of committed instrument definitions. */
  readonly catalog: InstrumentCatalog;
  /** Server start, epoch ms. */
  readonly startedAtMs: number;
  readonly demo: boolean;
  /** The demo market's pause switch; attached by `margin serve --demo`. */
  readonly demoMarket: DemoMarketControl;
}
