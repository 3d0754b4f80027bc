/**
 * Instrument definitions as accepted (the `instrument` object of each accepted `instrument`
 * command, prices left out), kept in the journal's meta table. The what-if calculator needs the
 * tier table of an instrument as it was given, which the engine's read API does not hand out.
 *
 * The host stages the definitions of a batch when it cuts it and the catalogue's text is written
 * in the SAME transaction as that batch (never after it), so the journal and its catalogue cannot
 * disagree after a crash. Readers see only committed definitions.
 */
import type { Journal } from '@margin/store';

/** Meta key (named for the server, which wrote it first: existing journals keep their catalogue). */
export const INSTRUMENTS_META_KEY = 'server.instruments';

export type InstrumentJson = Record<string, unknown> & { symbol: string };

export class InstrumentCatalog {
  /** What readers see: definitions of committed batches. */
  private readonly committed = new Map<string, InstrumentJson>();
  /** Committed plus those of batches cut but not yet committed, in order. */
  private readonly staged = new Map<string, InstrumentJson>();

  static async open(journal: Journal): Promise<InstrumentCatalog> {
    const catalog = new InstrumentCatalog();
    const text = await journal.readMeta(INSTRUMENTS_META_KEY);
    if (text !== null) {
      for (const item of JSON.parse(text) as InstrumentJson[]) {
        catalog.committed.set(item.symbol, item);
        catalog.staged.set(item.symbol, item);
      }
    }
    return catalog;
  }

  get(symbol: string): InstrumentJson | undefined {
    return this.committed.get(symbol);
  }

  list(): InstrumentJson[] {
    return sorted(this.committed);
  }

  /**
   * Stages the definitions of a batch being cut; returns the meta to write with it (null when
   * the batch defines nothing).
   */
  stage(definitions: readonly InstrumentJson[]): Record<string, string> | null {
    if (definitions.length === 0) return null;
    for (const definition of definitions) this.staged.set(definition.symbol, withoutPrices(definition));
    return { [INSTRUMENTS_META_KEY]: JSON.stringify(sorted(this.staged)) };
  }

  /** The batch that staged `definitions` committed: readers see them now. */
  commit(definitions: readonly InstrumentJson[]): void {
    for (const definition of definitions) this.committed.set(definition.symbol, withoutPrices(definition));
  }
}

/** Prices are market data, not part of the definition. */
function withoutPrices(definition: InstrumentJson): InstrumentJson {
  const { markPrice: _mark, indexPrice: _index, ...rest } = definition;
  return rest as InstrumentJson;
}

function sorted(map: ReadonlyMap<string, InstrumentJson>): InstrumentJson[] {
  return [...map.values()].sort((a, b) => (a.symbol < b.symbol ? -1 : 1));
}
