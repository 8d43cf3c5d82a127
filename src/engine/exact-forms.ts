/**
 * Exact affine forms of the plane coordinates on BigInt integers over powers of two, and the exact layers
 * that compose them (exact-lines.ts): every float64 is m 2^e with m an integer, so sums and products of
 * them are integers over a common power of two, without rounding.
 */
import type { ActivationName } from './activations.ts';
import type { Network } from './model.ts';

/** A vector of affine forms sharing one power-of-two exponent: value_i = (a_i s + b_i t + c_i) 2^e. */
export interface FormVector {
  a: bigint[];
  b: bigint[];
  c: bigint[];
  e: number;
}

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** The finite float64 x as [m, e] with x = m 2^e exactly (m an integer BigInt); [0n, 0] for zero. */
export function dyadic(x: number): [bigint, number] {
  if (x === 0) return [0n, 0];
  f64[0] = x;
  const bits = u64[0]!;
  const exp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & 0xfffffffffffffn;
  let e: number;
  if (exp === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = exp - 1075;
  }
  // Strip trailing zero bits so that integers stay small.
  while (mant !== 0n && (mant & 0xffffn) === 0n) {
    mant >>= 16n;
    e += 16;
  }
  while (mant !== 0n && (mant & 1n) === 0n) {
    mant >>= 1n;
    e += 1;
  }
  return [bits >> 63n === 1n ? -mant : mant, e];
}

/** Numbers as integers over one common exponent: values[i] = ints[i] 2^e. */
export function commonScale(values: ArrayLike<number>): { ints: bigint[]; e: number } {
  const parts: [bigint, number][] = [];
  let e = Number.POSITIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const d = dyadic(values[i]!);
    parts.push(d);
    if (d[0] !== 0n && d[1] < e) e = d[1];
  }
  if (e === Number.POSITIVE_INFINITY) e = 0;
  return { ints: parts.map(([m, x]) => (m === 0n ? 0n : m << BigInt(x - e))), e };
}

/** v 2^by for by >= 0 (a left shift; zero stays zero). */
export function shift(v: bigint, by: number): bigint {
  return by === 0 || v === 0n ? v : v << BigInt(by);
}

/** One layer as integers over common exponents: weights w 2^ew (row-major), biases 2^eb, slopes alpha 2^ea. */
export interface ExactLayer {
  inDim: number;
  outDim: number;
  activation: ActivationName;
  w: bigint[];
  ew: number;
  bias: bigint[];
  eb: number;
  alpha: bigint[];
  ea: number;
}

/** The pre-activations z = W h + b of layer L for input forms h, exactly. */
export function affine(L: ExactLayer, h: FormVector): FormVector {
  const active = activeInputs(h);
  const a: bigint[] = [];
  const b: bigint[] = [];
  const c: bigint[] = [];
  for (let j = 0; j < L.outDim; j++) {
    const z = affineRow(L, h, j, active);
    a.push(z.a);
    b.push(z.b);
    c.push(z.c);
  }
  // Every row's exponent (affineRow).
  return { a, b, c, e: Math.min(L.ew + h.e, L.eb) };
}

/** The indices of the input forms that are not identically zero (an inactive ReLU's, for one). */
function activeInputs(h: FormVector): number[] {
  const active: number[] = [];
  for (let i = 0; i < h.a.length; i++) if (h.a[i] !== 0n || h.b[i] !== 0n || h.c[i] !== 0n) active.push(i);
  return active;
}

/**
 * Neuron j's pre-activation z_j = W_j h + b_j of layer L for input forms h, exactly: one row of `affine`
 * (`active`: the inputs that are not zero, when the caller has them).
 */
export function affineRow(
  L: ExactLayer,
  h: FormVector,
  j: number,
  active: readonly number[] = activeInputs(h),
): { a: bigint; b: bigint; c: bigint; e: number } {
  const eProd = L.ew + h.e;
  const E = Math.min(eProd, L.eb);
  let sa = 0n;
  let sB = 0n;
  let sc = 0n;
  const row = j * L.inDim;
  for (const i of active) {
    const w = L.w[row + i]!;
    if (w === 0n) continue;
    sa += w * h.a[i]!;
    sB += w * h.b[i]!;
    sc += w * h.c[i]!;
  }
  const sp = eProd - E;
  return { a: shift(sa, sp), b: shift(sB, sp), c: shift(sc, sp) + shift(L.bias[j]!, L.eb - E), e: E };
}

/** The post-activations h = piece(z) of layer L in the states at pattern[off..], exactly. */
export function activate(L: ExactLayer, z: FormVector, pattern: Uint8Array, off: number): FormVector {
  const n = L.outDim;
  const act = L.activation;
  if (act === 'linear' || act === 'relu' || act === 'abs') {
    const a: bigint[] = [];
    const b: bigint[] = [];
    const c: bigint[] = [];
    for (let j = 0; j < n; j++) {
      const s = pattern[off + j]!;
      const k = act === 'linear' || s === 1 ? 1n : act === 'abs' ? -1n : 0n;
      a.push(k * z.a[j]!);
      b.push(k * z.b[j]!);
      c.push(k * z.c[j]!);
    }
    return { a, b, c, e: z.e };
  }
  // Leaky ReLU / PReLU: on, z 2^e; off, alpha z 2^(ea + e); both written at exponent E = e + min(ea, 0).
  // Hardtanh: inside, z 2^e; outside, the constants -1 and 1; both written at exponent E = min(e, 0).
  const leaky = act === 'leaky_relu' || act === 'prelu';
  const E = leaky ? z.e + Math.min(L.ea, 0) : Math.min(z.e, 0);
  const up = z.e - E;
  const one = leaky ? 0n : shift(1n, -E);
  const a: bigint[] = [];
  const b: bigint[] = [];
  const c: bigint[] = [];
  for (let j = 0; j < n; j++) {
    const s = pattern[off + j]!;
    if (s === 1) {
      a.push(shift(z.a[j]!, up));
      b.push(shift(z.b[j]!, up));
      c.push(shift(z.c[j]!, up));
    } else if (leaky) {
      const k = shift(L.alpha[j]!, L.ea + z.e - E);
      a.push(k * z.a[j]!);
      b.push(k * z.b[j]!);
      c.push(k * z.c[j]!);
    } else {
      a.push(0n);
      b.push(0n);
      c.push(s === 0 ? -one : one);
    }
  }
  return { a, b, c, e: E };
}

/** The layers of `net` as integers over common exponents (exact: every float64 weight is dyadic). */
export function exactLayers(net: Network): ExactLayer[] {
  return net.layers.map((L) => {
    const w = commonScale(L.weights);
    const b = commonScale(L.bias);
    const a = commonScale(L.alpha);
    return {
      inDim: L.inDim,
      outDim: L.outDim,
      activation: L.activation,
      w: w.ints,
      ew: w.e,
      bias: b.ints,
      eb: b.e,
      alpha: a.ints,
      ea: a.e,
    };
  });
}
