/**
 * A small, fast, seeded pseudo-random generator (sfc32 seeded through splitmix32) that reproduces
 * bit for bit from its seed on every JavaScript engine. Uniform draws use only 32-bit integer arithmetic.
 * Gaussian draws (Marsaglia's polar method) use only IEEE-754 basic operations, Math.sqrt (correctly
 * rounded everywhere) and {@link deterministicLog}: Math.log, Math.cos and Math.sin are not the same function
 * on every engine (Node 20 and Chromium 156 differ in the last bit for a few percent of inputs).
 */

const LN2_HI = 0.6931471803691238;
const LN2_LO = 1.9082149292705877e-10;
const bits = new DataView(new ArrayBuffer(8));

/**
 * The natural logarithm of a positive finite x, computed with +, -, *, / only (so every engine returns the
 * same bits); accurate to about one unit in the last place. Returns NaN for x <= 0 or non-finite x.
 */
export function deterministicLog(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return Number.NaN;
  let e = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 18014398509481984; // 2^54: subnormals become normal
    e = -54;
  }
  bits.setFloat64(0, x);
  const hi = bits.getUint32(0);
  e += ((hi >>> 20) & 0x7ff) - 1023;
  bits.setUint32(0, (hi & 0x800fffff) | (1023 << 20));
  let m = bits.getFloat64(0);
  if (m > Math.SQRT2) {
    m /= 2;
    e += 1;
  }
  // log(m) = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.1716: the odd series to s^25 is below 1e-19.
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  let p = 1 / 25;
  for (let k = 23; k >= 1; k -= 2) p = 1 / k + s2 * p;
  return e * LN2_HI + (2 * s * p + e * LN2_LO);
}
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare: number | null = null;

  /** Create a generator from any integer seed (non-integers are truncated; NaN is treated as 0). */
  constructor(seed: number) {
    let s = Number.isFinite(seed) ? Math.trunc(seed) >>> 0 : 0;
    const next = () => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** The next uniformly distributed 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A uniform double in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** A uniform integer in [0, n) for n >= 1. */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A standard normal draw (Marsaglia's polar method; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * deterministicLog(s)) / s);
    this.spare = v * f;
    return u * f;
  }
}
