/**
 * The one way commands enter the engine through the server, for the HTTP API and the demo
 * simulator alike: the role check per command, then the durable host (parse with field paths,
 * apply, commit, outcomes).
 */
import { formatPath } from '@margin/core';
import type { CommandOutcome, DurableHost } from '@margin/host';
import type { Principal } from './auth/api-keys.js';
import { canSubmitCommand } from './auth/authorize.js';
import { HttpProblem } from './problem.js';

export class CommandGateway {
  constructor(private readonly host: DurableHost) {}

  /**
   * `principal` null means a trusted in-process caller (the demo simulator). `basePath` prefixes
   * InputError paths (e.g. ['body', 'commands']); `indexed` false: one command is the whole body.
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
    return this.host.executeJson(commands, basePath, indexed);
  }
}
