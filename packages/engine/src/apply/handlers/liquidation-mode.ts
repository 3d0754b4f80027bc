/** `liquidationMode`: whether uncovered deficits are resolved locally or held for a coordinator (liquidation/shortfall.ts). */
import type { LiquidationModeCommand } from '../../commands/schema.js';
import type { Sink } from '../../events/sink.js';
import type { EngineState } from '../../state/types.js';

export function applyLiquidationMode(state: EngineState, command: LiquidationModeCommand, out: Sink): void {
  if (command.shortfall === 'hold') state.shortfall = 'hold';
  else delete state.shortfall;
  out.emit({ type: 'liquidationModeSet', shortfall: command.shortfall });
}
