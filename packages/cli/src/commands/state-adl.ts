/**
 * `margin state --account ID --adl`: each position's place in the ADL queue of its symbol and
 * side, as the engine ranks it (`accountRiskJson(..., { adl: true })`; the CLI ranks nothing).
 * Table by default; `--json` prints the risk JSON with an `adl` object on each ranked position.
 */
import type { AdlRankJson } from '@margin/engine';
import type { PositionJson, RiskJson } from '@margin/core';
import { groupThousands, renderTable } from '../table.js';

export type PositionWithAdl = PositionJson & { adl?: AdlRankJson };

/** The venues' five lights: indicator 5 (first to be deleveraged) lights all five. */
function lights(indicator: number): string {
  return '#'.repeat(indicator) + '.'.repeat(5 - indicator);
}

export function adlTable(risk: RiskJson, account: string): string {
  const positions = risk.positions as PositionWithAdl[];
  const rows = positions.map((position) => {
    const adl = position.adl;
    return [
      position.symbol,
      position.side,
      position.margin,
      groupThousands(position.size),
      groupThousands(position.liquidationPrice),
      adl === undefined ? '--' : `${adl.rank} of ${adl.count}`,
      adl === undefined ? '--' : adl.quantile,
      adl === undefined ? '--' : `${adl.indicator} ${lights(adl.indicator)}`,
      adl === undefined ? '--' : adl.score,
    ];
  });
  const table = renderTable(
    [
      { title: 'symbol', align: 'left' },
      { title: 'side', align: 'left' },
      { title: 'margin', align: 'left' },
      { title: 'size' },
      { title: 'liq. price' },
      { title: 'ADL rank' },
      { title: 'quantile' },
      { title: 'indicator', align: 'left' },
      { title: 'score' },
    ],
    rows,
  );
  const header = `ADL queue of account ${account}  profile ${risk.profile}  settle ${risk.account.settle ?? '--'}`;
  const note = 'Rank 1 is deleveraged first, within the positions of the same symbol and side; indicator 5 is the top fifth of the queue.';
  return `${header}\n${table}\n\n${note}\n`;
}
