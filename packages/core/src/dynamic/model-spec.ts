/**
 * Dynamic margin model settings and their one-line spelling, `KIND[:key=value,...]`
 * (`ewma:lambda=0.97,q=0.995,mpor=2,floor=0.03,buffer=0.25,cap=0.5`): every key checked, an
 * unknown or bad one named with the rule it breaks (docs/dynamic-margin.md lists them).
 */
import { InputError, type PathSegment } from '../errors.js';
import type { ReturnKind } from './ewma.js';

export const MODEL_KINDS = ['ewma', 'fhs', 'fixed', 'dydx-oi', 'drift-size'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export interface ModelConfig {
  readonly label: string;
  readonly kind: ModelKind;
  /** Confidence q of the margin (0.99 -> z 2.3263). */
  readonly confidence: number;
  /** Margin period of risk h in observation steps (days of a daily series). */
  readonly mporSteps: number;
  /** Lowest rate charged. */
  readonly floorRate: number;
  readonly lambda: number;
  readonly returnType: ReturnKind;
  readonly seedCount: number;
  readonly timing: 'pre' | 'post';
  /** FHS: returns in the historical window. */
  readonly windowSteps: number;
  /** FHS: σ_now floored at the window's median σ. */
  readonly medianFloor: boolean;
  /** FHS: multiplier on the quantile. */
  readonly scale: number;
  /** APC (a): buffer b (0 = none). */
  readonly buffer: number;
  /** APC (b): weight w on stressed variance (0 = none). */
  readonly stressWeight: number;
  /** APC (b): the stress period; null = the highest EWMA variance seen so far. */
  readonly stressFromMs: number | null;
  readonly stressToMs: number | null;
  /** APC (c): the long-lookback floor's window in steps (0 = none). */
  readonly lookbackSteps: number;
  /** Daily cap on increases (0.5 = +50% a step); null = none. */
  readonly cap: number | null;
  /** fixed: the rate. */
  readonly rate: number;
  /** dydx-oi: base IMF, open-notional caps (quote), open interest (base units) column or constant. */
  readonly baseImf: number;
  readonly lowerCap: number;
  readonly upperCap: number;
  readonly openInterest: number | null;
  readonly openInterestColumn: string;
  /** drift-size: margin ratio, IMF factor, position size (base units) column or constant. */
  readonly marginRatio: number;
  readonly imfFactor: number;
  readonly size: number | null;
  readonly sizeColumn: string;
}

export const DEFAULT_MODEL: Omit<ModelConfig, 'label' | 'kind'> = {
  confidence: 0.99,
  mporSteps: 1,
  floorRate: 0,
  lambda: 0.94,
  returnType: 'log',
  seedCount: 30,
  timing: 'post',
  windowSteps: 250,
  medianFloor: false,
  scale: 1,
  buffer: 0,
  stressWeight: 0,
  stressFromMs: null,
  stressToMs: null,
  lookbackSteps: 0,
  cap: null,
  rate: 0.1,
  baseImf: 0.05,
  lowerCap: 0,
  upperCap: 0,
  openInterest: null,
  openInterestColumn: 'openInterest',
  marginRatio: 0.05,
  imfFactor: 0,
  size: null,
  sizeColumn: 'size',
};

type Setter = (config: Record<string, unknown>, text: string, path: readonly PathSegment[]) => void;

function num(text: string, path: readonly PathSegment[], rule: (v: number) => string | null): number {
  const value = /^-?(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value)) throw new InputError(path, `must be a decimal number, got "${text}"`);
  const problem = rule(value);
  if (problem !== null) throw new InputError(path, `${problem}, got "${text}"`);
  return value;
}
const open01 = (v: number) => (v > 0 && v < 1 ? null : 'must be strictly between 0 and 1');
const atLeast0 = (v: number) => (v >= 0 ? null : 'must be at least 0');
const below1 = (v: number) => (v >= 0 && v < 1 ? null : 'must be at least 0 and below 1');
const positive = (v: number) => (v > 0 ? null : 'must be greater than 0');
const steps = (min: number) => (v: number) => (Number.isInteger(v) && v >= min ? null : `must be a whole number of steps, at least ${min}`);

function time(text: string, path: readonly PathSegment[]): number {
  const ms = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
  if (!Number.isFinite(ms)) throw new InputError(path, `must be an ISO 8601 date, got "${text}"`);
  return ms;
}

const set = (key: keyof ModelConfig, parse: (text: string, path: readonly PathSegment[]) => unknown): Setter => (config, text, path) => {
  config[key] = parse(text, path);
};

const KEYS: Readonly<Record<string, Setter>> = {
  label: set('label', (text) => text),
  q: set('confidence', (text, path) => num(text, path, open01)),
  mpor: set('mporSteps', (text, path) => num(text, path, steps(1))),
  floor: set('floorRate', (text, path) => num(text, path, below1)),
  lambda: set('lambda', (text, path) => num(text, path, open01)),
  returns: set('returnType', (text, path) => {
    if (text !== 'log' && text !== 'simple') throw new InputError(path, `must be "log" or "simple", got "${text}"`);
    return text;
  }),
  seed: set('seedCount', (text, path) => num(text, path, steps(1))),
  timing: set('timing', (text, path) => {
    if (text !== 'pre' && text !== 'post') throw new InputError(path, `must be "pre" or "post", got "${text}"`);
    return text;
  }),
  window: set('windowSteps', (text, path) => num(text, path, steps(10))),
  medianFloor: set('medianFloor', (text, path) => {
    if (text !== 'true' && text !== 'false') throw new InputError(path, `must be "true" or "false", got "${text}"`);
    return text === 'true';
  }),
  scale: set('scale', (text, path) => num(text, path, positive)),
  buffer: set('buffer', (text, path) => num(text, path, atLeast0)),
  stressWeight: set('stressWeight', (text, path) => num(text, path, (v) => (v >= 0 && v <= 1 ? null : 'must be between 0 and 1'))),
  stressFrom: set('stressFromMs', time),
  stressTo: set('stressToMs', time),
  lookback: set('lookbackSteps', (text, path) => num(text, path, steps(2))),
  cap: set('cap', (text, path) => num(text, path, atLeast0)),
  rate: set('rate', (text, path) => num(text, path, (v) => (v > 0 && v <= 1 ? null : 'must be greater than 0 and at most 1'))),
  imf: set('baseImf', (text, path) => num(text, path, (v) => (v > 0 && v <= 1 ? null : 'must be greater than 0 and at most 1'))),
  lower: set('lowerCap', (text, path) => num(text, path, atLeast0)),
  upper: set('upperCap', (text, path) => num(text, path, atLeast0)),
  oi: set('openInterest', (text, path) => num(text, path, atLeast0)),
  oiColumn: set('openInterestColumn', (text) => text),
  ratio: set('marginRatio', (text, path) => num(text, path, (v) => (v > 0 && v <= 1 ? null : 'must be greater than 0 and at most 1'))),
  imfFactor: set('imfFactor', (text, path) => num(text, path, atLeast0)),
  size: set('size', (text, path) => num(text, path, atLeast0)),
  sizeColumn: set('sizeColumn', (text) => text),
};

export const MODEL_KEYS: readonly string[] = Object.keys(KEYS);

/** Parse `KIND[:key=value,...]`; `path` names where the spec came from (`['--model', 0]`). */
export function parseModelSpec(spec: string, path: readonly PathSegment[] = ['model']): ModelConfig {
  const colon = spec.indexOf(':');
  const kind = (colon < 0 ? spec : spec.slice(0, colon)).trim();
  if (!(MODEL_KINDS as readonly string[]).includes(kind)) throw new InputError(path, `unknown model "${kind}": one of ${MODEL_KINDS.join(', ')}`);
  const config: Record<string, unknown> = { ...DEFAULT_MODEL, kind, label: spec };
  const body = colon < 0 ? '' : spec.slice(colon + 1);
  for (const part of body.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim();
    const setter = KEYS[key];
    if (setter === undefined) throw new InputError([...path, key], `unknown key: one of ${MODEL_KEYS.join(', ')}`);
    if (eq < 0) throw new InputError([...path, key], 'needs a value (key=value)');
    setter(config, part.slice(eq + 1).trim(), [...path, key]);
  }
  const model = config as unknown as ModelConfig;
  if ((model.stressFromMs === null) !== (model.stressToMs === null)) throw new InputError([...path, 'stressFrom'], 'stressFrom and stressTo go together');
  if (model.stressFromMs !== null && model.stressToMs !== null && model.stressToMs <= model.stressFromMs) throw new InputError([...path, 'stressTo'], 'must be after stressFrom');
  if (model.kind === 'dydx-oi' && model.upperCap !== 0 && model.upperCap <= model.lowerCap) throw new InputError([...path, 'upper'], 'must be above lower (or 0, which turns the scaling off)');
  return model;
}
