// Public entry of @margin/engine: the only module other packages import.
export type { Command, CommandType } from './commands/schema.js';
export { COMMAND_TYPES } from './commands/schema.js';
export { parseCommand } from './commands/parse-command.js';
export type { EngineEvent, ApplyContext } from './apply/apply-command.js';
export { applyCommand } from './apply/apply-command.js';
export { duplicateEvent, type DuplicateEvent } from './apply/duplicate.js';
export { ID_WINDOW_DEFAULT } from './state/id-window.js';
export type { EngineState } from './state/types.js';
export type { EngineOptions, LiquidationOptions } from './state/create.js';
export { createEngineState } from './state/create.js';
export type { MarginCallThresholdsInput } from './state/margin-call-config.js';
export { snapshotState, stateHash, SNAPSHOT_VERSION } from './snapshot/snapshot.js';
export { restoreState } from './snapshot/restore.js';
export { accountRiskJson, accountIds, type AccountRiskOptions } from './report/account-risk.js';
export { accountRiskInput, compareAccount } from './report/compare-account.js';
export { adlRanks, type AdlRankJson } from './liquidation/adl-ranks.js';
export { insuranceFunds } from './liquidation/funds.js';
export type { RiskJson } from '@margin/core';
export { assertLedgerBalanced } from './ledger/ledger.js';
export type { EntryJson } from './ledger/ledger.js';
export { REJECT_CODES, REJECT_CODE_LIST, type RejectCode } from './codes.js';
export { lastSeq, ledgerBalances, rescanAllAccounts, scanStats } from './inspect.js';
// The liquidation-promise auditor (audit/risk-invariants.ts) is not part of this entry: it is the
// simulator's instrument, published as `@margin/engine/audit` and re-exported by @margin/sim.
export { preview, type PreviewResult, type PreviewStep, type PreviewVerdict, type PreviewAccount, type PreviewOptions } from './preview/preview.js';
export { stressTest, stressCommand, tallyStress, STRESS_ASSUMPTIONS } from './stress/stress.js';
export { ALL_SYMBOLS, parseShocks, resolveShocks, shockSpecs, shockedPrice, type ResolvedShock, type ShockSpec } from './stress/shocks.js';
export { accountCollateralJson, type AccountCollateralJson } from './collateral/account-collateral.js';
// Options (ADR 0022): the option book and the one function portfolio margin may replace.
export { optionMarket, optionPositionsOf, type OptionMarket, type OptionPosition } from './state/option-book.js';
export { optionRequirement, type OptionHolding, type OptionPoolFigures, type OptionPositionFigures } from './risk/option-requirement.js';
