/**
 * Typed-array growth by a quarter (ADR 0038): the scan arrays grow with the book, never shrink.
 * Doubling left a third of the scan's memory unused on average (the last growth's empty half);
 * a quarter leaves about a tenth, for about four copies of each row over the book's growth
 * instead of one, paid only while the book grows.
 */
export const GROWTH_FACTOR = 1.25;

/** The capacity after growth to at least `capacity` rows from `length`. */
export function grownCapacity(length: number, capacity: number): number {
  return Math.max(capacity, Math.ceil(length * GROWTH_FACTOR), 16);
}

export function grownFloat64(array: Float64Array<ArrayBuffer>, capacity: number): Float64Array<ArrayBuffer> {
  if (array.length >= capacity) return array;
  const next = new Float64Array(grownCapacity(array.length, capacity));
  next.set(array);
  return next;
}

export function grownInt32(array: Int32Array<ArrayBuffer>, capacity: number, fill = 0): Int32Array<ArrayBuffer> {
  if (array.length >= capacity) return array;
  const next = new Int32Array(grownCapacity(array.length, capacity));
  if (fill !== 0) next.fill(fill, array.length);
  next.set(array);
  return next;
}

export function grownUint8(array: Uint8Array<ArrayBuffer>, capacity: number): Uint8Array<ArrayBuffer> {
  if (array.length >= capacity) return array;
  const next = new Uint8Array(grownCapacity(array.length, capacity));
  next.set(array);
  return next;
}

export function grownBigInt64(array: BigInt64Array<ArrayBuffer>, capacity: number): BigInt64Array<ArrayBuffer> {
  if (array.length >= capacity) return array;
  const next = new BigInt64Array(grownCapacity(array.length, capacity));
  next.set(array);
  return next;
}

export function grownBigUint64(array: BigUint64Array<ArrayBuffer>, capacity: number): BigUint64Array<ArrayBuffer> {
  if (array.length >= capacity) return array;
  const next = new BigUint64Array(grownCapacity(array.length, capacity));
  next.set(array);
  return next;
}
