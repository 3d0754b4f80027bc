// Every CLI command, in help order. A new command: one file in this folder, one line here.
import type { RegisterCommand } from './command.js';
import { registerRisk } from './risk.js';
import { registerProfiles } from './profiles.js';
import { registerRun } from './run.js';
import { registerState } from './state.js';
import { registerFunding } from './funding.js';
import { registerMark } from './mark.js';
import { registerIndex } from './index.js';
import { registerSettle } from './settle.js';
import { registerOptions } from './options.js';
import { registerSpan } from './span.js';
import { registerServe } from './serve.js';
import { registerGateway, registerWorker } from './cluster.js';
import { registerSimulate } from './simulate.js';
import { registerDynamic } from './dynamic.js';
import { registerBacktest } from './backtest.js';
import { registerCryptoPrices } from './crypto-prices.js';
import { registerCompare } from './compare.js';
import { registerStress } from './stress.js';

export const COMMANDS: readonly RegisterCommand[] = [registerRisk, registerProfiles, registerRun, registerState, registerFunding, registerMark, registerIndex, registerSettle, registerOptions, registerSpan, registerServe, registerSimulate, registerDynamic, registerBacktest, registerCryptoPrices, registerCompare, registerStress, registerWorker, registerGateway];
