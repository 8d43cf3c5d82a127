/**
 * Elementary functions built from IEEE-754 basic operations (+, -, *, /, and the correctly rounded
 * Math.sqrt), so that every JavaScript engine returns the same bits for the same argument. Math.exp,
 * Math.log, Math.sin and Math.cos are not specified to the last bit and do differ between engines and
 * versions; training, losses and the datasets use these instead, which makes a run reproducible bit for bit
 * in Node and in browsers. Each is accurate to about one unit in the last place on the ranges used here.
 */
import { deterministicLog } from '../rng.ts';

const LN2_HI = 0.6931471803691238;
const LN2_LO = 1.9082149292705877e-10;
const INV_LN2 = Math.LOG2E;
const INV_FACTORIALS = (() => {
  const out = new Float64Array(21);
  let f = 1;
  out[0] = 1;
  for (let n = 1; n <= 20; n++) {
    f *= n;
    out[n] = 1 / f;
  }
  return out;
})();
const scaleBits = new DataView(new ArrayBuffer(8));

/** 2^k for an integer k in [-1022, 1023], exactly (built from the exponent bits). */
function pow2(k: number): number {
  scaleBits.setUint32(0, (k + 1023) << 20);
  scaleBits.setUint32(4, 0);
  return scaleBits.getFloat64(0);
}

/**
 * e^x from basic operations: x = k ln2 + r with |r| <= ln2 / 2 (Cody-Waite, ln2 split in two parts), e^r by
 * its Taylor series to r^14 (Horner), then scaled by 2^k exactly. Returns Infinity above 709.78, 0 below
 * -745.2 and NaN for NaN.
 */
export function detExp(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x > 709.782712893384) return Number.POSITIVE_INFINITY;
  if (x < -745.1332191019412) return 0;
  const k = Math.floor(x * INV_LN2 + 0.5);
  const r = x - k * LN2_HI - k * LN2_LO;
  // e^r = sum r^n / n! for n = 0..14 (Horner); the first omitted term is below 2^-58 of the sum.
  let p = INV_FACTORIALS[14]!;
  for (let n = 13; n >= 0; n--) p = p * r + INV_FACTORIALS[n]!;
  if (k > 1023) return p * pow2(1023) * pow2(k - 1023);
  if (k < -1022) return p * pow2(k + 1022) * pow2(-1022);
  return p * pow2(k);
}

/** The natural logarithm (see rng.ts' deterministicLog): NaN for x <= 0 or non-finite x. */
export const detLog = deterministicLog;

/**
 * log(1 + u) for u >= 0 (accurate also when u is tiny: the rounding of 1 + u is corrected, Goldberg's
 * method). Returns NaN for u < -1 or NaN.
 */
export function detLog1p(u: number): number {
  const w = 1 + u;
  if (w === 1) return u;
  if (!Number.isFinite(w)) return w > 0 ? w : Number.NaN;
  return (detLog(w) * u) / (w - 1);
}

/** The logistic function 1 / (1 + e^-z), computed without overflow for any z. */
export function detSigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + detExp(-z));
  const e = detExp(z);
  return e / (1 + e);
}

/** log(1 + e^z) (softplus), without overflow: max(z, 0) + log(1 + e^-|z|). */
export function detSoftplus(z: number): number {
  return Math.max(z, 0) + detLog1p(detExp(-Math.abs(z)));
}

const PIO2_1 = 1.5707963267341256; // the first 33 bits of pi / 2
const PIO2_2 = 6.077100506303966e-11; // the next 33 bits
const PIO2_3 = 2.0222662487111665e-21; // the rest
const TWO_OVER_PI = 0.6366197723675814;

function sinKernel(r: number): number {
  const r2 = r * r;
  // r - r^3/3! + ... - r^19/19!, |r| <= pi/4.
  let p = -1 / 121645100408832000;
  for (let n = 17; n >= 3; n -= 2) p = p * r2 + (((n - 1) / 2) % 2 === 0 ? 1 : -1) * invFact(n);
  return r + r * r2 * p;
}

function cosKernel(r: number): number {
  const r2 = r * r;
  // 1 - r^2/2! + ... + r^20/20!, |r| <= pi/4.
  let p = 1 / 2432902008176640000;
  for (let n = 18; n >= 2; n -= 2) p = p * r2 + ((n / 2) % 2 === 0 ? 1 : -1) * invFact(n);
  return 1 + r2 * p;
}

function invFact(n: number): number {
  return INV_FACTORIALS[n]!;
}

/**
 * Sine and cosine of x (radians) from basic operations, written into out = [sin x, cos x] and returned.
 * Meant for |x| up to about 1e5 (three-part reduction by pi/2); larger or non-finite x give NaN.
 */
export function detSinCos(x: number, out: Float64Array): Float64Array {
  if (!Number.isFinite(x) || Math.abs(x) > 1e5) {
    out[0] = Number.NaN;
    out[1] = Number.NaN;
    return out;
  }
  const k = Math.floor(x * TWO_OVER_PI + 0.5);
  const r = x - k * PIO2_1 - k * PIO2_2 - k * PIO2_3;
  const s = sinKernel(r);
  const c = cosKernel(r);
  const q = ((k % 4) + 4) % 4;
  out[0] = q === 0 ? s : q === 1 ? c : q === 2 ? -s : -c;
  out[1] = q === 0 ? c : q === 1 ? -s : q === 2 ? -c : s;
  return out;
}
