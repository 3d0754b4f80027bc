/** `margin risk FILE|-`: margin, liquidation and bankruptcy prices of one account. */
import type { RegisterCommand } from './command.js';
import { PROFILE_NAMES, computeRisk, decodeJson, formatFixed, liquidationDistance, maxOrder, parseFixed, parseRiskInput, riskReportToJson, venueMargin, type MaxOrder, type PositionJson, type RiskJson, type RiskRequest } from '@margin/core';
import { readTextInput } from '../io.js';
import { groupThousands, renderTable } from '../table.js';

export interface RiskOptions {
  readonly json?: boolean;
  readonly profile?: string;
  /** Symbol: also print the largest new cross order (each side) the balance allows. */
  readonly maxOrder?: string;
}

/** The largest order of each side as JSON (decimal strings), computed by core's `maxOrder`. */
function maxOrderJson(order: MaxOrder) {
  const p = order.position;
  return {
    symbol: order.symbol,
    side: order.side,
    size: formatFixed(order.size),
    notional: p === null ? '0' : formatFixed(p.notional),
    leverage: p === null ? null : formatFixed(p.leverage),
    tier: p === null ? null : p.tierIndex + 1,
    initialMargin: p === null ? '0' : formatFixed(p.initialMargin),
    freeAfter: formatFixed(order.freeAfter),
  };
}

function maxOrders(request: RiskRequest, symbol: string) {
  return (['long', 'short'] as const).map((side) => maxOrderJson(maxOrder(request, symbol, side)));
}

export interface CommandOutput {
  readonly stdout: string;
  readonly warnings: readonly string[];
}

/** Pure part of the command, shared by the tests: input text to output text. */
export function runRisk(inputText: string, options: RiskOptions): CommandOutput {
  const { request, warnings } = parseRiskInput(decodeJson(inputText), options.profile);
  const json = riskReportToJson(computeRisk(request));
  const orders = options.maxOrder === undefined ? null : maxOrders(request, options.maxOrder);
  if (options.json === true) return { stdout: `${JSON.stringify(orders === null ? json : { ...json, maxOrder: orders }, null, 2)}\n`, warnings };
  let stdout = renderRiskTable(json);
  if (orders !== null) {
    const settle = request.instruments.get(options.maxOrder ?? '')?.settle ?? '';
    stdout += `\nLargest new cross order in ${options.maxOrder} (opened at the mark, at the tier's maximum leverage; equity - IM - order margin stays >= 0):\n`;
    stdout += `${renderTable(
      [{ title: 'side', align: 'left' }, { title: 'size' }, { title: 'notional' }, { title: 'leverage' }, { title: 'tier' }, { title: 'IM' }, { title: 'free after' }],
      orders.map((o) => [o.side, groupThousands(o.size), `${groupThousands(o.notional)} ${settle}`, o.leverage === null ? '--' : `${o.leverage}x`, o.tier === null ? '--' : String(o.tier), groupThousands(o.initialMargin), groupThousands(o.freeAfter)]),
    )}\n`;
  }
  return { stdout, warnings };
}

export async function riskCommand(file: string, options: RiskOptions): Promise<CommandOutput> {
  return runRisk(await readTextInput(file, 'FILE'), options);
}

function percentText(ratio: string | null, none: string): string {
  return ratio === null ? none : `${(Number(ratio) * 100).toFixed(4)} %`;
}

/** Distance from the mark to the liquidation price, in percent of the mark (core floors it). */
function distanceText(p: PositionJson): string {
  const distance = liquidationDistance(parseFixed(p.markPrice), p.liquidationPrice === null ? null : parseFixed(p.liquidationPrice));
  return distance === null ? '--' : `${(Number(formatFixed(distance)) * 100).toFixed(2)} %`;
}

function renderRiskTable(json: RiskJson): string {
  const a = json.account;
  const unit = a.settle ?? '';
  const hasCross = json.positions.some((p) => p.margin === 'cross');
  const withUnit = (value: string): string => (unit === '' ? groupThousands(value) : `${groupThousands(value)} ${unit}`);
  const lines = [`Profile ${json.profile}`, ''];
  if (hasCross || unit !== '') {
    lines.push(
      `Cross account (${unit}${hasCross ? '' : ', no cross positions'})`,
      `  wallet balance      ${withUnit(a.walletBalance)}`,
      `  unrealised PnL      ${withUnit(a.unrealizedPnl)}`,
      `  equity              ${withUnit(a.equity)}`,
      `  initial margin      ${withUnit(a.initialMargin)}`,
      `  maintenance margin  ${withUnit(a.maintenanceMargin)}`,
      `  margin ratio        ${percentText(a.marginRatio, '-- (equity <= 0)')}`,
      `  available balance   ${withUnit(a.availableBalance)}`,
      `  liquidatable        ${a.liquidatable ? 'YES' : 'no'}`,
      '',
    );
  } else {
    // No cross position and no account.asset: the cross pool has no asset to name its balance in.
    lines.push(`Cross account: no cross positions (wallet balance ${groupThousands(a.walletBalance)}; give account.asset to name its asset)`, '');
  }
  const isolated = json.positions.filter((p) => p.margin === 'isolated');
  if (isolated.length > 0) {
    lines.push('Isolated positions (each its own pool)');
    lines.push(
      renderTable(
        [
          { title: 'symbol', align: 'left' },
          { title: 'side', align: 'left' },
          { title: 'balance' },
          { title: 'uPnL' },
          { title: 'equity' },
          { title: 'MM' },
          { title: 'margin ratio' },
          { title: 'liquidatable', align: 'left' },
        ],
        isolated.map((p) => [
          p.symbol,
          p.side,
          `${groupThousands(p.isolatedBalance ?? null)} ${p.settle}`,
          groupThousands(p.unrealizedPnl),
          `${groupThousands(p.isolatedEquity ?? null)} ${p.settle}`,
          groupThousands(p.maintenanceMargin),
          percentText(p.marginRatio ?? null, '-- (equity <= 0)'),
          p.liquidatable === true ? 'YES' : 'no',
        ]),
      ),
      '',
    );
  }
  if (json.positions.length === 0) return `${lines.join('\n')}No positions.\n`;
  const rows = json.positions.map((p) => [
    p.symbol,
    p.side,
    p.margin === 'isolated' ? `isolated${p.liquidatable === true ? ' LIQ' : ''}` : 'cross',
    groupThousands(p.size),
    groupThousands(p.entryPrice),
    groupThousands(p.markPrice),
    `${groupThousands(p.notional)} ${p.settle}`,
    groupThousands(p.unrealizedPnl),
    `${p.tier} (${(Number(p.maintenanceRate) * 100).toString()}%)`,
    `${p.leverage}x${p.leverageCapped ? ' capped' : ''}`,
    groupThousands(p.initialMargin),
    groupThousands(p.maintenanceMargin),
    groupThousands(p.liquidationPrice),
    distanceText(p),
    groupThousands(p.bankruptcyPrice),
  ]);
  const table = renderTable(
    [
      { title: 'symbol', align: 'left' },
      { title: 'side', align: 'left' },
      { title: 'margin', align: 'left' },
      { title: 'size' },
      { title: 'entry' },
      { title: 'mark' },
      { title: 'notional' },
      { title: 'uPnL' },
      { title: 'tier (MMR)' },
      { title: 'leverage' },
      { title: 'IM' },
      { title: 'MM' },
      { title: 'liq. price' },
      { title: 'to liq.' },
      { title: 'bankr. price' },
    ],
    rows,
  );
  return `${lines.join('\n')}${table}\n\nPrices rounded toward the safe side (${venueMargin(json.profile).priceRounding === 'decimals' ? `to ${venueMargin(json.profile).priceDecimals} decimals` : 'to the tick'}); "--" means no positive price exists; "to liq." is the mark's distance to the liquidation price, in percent of the mark (rounded down).\n`;
}

export const registerRisk: RegisterCommand = (program, exit) => {
  program
    .command('risk')
    .description('margin, liquidation and bankruptcy prices of one account (JSON file, or - for stdin)')
    .argument('<file>', 'input JSON file, or - for standard input')
    .option('--json', 'print JSON (every number a decimal string)')
    .option('--profile <name>', `methodology profile (${PROFILE_NAMES.join(', ')})`)
    .option('--max-order <symbol>', 'also print the largest new cross order of each side the balance allows in SYMBOL (size, leverage, tier)')
    .action(async (file: string, options: RiskOptions) => {
      const result = await riskCommand(file, options);
      for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
      process.stdout.write(result.stdout);
      exit.code = 0;
    });
};
