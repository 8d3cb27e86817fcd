// IEEE half precision (f16) on the host, for tests that feed or check f16 kernels (Node 20 has no
// Float16Array): round to nearest even, subnormals, infinities and NaN as the GPU stores them.

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The f16 bit pattern nearest to x (ties to even; past 65504 rounds to infinity). */
export function halfBits(x: number): number {
  f32[0] = x;
  const bits = u32[0];
  const sign = (bits >>> 16) & 0x8000, exp = (bits >>> 23) & 0xff, mant = bits & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7c00;
  // Normal: drop 13 mantissa bits; subnormal (e <= 0): also shift the implicit 1 in. A carry out of the mantissa
  // bumps the exponent, as it should (and past the largest finite value, to infinity).
  const [m, shift, base] = e > 0 ? [mant, 13, e << 10] : [mant | 0x800000, 14 - e, 0];
  if (shift > 24) return sign;
  let h = base | (m >>> shift);
  const rest = m & ((1 << shift) - 1), half = 1 << (shift - 1);
  if (rest > half || (rest === half && (h & 1))) h++;
  return sign | h;
}

/** The value of an f16 bit pattern. */
export function halfValue(h: number): number {
  const sign = h & 0x8000 ? -1 : 1, e = (h >>> 10) & 0x1f, m = h & 0x3ff;
  if (e === 31) return m ? NaN : sign * Infinity;
  return sign * (e === 0 ? m * 2 ** -24 : (1 + m / 1024) * 2 ** (e - 15));
}

/** The f16 bit patterns of `values`, padded to an even count (GPU bindings are multiples of 4 bytes). */
export function toHalf(values: ArrayLike<number>): Uint16Array<ArrayBuffer> {
  const out = new Uint16Array(values.length + (values.length % 2));
  for (let i = 0; i < values.length; i++) out[i] = halfBits(values[i]);
  return out;
}

/** `values` rounded to f16 and back. */
export function roundToHalf(values: ArrayLike<number>): Float32Array<ArrayBuffer> {
  return Float32Array.from(values, (v) => halfValue(halfBits(v)));
}
