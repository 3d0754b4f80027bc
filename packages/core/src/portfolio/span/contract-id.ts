/**
 * The id a portfolio names a SPAN contract by, the same for every parameter format:
 * `PRODUCT YYYYMM` for a future, `PRODUCT YYYYMM C|P STRIKE` for an option (strike as a plain decimal).
 */
export function spanContractId(product: string, month: string, optionType: 'call' | 'put' | null, strike: number | null): string {
  if (optionType === null || strike === null) return `${product} ${month}`;
  return `${product} ${month} ${optionType === 'call' ? 'C' : 'P'} ${String(strike)}`;
}
