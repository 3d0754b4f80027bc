/**
 * The one way commands enter the engine, for the HTTP API and the demo simulator alike: role
 * check per command, boundary parse (field paths), apply + commit, and bookkeeping of accepted
 * instrument definitions for the what-if calculator.
 */
import { InputError, formatPath } from '@margin/core';
import type { Principal } from '../auth/api-keys.js';
import { canSubmitCommand } from '../auth/authorize.js';
import { HttpProblem } from '../problem.js';
import type { InstrumentCatalog, InstrumentJson } from '../views/instrument-catalog.js';
import type { CommandOutcome, EngineHost } from './engine-host.js';

export class CommandGateway {
  constructor(
    private readonly host: EngineHost,
    private readonly catalog: InstrumentCatalog,
  ) {}

  /**
   * `principal` null means a trusted in-process caller (the demo simulator). `basePath` prefixes
   * InputError paths (e.g. ['body', 'commands']).
   */
  async submit(commands: readonly unknown[], principal: Principal | null, basePath: readonly (string | number)[] = [], indexed = true): Promise<CommandOutcome[]> {
    if (principal !== null) {
      commands.forEach((command, index) => {
        const type = command !== null && typeof command === 'object' ? (command as Record<string, unknown>)['type'] : undefined;
        if (!canSubmitCommand(principal, type)) {
          throw new HttpProblem(403, 'forbidden', `${formatPath(indexed ? [...basePath, index, 'type'] : [...basePath, 'type'])}: a key with role "${principal.role}" may not submit "${String(type)}" commands`);
        }
      });
    }
    let outcomes: CommandOutcome[];
    try {
      outcomes = await this.host.submitJson(commands);
    } catch (error) {
      if (error instanceof InputError) throw new InputError([...basePath, ...(indexed ? error.path : error.path.slice(1))], error.rule);
      throw error;
    }
    const defined: InstrumentJson[] = [];
    outcomes.forEach((outcome, index) => {
      if (outcome.type !== 'instrument' || outcome.status !== 'accepted') return;
      const instrument = (commands[index] as { instrument?: InstrumentJson }).instrument;
      if (instrument !== undefined) defined.push(instrument);
    });
    await this.catalog.record(defined);
    return outcomes;
  }
}
