/**
 * `margin stress`: what percent shocks to the marks do to the book a journal holds. The state is
 * rebuilt as `margin state` rebuilds it (read-only: the journal is never created or written), the
 * shocked marks are one `prices` command previewed by the engine (`stressTest`), and the engine's
 * events are counted per symbol and per settle asset.
 */
import { InputError } from '@margin/core';
import { parseShocks, stressTest } from '@margin/engine';
import { recoverJournal } from '@margin/host';
import { DEFAULT_SQLITE_PATH, openJournal } from '@margin/store';
import type { StressResult } from '@margin/wire';
import { groupThousands, renderTable } from '../table.js';
import type { RegisterCommand } from './command.js';

export interface StressOptions {
  readonly db: string;
  readonly shock?: string;
  readonly json?: boolean;
}

const IMPACT_COLUMNS = [
  { title: 'margin call' }, { title: 'liquidated' }, { title: 'bankrupt' }, { title: 'deficit' },
  { title: 'insurance used' }, { title: 'ADL accts' }, { title: 'ADL contracts' }, { title: 'ADL haircut' }, { title: 'socialized' }, { title: 'unresolved' },
] as const;

type Impact = StressResult['totals'][number];
const impactCells = (row: Omit<Impact, 'asset'>): string[] => [
  String(row.marginCall), String(row.liquidated), String(row.bankrupt), groupThousands(row.deficit),
  groupThousands(row.insuranceUsed), String(row.adlAccounts), row.adlContracts, groupThousands(row.adlHaircut), groupThousands(row.socialized), groupThousands(row.unresolved),
];

export function stressTable(result: StressResult, location: string): string {
  const out = [`Stress test of ${location}  as of seq ${result.asOfSeq}  ${result.accounts} accounts`, ''];
  out.push(renderTable(
    [{ title: 'symbol', align: 'left' }, { title: 'shock %' }, { title: 'mark before' }, { title: 'mark after' }],
    result.shocks.map((s) => [s.symbol, s.percent, groupThousands(s.markBefore), groupThousands(s.markAfter)]),
  ));
  if (!result.accepted) out.push('', `The engine refused the shocked prices: ${result.reason ?? ''}`);
  out.push('', 'Per symbol (an account counts under every symbol of its affected pool)');
  out.push(result.symbols.length === 0
    ? '  no account reaches margin call, liquidation or bankruptcy'
    : renderTable([{ title: 'symbol', align: 'left' }, { title: 'asset', align: 'left' }, ...IMPACT_COLUMNS], result.symbols.map((row) => [row.symbol ?? '(none)', row.asset, ...impactCells(row)])));
  if (result.totals.length > 0) {
    out.push('', 'Total per settle asset (accounts counted once)');
    out.push(renderTable([{ title: 'asset', align: 'left' }, ...IMPACT_COLUMNS], result.totals.map((row) => [row.asset, ...impactCells(row)])));
  }
  out.push('', 'The journal is unchanged: the shocks are previewed by the engine and rolled back.', '');
  return out.join('\n');
}

/** Output text of `margin stress`. */
export async function stressCommand(options: StressOptions): Promise<string> {
  if (options.shock === undefined) throw new InputError(['shock'], 'is required, e.g. --shock BTCUSDT=-10%,ETHUSDT=-15% or --shock ALL=-5%');
  const specs = parseShocks(options.shock, ['shock']);
  // Read-only, as `margin state`: a stress test never writes the journal (nor its -wal/-shm).
  const journal = await openJournal(options.db, { readOnly: true });
  try {
    const { state } = await recoverJournal(journal, {});
    const result = stressTest(state, specs);
    return options.json === true ? `${JSON.stringify(result, null, 2)}\n` : stressTable(result, journal.location);
  } finally {
    await journal.close();
  }
}

export const registerStress: RegisterCommand = (program, exit) => {
  program
    .command('stress')
    .description('what percent shocks to the marks do to a journal\'s book: margin calls, liquidations, bankruptcies, deficit, insurance and ADL per symbol (the journal is not changed)')
    .option('--db <path|url>', 'journal: a SQLite file path or a postgres:// URL', DEFAULT_SQLITE_PATH)
    .option('--shock <list>', 'SYMBOL=+/-N% entries, comma-separated (decimal percent, above -100%); ALL=N% shocks every market with a mark, a named symbol overrides it')
    .option('--json', 'JSON output (the StressResult schema of @margin/wire)')
    .action(async (options: StressOptions) => {
      process.stdout.write(await stressCommand(options));
      exit.code = 0;
    });
};
