/**
 * Stress test (`margin stress`, POST /v1/stress): the committed state's marks moved by percent
 * shocks, previewed through the engine (`preview`: applied to the live objects and rolled back),
 * and what the move does to the book per symbol and per settle asset. Changes nothing.
 */
import { z } from 'zod';
import { record } from '@margin/core';
import { decimalText } from '../events/fields.js';

/**
 * The shocks: the CLI grammar as one string (`BTCUSDT=-10%,ETHUSDT=-15%`, `ALL=-5%`), or an object
 * of symbol (or `ALL`) to a percent (`"-10%"` or `"-10"`). The engine checks the rules (known
 * symbol, above -100%, one entry per symbol).
 */
export const stressRequestSchema = record({
  shocks: z.union([z.string(), z.record(z.string(), z.string())], { error: 'must be a string like "BTCUSDT=-10%,ETHUSDT=-15%" or an object of symbol to percent' }),
});
export type StressInput = z.output<typeof stressRequestSchema>;

/** One shocked symbol: the percent and the mark (and index) before and after. */
export const stressShockSchema = z.strictObject({
  symbol: z.string(),
  /** Percent move, e.g. "-10". */
  percent: decimalText,
  markBefore: decimalText,
  markAfter: decimalText,
  indexBefore: decimalText.nullable(),
  indexAfter: decimalText.nullable(),
});

/** What the shock does, counted over accounts (distinct) and summed over amounts (settle asset). */
const impactFields = {
  /** Accounts whose pool reached margin-call level `call` or `liquidation`. */
  marginCall: z.number().int().min(0),
  /** Accounts with a pool the engine started to liquidate. */
  liquidated: z.number().int().min(0),
  /** Accounts with a pool that went bankrupt (balance below zero once closed). */
  bankrupt: z.number().int().min(0),
  /** Bankruptcy deficit: insuranceUsed + adlHaircut + socialized + unresolved. */
  deficit: decimalText,
  /** Paid by the insurance fund(s). */
  insuranceUsed: decimalText,
  /** Counterparty accounts auto-deleveraged. */
  adlAccounts: z.number().int().min(0),
  /** Contracts closed by ADL. */
  adlContracts: decimalText,
  /** Deficit taken from ADL counterparties (their haircuts). */
  adlHaircut: decimalText,
  /** Deficit shared over the holders (socialize profiles). */
  socialized: decimalText,
  /** Deficit nothing could cover (stays with the bankrupt accounts). */
  unresolved: decimalText,
};

export const stressSymbolSchema = z.strictObject({
  /** null: deficit no symbol is left to carry (a bankrupt pool without positions). */
  symbol: z.string().nullable(),
  asset: z.string(),
  ...impactFields,
});

export const stressTotalSchema = z.strictObject({ asset: z.string(), ...impactFields });

export const stressResultSchema = z.strictObject({
  /** Seq of the last command in the state the stress ran on. */
  asOfSeq: z.number().int().min(0),
  /** Accounts in the state. */
  accounts: z.number().int().min(0),
  shocks: z.array(stressShockSchema),
  /** The engine's verdict on the previewed prices command. */
  accepted: z.boolean(),
  reason: z.string().nullable(),
  /** Per symbol held by an affected pool (an account counts under every symbol of its pool). */
  symbols: z.array(stressSymbolSchema),
  /** Per settle asset (accounts counted once). */
  totals: z.array(stressTotalSchema),
  /** How many events of each type the previewed move emitted. */
  events: z.record(z.string(), z.number().int().min(0)),
  assumptions: z.array(z.string()),
});
export type StressShockJson = z.output<typeof stressShockSchema>;
export type StressSymbolJson = z.output<typeof stressSymbolSchema>;
export type StressTotalJson = z.output<typeof stressTotalSchema>;
export type StressResult = z.output<typeof stressResultSchema>;
