export { main, EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK } from './main.js';
export { runRisk } from './commands/risk.js';
