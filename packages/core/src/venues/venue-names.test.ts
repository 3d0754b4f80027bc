/**
 * No code outside core/src/venues decides by a venue's name: what differs between venues is a
 * field of the venue record. This test reads packages/*\/src (tests excluded) and fails on a
 * comparison with a venue-name literal (`=== 'bitmex'`, `case 'dydx-v4':`, `.has('bybit-inverse')`),
 * a prefix or suffix test of a name (`startsWith('binance')`), or a list of two venue names.
 * A default (`?? 'generic'`) or a help text is not a decision and passes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VENUE_NAMES } from './registry.js';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
const NAME = `(?:${VENUE_NAMES.map(escape).join('|')})`;
const QUOTED_NAME = `['"\`]${NAME}['"\`]`;
/** The vendor word a name starts with (`binance`), or a dashed suffix (`-inverse`). */
const VENDORS = [...new Set(VENUE_NAMES.map((name) => name.split('-')[0] ?? name))];
const FRAGMENT = `['"\`](?:${VENDORS.map(escape).join('|')}|-[a-z0-9]+)['"\`]`;

const RULES: ReadonlyArray<{ readonly why: string; readonly pattern: RegExp }> = [
  { why: 'compares with a venue name', pattern: new RegExp(`(?:[!=]==?)\\s*${QUOTED_NAME}|${QUOTED_NAME}\\s*[!=]==?`) },
  { why: 'switches on a venue name', pattern: new RegExp(`\\bcase\\s+${QUOTED_NAME}\\s*:`) },
  { why: 'looks a venue name up in a list', pattern: new RegExp(`\\.(?:has|includes|indexOf)\\(\\s*${QUOTED_NAME}\\s*\\)`) },
  { why: 'tests part of a venue name', pattern: new RegExp(`\\.(?:startsWith|endsWith)\\(\\s*${FRAGMENT}`) },
  { why: 'lists venue names', pattern: new RegExp(`${QUOTED_NAME}\\s*,\\s*${QUOTED_NAME}`) },
];

/** Offending lines of one source text, as `line: why: text`. */
export function venueNameDecisions(source: string): string[] {
  const found: string[] = [];
  source.split('\n').forEach((line, index) => {
    const code = line.replace(/\/\/.*$/, '').trim();
    if (code.startsWith('*') || code.startsWith('/*')) return; // doc comments
    for (const rule of RULES) if (rule.pattern.test(code)) found.push(`${index + 1}: ${rule.why}: ${code}`);
  });
  return found;
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name === 'test' || name === 'testing') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (/\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

test('the detector finds name decisions and lets defaults, help texts and formula variants pass', () => {
  const planted = [
    "const inverse = new Set(['binance-coinm', 'bybit-inverse', 'bitmex']);",
    "if (json.profile === 'binance-usdm' || json.profile === 'binance-coinm') return 8;",
    "  case 'dydx-v4':",
    "return INVERSE.has('bitmex');",
    "if (profile.name.startsWith('binance')) x();",
    "if (name.endsWith('-inverse')) x();",
    "if ('drift-v2' !== name) x();",
  ];
  for (const line of planted) assert.equal(venueNameDecisions(line).length > 0, true, line);
  const fine = [
    "const name = options.profile ?? 'generic';",
    ".option('--profile <name>', `methodology profile (${PROFILE_NAMES.join(', ')})`, 'generic')",
    "if (method === 'binance') rank();", // an ADL formula variant, not a venue name
    " * Binance and bitmex publish 'bitmex' === docs", // doc comment
    "if (rules.deficit === 'adl') x();",
    "const inverse = instrument?.kind.startsWith('inverse') ?? false;", // a contract kind
  ];
  for (const line of fine) assert.deepEqual(venueNameDecisions(line), [], line);
});

test('no source file outside core/src/venues decides by a venue name', () => {
  const packages = join(REPO, 'packages');
  const offenders: string[] = [];
  for (const pkg of readdirSync(packages)) {
    const src = join(packages, pkg, 'src');
    if (!statSync(join(packages, pkg)).isDirectory()) continue;
    let files: string[];
    try {
      files = sourceFiles(src);
    } catch {
      continue; // a package without src/
    }
    for (const file of files) {
      const rel = relative(REPO, file).split(sep).join('/');
      if (rel.startsWith('packages/core/src/venues/')) continue;
      for (const hit of venueNameDecisions(readFileSync(file, 'utf8'))) offenders.push(`${rel}:${hit}`);
    }
  }
  assert.ok(VENUE_NAMES.length >= 9);
  assert.deepEqual(offenders, [], `venue knowledge belongs in the venue record (core/src/venues):\n${offenders.join('\n')}`);
});
