/** `margin options FILE|-`: Black-76 price, Greeks and implied volatility of an option chain (docs/options.md). */
import type { RegisterCommand } from './command.js';
import { registerMarketCommand } from './register-market-command.js';
import { optionsInputSchema, optionsReport, parseWithSchema, type OptionsReport } from '@margin/core';
import { jsonText, located, readMarketDocument, type CommandOutput, type MarketOptions } from '../market-io/command-io.js';
import { groupThousands, renderTable } from '../table.js';

export const OPTIONS_SHAPE = { mainSeries: 'chain', seriesPaths: [['chain']] } as const;

export async function runOptions(file: string, options: MarketOptions, inputText?: string): Promise<CommandOutput> {
  const loaded = await readMarketDocument(file, options, OPTIONS_SHAPE, inputText);
  return located(loaded, () => {
    const { value, warnings } = parseWithSchema(optionsInputSchema, loaded.document);
    const report = optionsReport(value);
    return { stdout: options.json === true ? jsonText(report) : renderOptions(report), warnings };
  });
}

function renderOptions(report: OptionsReport): string {
  const lines = [`Options  ${report.model}, ${report.settlement}, r ${report.rate}, ${report.dayCount}, at ${report.time}`, ''];
  const inverse = report.settlement === 'inverse';
  const rows = report.rows.map((row) => [
    row.id ?? '',
    row.kind,
    groupThousands(row.strike),
    row.expiry,
    `${row.volatility} (${row.volatilitySource})`,
    groupThousands(inverse ? row.priceInCoin : row.price),
    inverse ? row.deltaInCoin : row.delta,
    row.gamma,
    row.vegaPerVolPoint,
    row.thetaPerDay,
  ]);
  lines.push(
    renderTable(
      [
        { title: 'id', align: 'left' },
        { title: 'kind', align: 'left' },
        { title: 'strike' },
        { title: 'expiry', align: 'left' },
        { title: 'volatility', align: 'left' },
        { title: inverse ? 'price (coin)' : 'price' },
        { title: inverse ? 'delta (coin)' : 'delta' },
        { title: 'gamma' },
        { title: 'vega/pt' },
        { title: 'theta/day' },
      ],
      rows,
    ),
  );
  lines.push(`${report.rounding}; --json for every field`);
  return `${lines.join('\n')}\n`;
}

export const registerOptions: RegisterCommand = (program, exit) =>
  registerMarketCommand(program, exit, {
    name: 'options',
    description: 'price a chain of European options (Black-76): price, Greeks, implied volatility from a price, volatility from a surface',
    fileHelp: 'input JSON, or a CSV of chain rows with --set time=...; - for standard input',
    setExample: '--set time=2026-01-01T08:00:00Z --set forward=60000',
    run: runOptions,
  });
