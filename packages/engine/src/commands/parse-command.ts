// `parseCommand` lives in the wire contract (@margin/wire); re-exported for the engine's callers.
export { parseCommand } from '@margin/wire';
