/**
 * The per-face affine maps of the region enumeration (regions.ts); the arenas that hold them are arenas.ts.
 *
 * Every face stores, for each neuron of the current layer, four numbers (u, v, c, m): the pre-activation
 * z(u, v) = u_coef u + v_coef v + c in the window's normalised coordinates, and m, a bound on the sum of the
 * magnitudes of the terms that made z on this face over the unit square (|b| + sum |w| m_h through the
 * face's own activation pattern). m is the scale of the rounding error of the three coefficients: the
 * predicates of the enumeration take their tolerance from it. Bounding it with the face's own pattern, not
 * with every neuron on, keeps the tolerance at the size of the real rounding error in deep networks.
 *
 * In double-double mode (face-maps-dd.ts) the maps also carry the low parts of the three coefficients, so that
 * the composition's rounding error is about eps^2 m rather than eps m; the float64 functions here leave those
 * slots untouched (zero).
 */

import { pieceOf } from './activations.ts';
import { runAffineWasm as runAffineWasm_, type WasmLayer, wasmInputs as wasmInputs_ } from './affine-wasm.ts';
import type { Layer, Network } from './model.ts';

// A local copy of the imported binding (see face-walk.ts: tsx turns each access to an import into a getter).
const runAffineWasm = runAffineWasm_;
const wasmInputs = wasmInputs_;

/**
 * Numbers stored per neuron: u, v and constant coefficients, the magnitude bound m, then the low parts of the
 * three coefficients (double-double mode only, else zero) and one unused slot.
 */
export const STRIDE = 8;
/** Numbers per input in affineLayer's compact scratch (u, v, c, m; {@link gatherInputs} writes four). */
const G = 4;

/** A layer's weights prepared for the enumeration: transposed (in x out), and their absolute values. */
export interface PreparedLayer {
  /** The layer itself. */
  layer: Layer;
  /** Dekker's split of W, made on first use by double-double composition ({@link splitWeights}). */
  split: WeightSplit | null;
  /** Column i of W contiguous: wt[i * outDim + j] = W[j][i]. */
  wt: Float64Array;
  /** |W| row-major, like layer.weights. */
  absW: Float64Array;
  /** |W| transposed, like wt. */
  absWt: Float64Array;
  /** |bias|. */
  absB: Float64Array;
  /** Where the WebAssembly kernel holds the layer (affine-wasm.ts placeLayers), or null. */
  wasm: WasmLayer | null;
  /**
   * The activation's pieces per neuron and state: slope and intercept of state s of neuron j at
   * PIECES j + 2 s, 2 s + 1 (activations.ts pieceOf, looked up once).
   */
  pieces: Float64Array;
}

/** Numbers per neuron in PreparedLayer.pieces: slope and intercept for each of at most three states. */
export const PIECES = 6;

/** Dekker's splitting constant 2^27 + 1. */
export const SPLITTER = 134217729;

/** The high part of Dekker's split of x (at most 26 significant bits; x minus it, the low part, is exact). */
export function splitHigh(x: number): number {
  const c = SPLITTER * x;
  return c - (c - x);
}

/** Prepare a layer (see {@link PreparedLayer}); the layer is not modified. */
export function prepareLayer(L: Layer): PreparedLayer {
  const pieces = new Float64Array(PIECES * L.outDim);
  const piece = new Float64Array(2);
  for (let j = 0; j < L.outDim; j++)
    for (let s = 0; s < PIECES / 2; s++) {
      pieceOf(L.activation, s, L.alpha[j]!, piece);
      pieces[PIECES * j + 2 * s] = piece[0]!;
      pieces[PIECES * j + 2 * s + 1] = piece[1]!;
    }
  const wt = new Float64Array(L.inDim * L.outDim);
  const absWt = new Float64Array(L.inDim * L.outDim);
  for (let j = 0; j < L.outDim; j++)
    for (let i = 0; i < L.inDim; i++) {
      const w = L.weights[j * L.inDim + i]!;
      wt[i * L.outDim + j] = w;
      absWt[i * L.outDim + j] = Math.abs(w);
    }
  return {
    layer: L,
    wt,
    absW: L.weights.map(Math.abs),
    absWt,
    absB: L.bias.map(Math.abs),
    split: null,
    wasm: null,
    pieces,
  };
}

/** Dekker's split of a layer's weights: hi + lo = w exactly, each part with at most 26 significant bits. */
export interface WeightSplit {
  /** Row-major, like layer.weights. */
  wHi: Float64Array;
  wLo: Float64Array;
  /** Transposed, like wt. */
  wtHi: Float64Array;
  wtLo: Float64Array;
}

/** The split of P's weights (made once, on the first call: float64 composition never needs it). */
export function splitWeights(P: PreparedLayer): WeightSplit {
  if (P.split) return P.split;
  const split = (a: Float64Array) => {
    const hi = new Float64Array(a.length);
    const lo = new Float64Array(a.length);
    for (let k = 0; k < a.length; k++) {
      const x = a[k]!;
      const h = splitHigh(x);
      // A weight too large to split (beyond about 2^996) keeps no low part: double-double mode is not
      // chosen for such networks (face-maps-dd.ts).
      hi[k] = Number.isFinite(h) ? h : x;
      lo[k] = Number.isFinite(h) ? x - h : 0;
    }
    return [hi, lo] as const;
  };
  const [wHi, wLo] = split(P.layer.weights);
  const [wtHi, wtLo] = split(P.wt);
  P.split = { wHi, wLo, wtHi, wtLo };
  return P.split;
}

/** Numbers per kept input in the scratch of {@link gatherDD}. */
export const DD_GATHER = 13;

/**
 * Gather the inputs of W h + b in double-double whose maps do not vanish (stride numbers per input of h,
 * low parts in slots 4..6): per input, DD_GATHER numbers at ha[g0 ..] (each coefficient with its Dekker split, then
 * m and the low parts) and its index times `scale` at idx[i0 ..]. Returns how many were kept. The scratch of
 * affineLayerDD and of the WebAssembly kernel (piece-maps.ts) alike.
 */
export function gatherDD(
  h: Float64Array,
  stride: number,
  inDim: number,
  ha: Float64Array,
  g0: number,
  idx: Int32Array,
  i0: number,
  scale: number,
): number {
  let g = g0;
  let n = 0;
  for (let i = 0; i < inDim; i++) {
    const b = stride * i;
    const hu = h[b]!;
    const hv = h[b + 1]!;
    const hc = h[b + 2]!;
    const hm = h[b + 3]!;
    if (hu === 0 && hv === 0 && hc === 0 && hm === 0) continue;
    idx[i0 + n] = scale * i;
    let x = splitHigh(hu);
    ha[g] = hu;
    ha[g + 1] = x;
    ha[g + 2] = hu - x;
    x = splitHigh(hv);
    ha[g + 3] = hv;
    ha[g + 4] = x;
    ha[g + 5] = hv - x;
    x = splitHigh(hc);
    ha[g + 6] = hc;
    ha[g + 7] = x;
    ha[g + 8] = hc - x;
    ha[g + 9] = hm;
    ha[g + 10] = h[b + 4]!;
    ha[g + 11] = h[b + 5]!;
    ha[g + 12] = h[b + 6]!;
    g += DD_GATHER;
    n++;
  }
  return n;
}

/**
 * out[o..] += column i of W times the affine form (du, dv, dc) and column i of |W| times dm, for every neuron
 * of the layer (STRIDE numbers per neuron).
 */
export function addColumn(
  P: PreparedLayer,
  i: number,
  du: number,
  dv: number,
  dc: number,
  dm: number,
  out: Float64Array,
  o: number,
): void {
  const outDim = P.layer.outDim;
  const { wt, absWt } = P;
  const col = i * outDim;
  for (let j = 0; j < outDim; j++) {
    const w = wt[col + j]!;
    const k = o + STRIDE * j;
    out[k] = out[k]! + w * du;
    out[k + 1] = out[k + 1]! + w * dv;
    out[k + 2] = out[k + 2]! + w * dc;
    out[k + 3] = out[k + 3]! + absWt[col + j]! * dm;
  }
}

/**
 * Gather the inputs of W h + b whose maps do not vanish (stride numbers per input, u, v, c, m first): kept input
 * a's four at ha[g0 + 4a ..], its index times `scale` at idx[i0 + a]; returns how many. The scratch of
 * affineLayerJs and of the kernel alike ({@link gatherDD}: the double-double one).
 */
export function gatherInputs(
  h: Float64Array,
  stride: number,
  inDim: number,
  ha: Float64Array,
  g0: number,
  idx: Int32Array,
  i0: number,
  scale: number,
): number {
  let g = g0;
  let n = 0;
  for (let i = 0; i < inDim; i++) {
    const hu = h[stride * i]!;
    const hv = h[stride * i + 1]!;
    const hc = h[stride * i + 2]!;
    const hm = h[stride * i + 3]!;
    if (hu === 0 && hv === 0 && hc === 0 && hm === 0) continue;
    idx[i0 + n] = scale * i;
    ha[g] = hu;
    ha[g + 1] = hv;
    ha[g + 2] = hc;
    ha[g + 3] = hm;
    g += 4;
    n++;
  }
  return n;
}

/**
 * affineLayer through the kernel when P was placed by the latest affine-wasm.ts placeLayers: returns false (and
 * does nothing) otherwise. h: STRIDE numbers per input (u, v, c, m first); out: STRIDE per neuron from o.
 * The inputs whose four numbers are zero are dropped, as affineLayer drops them.
 */
export function affineLayerWasm(
  P: PreparedLayer,
  h: Float64Array,
  stride: number,
  out: Float64Array,
  o: number,
): boolean {
  const at = wasmInputs(P);
  if (at === null) return false;
  const n = gatherInputs(h, stride, P.layer.inDim, at.f64, at.d, at.i32, at.idx, 16);
  runAffineWasm(P, n, out, o);
  return true;
}

/** Scratch of {@link affineLayer}: indices and maps of the inputs that do not vanish. */
let activeIdx = new Int32Array(256);
let activeH = new Float64Array(G * 256);

/**
 * out[o..] = W h + b (with m = |b| + |W| m_h; each neuron's last four slots zero) for input maps h (STRIDE
 * per input). The inputs whose maps
 * vanish (inactive ReLUs) are dropped first; then row by row, two rows at a time, with the sums in registers.
 */
export function affineLayer(P: PreparedLayer, h: Float64Array, out: Float64Array, o: number): void {
  if (P.wasm !== null && affineLayerWasm(P, h, STRIDE, out, o)) return;
  affineLayerJs(P, h, out, o);
}

/** {@link affineLayer} in JavaScript (the WebAssembly kernel computes the same numbers, bit for bit). */
export function affineLayerJs(P: PreparedLayer, h: Float64Array, out: Float64Array, o: number): void {
  const { inDim, outDim, weights, bias } = P.layer;
  const { absW, absB } = P;
  if (activeIdx.length < inDim) {
    activeIdx = new Int32Array(inDim);
    activeH = new Float64Array(G * inDim);
  }
  const idx = activeIdx;
  const ha = activeH;
  const n = gatherInputs(h, STRIDE, inDim, ha, 0, idx, 0, 1);
  let j = 0;
  for (; j + 1 < outDim; j += 2) {
    let su0 = 0;
    let sv0 = 0;
    let sc0 = bias[j]!;
    let sm0 = absB[j]!;
    let su1 = 0;
    let sv1 = 0;
    let sc1 = bias[j + 1]!;
    let sm1 = absB[j + 1]!;
    const r0 = j * inDim;
    const r1 = r0 + inDim;
    for (let a = 0; a < n; a++) {
      const i = idx[a]!;
      const hu = ha[G * a]!;
      const hv = ha[G * a + 1]!;
      const hc = ha[G * a + 2]!;
      const hm = ha[G * a + 3]!;
      const w0 = weights[r0 + i]!;
      const w1 = weights[r1 + i]!;
      su0 += w0 * hu;
      sv0 += w0 * hv;
      sc0 += w0 * hc;
      sm0 += absW[r0 + i]! * hm;
      su1 += w1 * hu;
      sv1 += w1 * hv;
      sc1 += w1 * hc;
      sm1 += absW[r1 + i]! * hm;
    }
    const k = o + STRIDE * j;
    out[k] = su0;
    out[k + 1] = sv0;
    out[k + 2] = sc0;
    out[k + 3] = sm0;
    out[k + STRIDE] = su1;
    out[k + STRIDE + 1] = sv1;
    out[k + STRIDE + 2] = sc1;
    out[k + STRIDE + 3] = sm1;
  }
  for (; j < outDim; j++) {
    let su = 0;
    let sv = 0;
    let sc = bias[j]!;
    let sm = absB[j]!;
    const row = j * inDim;
    for (let a = 0; a < n; a++) {
      const i = idx[a]!;
      const w = weights[row + i]!;
      su += w * ha[G * a]!;
      sv += w * ha[G * a + 1]!;
      sc += w * ha[G * a + 2]!;
      sm += absW[row + i]! * ha[G * a + 3]!;
    }
    out[o + STRIDE * j] = su;
    out[o + STRIDE * j + 1] = sv;
    out[o + STRIDE * j + 2] = sc;
    out[o + STRIDE * j + 3] = sm;
  }
  // The low parts and the spare slot: zero in a float64 layer (the kernel writes the same).
  for (let k = o + 4; k < o + STRIDE * outDim; k += STRIDE) {
    out[k] = 0;
    out[k + 1] = 0;
    out[k + 2] = 0;
    out[k + 3] = 0;
  }
}

/**
 * Relative tolerance of the sign predicate, in units of the magnitude of the evaluated affine form: at least
 * 2^12 eps, and more than the rounding error of the composition (about eps per multiply-add along the
 * chain of dot products, sum over layers of fan-in + 2) for very deep or wide networks.
 */
export function relativeTolerance(net: Network): number {
  let chain = 0;
  for (const L of net.layers) chain += L.inDim + 2;
  return Math.max(4096, 4 * chain) * Number.EPSILON;
}
/** An absolute floor of the tolerance: subnormal values carry an absolute rounding error. */
export const TINY = 2 ** -1000;

/**
 * True when the maps a[o .. o + n) (STRIDE numbers per neuron) are all finite. The magnitudes m bound the
 * coefficients, so only when one of them is not finite are the coefficients checked (a sum of x * 0 is NaN
 * exactly when one x is not finite).
 */
export function finiteBlock(a: Float64Array, o: number, n: number): boolean {
  let s = 0;
  for (let k = o + 3; k < o + n; k += STRIDE) s += a[k]!;
  if (s < Number.POSITIVE_INFINITY) return true;
  s = 0;
  for (let k = o; k < o + n; k++) if ((k - o) % STRIDE !== 3) s += a[k]! * 0;
  return s === 0;
}
