// The instrument catalogue moved into the durable host (written with the batch that defines it).
export { INSTRUMENTS_META_KEY, InstrumentCatalog, type InstrumentJson } from '@margin/host';
