/** Typed-array growth by doubling: the scan arrays grow with the book, never shrink. */
export function grownFloat64(array: Float64Array<ArrayBuffer>, capacity: number): Float64Array<ArrayBuffer> {
  if (array.length >= capacity) return array;
  const next = new Float64Array(Math.max(capacity, array.length * 2, 16));
  next.set(array);
  return next;
}

export function grownInt32(array: Int32Array<ArrayBuffer>, capacity: number, fill = 0): Int32Array<ArrayBuffer> {
  if (array.length >= capacity) return array;
  const next = new Int32Array(Math.max(capacity, array.length * 2, 16));
  if (fill !== 0) next.fill(fill, array.length);
  next.set(array);
  return next;
}

export function grownUint8(array: Uint8Array<ArrayBuffer>, capacity: number): Uint8Array<ArrayBuffer> {
  if (array.length >= capacity) return array;
  const next = new Uint8Array(Math.max(capacity, array.length * 2, 16));
  next.set(array);
  return next;
}
