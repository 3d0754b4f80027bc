/**
 * Line numbers of values inside a JSON text, so an error can say `funding.json line 14:
 * samples[3].premium: ...`. The text has already been decoded by JSON.parse, so this scanner
 * only tracks structure and positions; it builds a tree of lines, not of values.
 */
import type { PathSegment } from '@margin/core';

interface LineNode {
  readonly line: number;
  readonly children: Map<PathSegment, LineNode>;
}

class Scanner {
  private position = 0;
  private line = 1;
  constructor(private readonly text: string) {}

  private skipSpace(): void {
    for (;;) {
      const char = this.text[this.position];
      if (char === '\n') this.line++;
      else if (char !== ' ' && char !== '\t' && char !== '\r') return;
      this.position++;
    }
  }

  private readString(): string {
    let out = '';
    this.position++; // opening quote
    for (;;) {
      const char = this.text[this.position++];
      if (char === undefined || char === '"') return out;
      if (char === '\\') {
        out += this.text[this.position++] ?? '';
        continue;
      }
      out += char;
    }
  }

  value(): LineNode {
    this.skipSpace();
    const node: LineNode = { line: this.line, children: new Map() };
    const char = this.text[this.position];
    if (char === '{') {
      this.position++;
      for (;;) {
        this.skipSpace();
        if (this.text[this.position] === '}') break;
        const key = this.readString();
        this.skipSpace();
        this.position++; // colon
        node.children.set(key, this.value());
        this.skipSpace();
        if (this.text[this.position] === ',') this.position++;
      }
      this.position++;
    } else if (char === '[') {
      this.position++;
      for (let index = 0; ; index++) {
        this.skipSpace();
        if (this.text[this.position] === ']') break;
        node.children.set(index, this.value());
        this.skipSpace();
        if (this.text[this.position] === ',') this.position++;
      }
      this.position++;
    } else if (char === '"') this.readString();
    else {
      while (this.position < this.text.length && !/[\s,\]}]/.test(this.text[this.position] ?? '')) this.position++;
    }
    return node;
  }
}

export type LineIndex = LineNode;

export function indexJsonLines(text: string): LineIndex {
  return new Scanner(text).value();
}

/** Line of the value at `path`, or of its deepest existing ancestor. */
export function lineOf(index: LineIndex, path: readonly PathSegment[]): number {
  let node = index;
  for (const segment of path) {
    const child = node.children.get(segment);
    if (child === undefined) break;
    node = child;
  }
  return node.line;
}
