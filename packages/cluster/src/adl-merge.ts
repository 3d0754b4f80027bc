/**
 * ADL ranking across partitions. A position's ADL score depends only on its own account (its
 * pool's equity and maintenance, its entry and the shared mark), so every partition can rank its
 * own holders of a symbol at a price sequence and publish that summary (engine `adlRanks`, read on
 * the partition's read subject); the cluster-wide queue is the merge of the summaries: per side,
 * score descending, ties in (account id, position key) order, which is the engine's own tie order.
 * Rank, count, quantile and indicator are then recomputed over the merged queue exactly as the
 * engine computes them.
 *
 * Limit: the summaries carry the score rounded to 10 decimals (half-even), so two positions whose
 * scores differ below 1e-10 merge in (account, key) order where one process would order them by
 * the exact score. The exact merge needs the score's exact rational in the summary (docs/scale-out.md).
 */
import { formatUnits, parseUnits } from '@margin/core';
import type { AdlRankJson } from '@margin/engine';

const SCORE_DECIMALS = 10;

function indicator(rank: number, count: number): number {
  return 5 - Math.floor((5 * (rank - 1)) / count);
}

/** rank / count rounded up to 10 decimals, as the engine prints it. */
function quantile(rank: number, count: number): string {
  const scale = 10n ** BigInt(SCORE_DECIMALS);
  const units = (BigInt(rank) * scale + BigInt(count) - 1n) / BigInt(count);
  return formatUnits(units, SCORE_DECIMALS);
}

/** The cluster-wide ADL queue of one symbol from each partition's `adlRanks` rows: longs then shorts, each in rank order. */
export function mergeAdlRanks(perPartition: readonly (readonly AdlRankJson[])[]): AdlRankJson[] {
  const rows: AdlRankJson[] = [];
  for (const side of ['long', 'short'] as const) {
    const all = perPartition.flatMap((ranks) => ranks.filter((row) => row.side === side));
    const keyed = all.map((row) => ({ row, score: parseUnits(row.score, SCORE_DECIMALS) }));
    keyed.sort((a, b) =>
      a.score !== b.score ? (a.score > b.score ? -1 : 1)
      : a.row.account !== b.row.account ? (a.row.account < b.row.account ? -1 : 1)
      : a.row.positionKey < b.row.positionKey ? -1 : a.row.positionKey > b.row.positionKey ? 1 : 0,
    );
    const count = keyed.length;
    keyed.forEach(({ row }, i) => rows.push({ ...row, rank: i + 1, count, quantile: quantile(i + 1, count), indicator: indicator(i + 1, count) }));
  }
  return rows;
}
