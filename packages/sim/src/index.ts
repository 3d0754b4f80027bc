// Public entry of @margin/sim: the seeded generator, the live demo market and its driver, the
// crash simulation with its report, and the command-stream generator.
export * from './rng.js';
export * from './markets.js';
export * from './population.js';
export * from './demo-market.js';
export * from './demo-driver.js';
export * from './command-stream.js';
export { runSimulation, type NegativeAccount, type SimulationOptions, type SimulationProgress, type SimulationResult, type StepRow } from './crash/runner.js';
export { SCENARIOS, SCENARIO_NAMES, findScenario, type Scenario, type ScenarioStep } from './crash/scenarios.js';
export { CRASH_SYMBOLS, buildCrashPopulation, crashMarkets, type CrashPopulation, type CrashPopulationOptions } from './crash/population.js';
export { csvReport, htmlReport, textSummary } from './crash/report.js';
export { parsePopulationFile, POPULATION_ACCOUNTS_MAX, type PopulationGroup } from './crash/population-file.js';
export { buildGroupPopulation, type GroupPopulation } from './crash/group-population.js';
export { pathScenario } from './crash/custom-path.js';
export { outcomesCsv, type AccountOutcome } from './crash/outcomes.js';
// The liquidation-promise auditor the simulation runs after every step (see docs/adr/0007-thin-cli.md).
export { RiskInvariants } from '@margin/engine/audit';
export * from './prices/crypto-prices.js';
