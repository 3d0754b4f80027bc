/** `margin span --params FILE --portfolio FILE`: the SPAN requirement of a portfolio from a risk parameter file (PA2 or XML), explained. */
import type { RegisterCommand } from './command.js';
import { ACCOUNT_CLASSES, computeSpan, decodeJson, parseSpanParams, parseSpanPortfolio, portfolioVenue, spanReportJson, InputError, type AccountClass, type SpanVenue } from '@margin/core';
import { readTextInput } from '../io.js';
import { renderSpan } from './portfolio-render.js';

export interface SpanOptions {
  readonly params: string;
  readonly portfolio: string;
  readonly accountClass?: string;
  readonly json?: boolean;
}

export interface CommandOutput {
  readonly stdout: string;
  readonly warnings: readonly string[];
}

/** Pure part of the command: parameter file text and portfolio text to output text. */
export function runSpan(paramsText: string, portfolioText: string, options: Omit<SpanOptions, 'params' | 'portfolio'>): CommandOutput {
  const record = portfolioVenue('span') as SpanVenue;
  let accountClass: AccountClass = record.defaultAccountClass;
  if (options.accountClass !== undefined) {
    if (!(ACCOUNT_CLASSES as readonly string[]).includes(options.accountClass)) {
      throw new InputError(['--account-class'], `must be one of ${ACCOUNT_CLASSES.join(', ')}, got "${options.accountClass}"`);
    }
    accountClass = options.accountClass as AccountClass;
  }
  const params = parseSpanParams(paramsText);
  const { value, warnings: portfolioWarnings } = parseSpanPortfolio(decodeJson(portfolioText, 'portfolio'), accountClass);
  const warnings = [...params.warnings.map((w) => `params: ${w}`), ...portfolioWarnings];
  const portfolio = options.accountClass === undefined ? value : { ...value, accountClass };
  const report = spanReportJson(computeSpan(params.value, portfolio));
  return { stdout: options.json === true ? `${JSON.stringify(report, null, 2)}\n` : renderSpan(report), warnings };
}

export async function spanCommand(options: SpanOptions): Promise<CommandOutput> {
  const [paramsText, portfolioText] = await Promise.all([readTextInput(options.params, '--params'), readTextInput(options.portfolio, '--portfolio')]);
  return runSpan(paramsText, portfolioText, options);
}

export const registerSpan: RegisterCommand = (program, exit) => {
  program
    .command('span')
    .description('SPAN requirement of a portfolio from a risk parameter file (PA2 positional or XML), with its explanation')
    .requiredOption('--params <file>', 'SPAN risk parameter file: PA2 (expanded unpacked), XML (.spn), or JSON with instrument parameters (arrays computed by Black-76)')
    .requiredOption('--portfolio <file>', 'portfolio JSON {"accountClass", "positions": [{"contract", "quantity"}]}, or - for standard input')
    .option('--account-class <class>', `account class for initial = ratio x maintenance (${ACCOUNT_CLASSES.join(', ')}); overrides the portfolio's`)
    .option('--json', 'print JSON (money as decimal strings; the explanation sums to the requirement)')
    .action(async (options: SpanOptions) => {
      const result = await spanCommand(options);
      for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
      process.stdout.write(result.stdout);
      exit.code = 0;
    });
};
