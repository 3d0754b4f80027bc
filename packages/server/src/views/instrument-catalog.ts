/**
 * Instrument definitions as accepted through this server (the `instrument` object of each accepted
 * `instrument` command), kept in the journal's meta table, for the market routes (symbols and
 * their definitions as sent, which the engine's read API does not hand out).
 */
import type { Journal } from '@margin/store';

export const INSTRUMENTS_META_KEY = 'server.instruments';

export type InstrumentJson = Record<string, unknown> & { symbol: string };

export class InstrumentCatalog {
  private readonly bySymbol = new Map<string, InstrumentJson>();

  private constructor(private readonly journal: Journal) {}

  static async open(journal: Journal): Promise<InstrumentCatalog> {
    const catalog = new InstrumentCatalog(journal);
    const text = await journal.readMeta(INSTRUMENTS_META_KEY);
    if (text !== null) for (const item of JSON.parse(text) as InstrumentJson[]) catalog.bySymbol.set(item.symbol, item);
    return catalog;
  }

  get(symbol: string): InstrumentJson | undefined {
    return this.bySymbol.get(symbol);
  }

  list(): InstrumentJson[] {
    return [...this.bySymbol.values()].sort((a, b) => (a.symbol < b.symbol ? -1 : 1));
  }

  /** Records accepted definitions (prices are market data, not part of the definition). */
  async record(definitions: readonly InstrumentJson[]): Promise<void> {
    if (definitions.length === 0) return;
    for (const definition of definitions) {
      const { markPrice: _mark, indexPrice: _index, ...rest } = definition;
      this.bySymbol.set(definition.symbol, rest as InstrumentJson);
    }
    await this.journal.writeMeta(INSTRUMENTS_META_KEY, JSON.stringify(this.list()));
  }
}
