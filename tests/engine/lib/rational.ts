/**
 * Exact rational arithmetic on BigInt fractions, for the independent truths of the engine tests.
 * Every float64 is a dyadic rational, so {@link fromDouble} converts model weights without rounding.
 */

/** A fraction n / d in lowest terms with d > 0. */
export interface Q {
  readonly n: bigint;
  readonly d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** The fraction n / d (d != 0), reduced. */
export function q(n: bigint | number, d: bigint | number = 1n): Q {
  let nn = BigInt(n);
  let dd = BigInt(d);
  if (dd === 0n) throw new RangeError('zero denominator');
  if (dd < 0n) {
    nn = -nn;
    dd = -dd;
  }
  const g = gcd(nn, dd);
  return g > 1n ? { n: nn / g, d: dd / g } : { n: nn, d: dd };
}

/** Zero. */
export const ZERO: Q = { n: 0n, d: 1n };
/** One. */
export const ONE: Q = { n: 1n, d: 1n };

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** The exact value of a finite float64 as a fraction. */
export function fromDouble(x: number): Q {
  if (!Number.isFinite(x)) throw new RangeError(`not finite: ${x}`);
  if (x === 0) return ZERO;
  f64[0] = x;
  const bits = u64[0]!;
  const neg = bits >> 63n === 1n;
  const exp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & 0xfffffffffffffn;
  let e: number;
  if (exp === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = exp - 1075;
  }
  const n = neg ? -mant : mant;
  return e >= 0 ? q(n << BigInt(e)) : q(n, 1n << BigInt(-e));
}

/** a + b. */
export function add(a: Q, b: Q): Q {
  if (a.d === b.d) return q(a.n + b.n, a.d);
  return q(a.n * b.d + b.n * a.d, a.d * b.d);
}
/** a - b. */
export function sub(a: Q, b: Q): Q {
  if (a.d === b.d) return q(a.n - b.n, a.d);
  return q(a.n * b.d - b.n * a.d, a.d * b.d);
}
/** a * b. */
export function mul(a: Q, b: Q): Q {
  if (a.n === 0n || b.n === 0n) return ZERO;
  return q(a.n * b.n, a.d * b.d);
}
/** a / b (b != 0). */
export function div(a: Q, b: Q): Q {
  return q(a.n * b.d, a.d * b.n);
}
/** -a. */
export function neg(a: Q): Q {
  return { n: -a.n, d: a.d };
}
/** The sign of a: -1, 0 or 1. */
export function sign(a: Q): number {
  return a.n > 0n ? 1 : a.n < 0n ? -1 : 0;
}
/** The sign of a - b. */
export function cmp(a: Q, b: Q): number {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l > r ? 1 : l < r ? -1 : 0;
}
/** True when a == b. */
export function eq(a: Q, b: Q): boolean {
  return a.n === b.n && a.d === b.d;
}

function bitLength(x: bigint): number {
  return (x < 0n ? -x : x).toString(2).length;
}

/** The float64 nearest (within an ulp or so) to a; exact for fractions whose parts fit in 53 bits. */
export function toNumber(a: Q): number {
  if (a.n === 0n) return 0;
  const an = a.n < 0n ? -a.n : a.n;
  if (an < 1n << 53n && a.d < 1n << 53n) return Number(a.n) / Number(a.d);
  const shift = 64 - (bitLength(a.n) - bitLength(a.d));
  const scaled = shift >= 0 ? (a.n << BigInt(shift)) / a.d : a.n / (a.d << BigInt(-shift));
  return Number(scaled) * 2 ** -shift;
}

/** A point of the (s, t) plane with rational coordinates. */
export type QPoint = readonly [Q, Q];

/** A stable text key of a rational point (for sets and maps). */
export function pointKey(p: QPoint): string {
  return `${p[0].n}/${p[0].d},${p[1].n}/${p[1].d}`;
}

/** Twice the signed area of a polygon (shoelace), exactly; positive when counter-clockwise. */
export function twiceArea(poly: readonly QPoint[]): Q {
  let s = ZERO;
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i]!;
    const b = poly[(i + 1) % poly.length]!;
    s = add(s, sub(mul(a[0], b[1]), mul(b[0], a[1])));
  }
  return s;
}

/** The sign of the cross product (b - a) x (c - a): 1 when a, b, c turn left, 0 when collinear. */
export function orient(a: QPoint, b: QPoint, c: QPoint): number {
  const ux = sub(b[0], a[0]);
  const uy = sub(b[1], a[1]);
  const vx = sub(c[0], a[0]);
  const vy = sub(c[1], a[1]);
  return cmp(mul(ux, vy), mul(uy, vx));
}
