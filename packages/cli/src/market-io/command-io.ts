/** Shared plumbing of the market-data commands: options, reading, profile, output formatting. */
import { dirname, resolve } from 'node:path';
import { readFile } from 'node:fs/promises';
import {
  InputError,
  DEFAULT_VENUE_NAME,
  VENUE_NAMES,
  venueMarket,
  parseWithSchema,
  type MarketProfile,
} from '@margin/core';
import type { z } from 'zod';
import { readTextInput } from '../io.js';
import { loadDocument, type DocumentShape, type InputFormat, type LoadedDocument } from './document.js';

export interface MarketOptions {
  readonly json?: boolean;
  readonly profile?: string;
  readonly format?: string;
  readonly set?: readonly string[];
}

export interface CommandOutput {
  readonly stdout: string;
  readonly warnings: readonly string[];
}

function formatOf(file: string, option: string | undefined): InputFormat {
  if (option === undefined) return file.toLowerCase().endsWith('.csv') ? 'csv' : 'json';
  if (option !== 'json' && option !== 'csv') throw new InputError(['--format'], `must be "json" or "csv", got "${option}"`);
  return option;
}

/** Load the document of `file` (or `-` for stdin) with the series files it names. */
export async function readMarketDocument(file: string, options: MarketOptions, shape: DocumentShape, inputText?: string): Promise<LoadedDocument> {
  const text = inputText ?? (await readTextInput(file, 'FILE'));
  const folder = file === '-' ? process.cwd() : dirname(resolve(file));
  return loadDocument(
    {
      text,
      label: file === '-' ? 'stdin' : file,
      format: formatOf(file, options.format),
      sets: options.set ?? [],
      readFile: (name) => readFile(resolve(folder, name), 'utf8'),
    },
    shape,
  );
}

/** Run the validation and maths of a command, placing any input error at its file and line. */
export function located<T>(loaded: LoadedDocument, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof InputError) throw loaded.locate(error);
    throw error;
  }
}

export function resolveMarketProfile(fromDocument: string | undefined, override: string | undefined): MarketProfile {
  return venueMarket(override ?? fromDocument ?? DEFAULT_VENUE_NAME, [override !== undefined ? '--profile' : 'profile']);
}

export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export const MARKET_PROFILE_HELP = `market profile (${VENUE_NAMES.join(', ')})`;

/** Commander collector for repeated `--set key=value`. */
export function collectSet(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** What a single-document market command needs: where its series sit, its schema, its report, its table. */
export interface DocumentCommand<I extends { readonly profile?: string | undefined }, R> {
  readonly shape: DocumentShape;
  readonly schema: z.ZodType<I>;
  readonly report: (profile: MarketProfile, input: I) => R;
  readonly render: (report: R) => string;
}

/** Read the document, validate it (errors located at file and line), compute, print JSON or a table. */
export async function runDocumentCommand<I extends { readonly profile?: string | undefined }, R>(
  file: string,
  options: MarketOptions,
  command: DocumentCommand<I, R>,
  inputText?: string,
): Promise<CommandOutput> {
  const loaded = await readMarketDocument(file, options, command.shape, inputText);
  return located(loaded, () => {
    const { value: input, warnings } = parseWithSchema(command.schema, loaded.document);
    const report = command.report(resolveMarketProfile(input.profile, options.profile), input);
    return { stdout: options.json === true ? jsonText(report) : command.render(report), warnings };
  });
}
