/**
 * Input documents of the market-data commands: one JSON object, or a CSV series alone (its other
 * fields then come from `--set key=value`). Series fields inside the JSON may be inline arrays or
 * the name of a CSV or JSON file next to the document. Every row remembers its file and line, so
 * a bad row is reported as `prices.csv line 7: markPrice: ...` and a bad field of the document
 * as `funding.json line 3: maintenanceRate: ...`.
 */
import { InputError, decodeJson, formatPath, type PathSegment } from '@margin/core';
import { parseCsv } from './csv.js';
import { indexJsonLines, lineOf, type LineIndex } from './json-lines.js';

export type InputFormat = 'json' | 'csv';

export interface DocumentSource {
  readonly text: string;
  /** File name as the user gave it, or `stdin`. */
  readonly label: string;
  readonly format: InputFormat;
  /** `key=value` pairs (dotted keys reach nested objects). */
  readonly sets: readonly string[];
  /** Reads a file named inside the document (relative to the document's folder). */
  readonly readFile: (name: string) => Promise<string>;
}

export interface DocumentShape {
  /** Where a CSV main input goes (e.g. `samples`). */
  readonly mainSeries: string;
  /** Every field that may hold a series (inline array or file name). */
  readonly seriesPaths: ReadonlyArray<readonly PathSegment[]>;
}

interface SeriesOrigin {
  readonly path: readonly PathSegment[];
  readonly label: string;
  /** Line of each row in its file, or null for rows inside the main JSON (located by path). */
  readonly lines: readonly number[] | null;
}

export interface LoadedDocument {
  readonly document: Record<string, unknown>;
  /** Rewrite an InputError's path into `FILE line N: path`. */
  readonly locate: (error: InputError) => InputError;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function getAt(root: unknown, path: readonly PathSegment[]): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PathSegment, unknown>)[segment];
  }
  return node;
}

function setAt(root: Record<string, unknown>, path: readonly PathSegment[], value: unknown): void {
  let node: Record<PathSegment, unknown> = root;
  path.slice(0, -1).forEach((segment) => {
    if (!isObject(node[segment])) node[segment] = {};
    node = node[segment] as Record<PathSegment, unknown>;
  });
  const last = path[path.length - 1];
  if (last !== undefined) node[last] = value;
}

async function loadSeriesFile(name: string, read: (name: string) => Promise<string>, where: readonly PathSegment[]): Promise<{ rows: unknown[]; lines: number[] }> {
  let text: string;
  try {
    text = await read(name);
  } catch {
    throw new InputError(where, `cannot read the series file "${name}"`);
  }
  if (!name.toLowerCase().endsWith('.json')) return parseCsv(text, name);
  const decoded = decodeJson(text, name);
  if (!Array.isArray(decoded)) throw new InputError([name], 'must hold a JSON array of rows');
  const index = indexJsonLines(text);
  return { rows: decoded, lines: decoded.map((_, i) => lineOf(index, [i])) };
}

function applySets(document: Record<string, unknown>, sets: readonly string[]): void {
  for (const pair of sets) {
    const equals = pair.indexOf('=');
    if (equals <= 0) throw new InputError(['--set'], `must look like key=value, got "${pair}"`);
    setAt(document, pair.slice(0, equals).trim().split('.'), pair.slice(equals + 1).trim());
  }
}

export async function loadDocument(source: DocumentSource, shape: DocumentShape): Promise<LoadedDocument> {
  const origins: SeriesOrigin[] = [];
  let document: Record<string, unknown>;
  let lineIndex: LineIndex | null = null;
  if (source.format === 'csv') {
    const { rows, lines } = parseCsv(source.text, source.label);
    document = { [shape.mainSeries]: rows };
    origins.push({ path: [shape.mainSeries], label: source.label, lines });
  } else {
    const decoded = decodeJson(source.text, source.label);
    if (!isObject(decoded)) throw new InputError([source.label], 'must hold one JSON object');
    document = decoded;
    lineIndex = indexJsonLines(source.text);
  }
  applySets(document, source.sets);
  for (const path of shape.seriesPaths) {
    if (source.format === 'csv' && path.length === 1 && path[0] === shape.mainSeries) continue;
    const value = getAt(document, path);
    if (typeof value === 'string') {
      const { rows, lines } = await loadSeriesFile(value, source.readFile, path);
      setAt(document, path, rows);
      origins.push({ path, label: value, lines });
    }
  }
  const labels = new Set([source.label, '--set', ...origins.map((origin) => origin.label)]);
  const locate = (error: InputError): InputError => {
    const head = error.path[0];
    if (typeof head === 'string' && (labels.has(head) || head.includes(' line '))) return error; // already placed
    for (const origin of origins) {
      const prefix = origin.path;
      const rowIndex = error.path[prefix.length];
      const matches = prefix.every((segment, i) => error.path[i] === segment) && typeof rowIndex === 'number';
      if (!matches || origin.lines === null) continue;
      const line = origin.lines[rowIndex];
      const rest = error.path.slice(prefix.length + 1);
      const where = `${origin.label} line ${line ?? '?'}`;
      return new InputError([rest.length === 0 ? where : `${where}: ${formatPath(rest)}`], error.rule);
    }
    if (lineIndex !== null && error.path.length > 0) {
      return new InputError([`${source.label} line ${lineOf(lineIndex, error.path)}: ${formatPath(error.path)}`], error.rule);
    }
    return new InputError([`${source.label}: ${formatPath(error.path)}`], error.rule);
  };
  return { document, locate };
}
