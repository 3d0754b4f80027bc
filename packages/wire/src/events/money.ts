/** Events of money moving in and out of accounts and insurance funds. */
import { z } from 'zod';
import { decimalText, entries, systemAccount } from './fields.js';

export const depositedEventSchema = z.strictObject({
  type: z.literal('deposited'),
  account: z.string(),
  asset: z.string(),
  amount: decimalText,
  walletBalance: decimalText,
  entries,
});

export const withdrawnEventSchema = z.strictObject({
  type: z.literal('withdrawn'),
  account: z.string(),
  asset: z.string(),
  amount: decimalText,
  walletBalance: decimalText,
  entries,
});

export const insuranceDepositedEventSchema = z.strictObject({
  type: z.literal('insuranceDeposited'),
  asset: z.string(),
  fund: systemAccount,
  amount: decimalText,
  entries,
});

/** One leg of an insurance transfer between engine instances (command `insuranceTransfer`). */
export const insuranceTransferredEventSchema = z.strictObject({
  type: z.literal('insuranceTransferred'),
  asset: z.string(),
  fund: systemAccount,
  transfer: z.string(),
  leg: z.enum(['out', 'in']),
  from: z.number().int(),
  to: z.number().int(),
  amount: decimalText,
  entries,
});

export const FUND_CHANGE_REASONS = ['deposit', 'liquidation-fee', 'takeover', 'deficit-cover', 'transfer'] as const;

/** Every change of a fund's balance; the entries are on the event that moved the money. */
export const insuranceFundChangedEventSchema = z.strictObject({
  type: z.literal('insuranceFundChanged'),
  asset: z.string(),
  fund: systemAccount,
  change: decimalText,
  balance: decimalText,
  reason: z.enum(FUND_CHANGE_REASONS),
  /** The account whose liquidation moved the money (absent for a deposit). */
  account: z.string().optional(),
});
