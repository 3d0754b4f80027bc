/** What the routes share: the engine host and the views built from its committed events. */
import type { ApiKeyStore } from './auth/api-keys.js';
import type { CommandGateway } from './host/command-gateway.js';
import type { EngineHost } from './host/engine-host.js';
import type { History } from './views/history.js';
import type { InstrumentCatalog } from './views/instrument-catalog.js';
import type { RiskBoard } from './views/risk-board.js';

export interface ServerContext {
  readonly host: EngineHost;
  readonly gateway: CommandGateway;
  readonly keys: ApiKeyStore;
  readonly history: History;
  readonly board: RiskBoard;
  readonly catalog: InstrumentCatalog;
  /** Server start, epoch ms. */
  readonly startedAtMs: number;
  readonly demo: boolean;
}
