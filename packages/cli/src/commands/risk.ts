/** `margin risk FILE|-`: margin, liquidation and bankruptcy prices of one account. */
import type { RegisterCommand } from './command.js';
import {
  PORTFOLIO_VENUE_NAMES,
  PROFILE_NAMES,
  computeRisk,
  computeMultiAssetRisk,
  computeStandardAccount,
  decodeJson,
  isMultiAssetInput,
  multiAssetRiskToJson,
  parseMultiAssetRiskInput,
  InputError,
  formatFixed,
  liquidationDistance,
  maxOrder,
  parseFixed,
  parseRiskInput,
  portfolioRiskReport,
  portfolioAccountReport,
  isPortfolioAccountInput,
  riskReportToJson,
  standardAccountToJson,
  venueMargin,
  type MaxOrder,
  type OptionsRiskJson,
  type PositionJson,
  type Profile,
  type RiskJson,
  type RiskRequest,
} from '@margin/core';
import { renderPortfolioRisk } from './portfolio-render.js';
import { renderPortfolioAccount } from './portfolio-account-render.js';
import { renderMultiAssetTable } from './collateral-render.js';
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
  const document = decodeJson(inputText);
  // A portfolio-margin profile (docs/portfolio-margin.md) takes priced positions instead of an account.
  const named = options.profile ?? (typeof document === 'object' && document !== null && 'profile' in document ? (document as { profile: unknown }).profile : undefined);
  if (typeof named === 'string' && PORTFOLIO_VENUE_NAMES.includes(named) && isPortfolioAccountInput(document)) {
    // Several risk units of a components profile: each unit's report and their sums.
    const { report, warnings } = portfolioAccountReport(document, options.profile);
    return { stdout: options.json === true ? `${JSON.stringify(report, null, 2)}\n` : renderPortfolioAccount(report), warnings };
  }
  if (typeof named === 'string' && PORTFOLIO_VENUE_NAMES.includes(named)) {
    const { report, warnings } = portfolioRiskReport(document, options.profile);
    return { stdout: options.json === true ? `${JSON.stringify(report, null, 2)}\n` : renderPortfolioRisk(report), warnings };
  }
  if (isMultiAssetInput(document)) {
    // A multi-asset pool (docs/collateral.md): collateral balances, index prices, loans, credit.
    if (options.maxOrder !== undefined) throw new InputError(['--max-order'], 'is not available for a multi-asset account (a file with collateral) yet');
    const multi = parseMultiAssetRiskInput(document, options.profile);
    const json = multiAssetRiskToJson(computeMultiAssetRisk(multi.request));
    return { stdout: options.json === true ? `${JSON.stringify(json, null, 2)}\n` : renderMultiAssetTable(json), warnings: multi.warnings };
  }
  const { request, warnings, options: book } = parseRiskInput(document, options.profile);
  if (book !== undefined) {
    // Options, or a venue with size-based futures margin: the standard options account (core).
    const json = standardAccountToJson(computeStandardAccount(request, book.book, book.rules, book.venueName));
    const stdout = options.json === true ? `${JSON.stringify(json, null, 2)}\n` : renderOptionsTable(json);
    return { stdout, warnings };
  }
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
  return `${lines.join('\n')}${table}\n\n${priceNote(venueMargin(json.profile))}; "--" means no positive price exists; "to liq." is the mark's distance to the liquidation price, in percent of the mark (rounded down).\n`;
}

/** How the profile rounds reported prices (core's `priceRounding`), for the footnote. */
function priceNote(profile: Profile): string {
  if (profile.priceRounding === 'decimals-nearest') return `Prices rounded to the nearest at ${profile.priceDecimals} decimals, as the venue reports them`;
  return `Prices rounded toward the safe side (${profile.priceRounding === 'decimals' ? `to ${profile.priceDecimals} decimals` : 'to the tick'})`;
}

function renderOptionsTable(json: OptionsRiskJson): string {
  const a = json.account;
  const unit = a.settle ?? '';
  const ratio = a.marginRatio === null ? '-- (equity <= 0)' : `${(Number(a.marginRatio) * 100).toFixed(4)} %`;
  const lines = [
    `Profile ${json.profile} at ${json.time}`,
    '',
    `Cross account (${unit || 'no cross positions'})`,
    `  wallet balance      ${groupThousands(a.walletBalance)} ${unit}`,
    `  futures PnL         ${groupThousands(a.unrealizedPnl)} ${unit}`,
    `  option value        ${groupThousands(a.optionValue)} ${unit}${a.optionValueInEquity ? '' : ' (not in equity at this venue)'}`,
    `  equity              ${groupThousands(a.equity)} ${unit}`,
    `  initial margin      ${groupThousands(a.initialMargin)} ${unit}`,
    `  maintenance margin  ${groupThousands(a.maintenanceMargin)} ${unit}`,
    `  margin ratio        ${ratio}`,
    `  available balance   ${groupThousands(a.availableBalance)} ${unit}`,
    `  liquidatable        ${a.liquidatable ? 'YES' : 'no'}`,
    '',
  ];
  for (const total of json.greeks) {
    lines.push(`Greeks ${total.base}: delta ${total.deltaCoin} ${total.base} (${total.deltaQuote} quote), gamma ${total.gamma}, vega ${total.vegaPerVolPoint} per vol point, theta ${total.thetaPerDay} per day`);
  }
  if (json.greeks.length > 0) lines.push('');
  if (json.positions.length > 0) {
    const futures = renderTable(
      [{ title: 'future', align: 'left' }, { title: 'side', align: 'left' }, { title: 'size' }, { title: 'entry' }, { title: 'mark' }, { title: 'uPnL' }, { title: 'IM' }, { title: 'MM' }],
      json.positions.map((p) => [p.symbol, p.side, groupThousands(p.size), groupThousands(p.entryPrice), groupThousands(p.markPrice), groupThousands(p.unrealizedPnl), groupThousands(p.initialMargin), groupThousands(p.maintenanceMargin)]),
    );
    lines.push(futures, '');
  }
  if (json.options.length > 0) {
    const table = renderTable(
      [
        { title: 'option', align: 'left' },
        { title: 'side', align: 'left' },
        { title: 'size' },
        { title: 'mark' },
        { title: 'IV' },
        { title: 'value' },
        { title: 'uPnL' },
        { title: 'IM' },
        { title: 'MM' },
        { title: 'delta (coin)' },
        { title: 'gamma' },
        { title: 'vega/pt' },
        { title: 'theta/day' },
        { title: 'rule', align: 'left' },
      ],
      json.options.map((o) => [
        o.symbol,
        o.side,
        groupThousands(o.size),
        `${o.markPrice}${o.markSource === 'mark-iv' ? ' (IV)' : ''}`,
        `${(Number(o.volatility) * 100).toFixed(2)}%`,
        groupThousands(o.value),
        groupThousands(o.unrealizedPnl),
        groupThousands(o.initialMargin),
        groupThousands(o.maintenanceMargin),
        Number(o.greeks.deltaCoin).toFixed(6),
        Number(o.greeks.gamma).toPrecision(6),
        Number(o.greeks.vegaPerVolPoint).toFixed(6),
        Number(o.greeks.thetaPerDay).toFixed(6),
        o.marginSnapshot,
      ]),
    );
    lines.push(table, '');
  }
  if (json.positions.length === 0 && json.options.length === 0) lines.push('No positions.', '');
  lines.push('Liquidation prices are not solved for an account margined with options (option values move with the underlying).');
  return `${lines.join('\n')}\n`;
}

export const registerRisk: RegisterCommand = (program, exit) => {
  program
    .command('risk')
    .description('margin, liquidation and bankruptcy prices of one account (JSON file, or - for stdin)')
    .argument('<file>', 'input JSON file, or - for standard input')
    .option('--json', 'print JSON (every number a decimal string)')
    .option('--profile <name>', `methodology profile (${PROFILE_NAMES.join(', ')}; portfolio margin: ${PORTFOLIO_VENUE_NAMES.join(', ')})`)
    .option('--max-order <symbol>', 'also print the largest new cross order of each side the balance allows in SYMBOL (size, leverage, tier)')
    .action(async (file: string, options: RiskOptions) => {
      const result = await riskCommand(file, options);
      for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
      process.stdout.write(result.stdout);
      exit.code = 0;
    });
};
