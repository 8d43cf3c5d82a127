/**
 * Double-double composition of the per-face affine maps (see face-maps.ts for the layout).
 *
 * In float64 the rounding error of a composed map is bounded by eps m, where m = |b| + |W| m_h grows by the
 * absolute row sums of the weights at every layer (about 4.5 per layer for a He-initialised 64-wide ReLU
 * network), while the maps themselves keep their size. Sixteen layers deep the bound is 10^10 times the
 * values, the predicates' tolerance band covers most vertices, and the enumeration spends its time in
 * exact arithmetic. Here every coefficient is a pair hi + lo composed with error-free transformations
 * (Dekker's product with the weights split once, Knuth's sum: Ogita, Rump and Oishi's Dot2), so the error
 * is about n^2 eps^2 m per layer: the band shrinks to the rounding of hi itself (|lo|) and the predicates
 * decide nearly every sign in float64 again. It costs several times the float64 composition, so regions.ts
 * takes it only where the float64 band would be wide (dd-choice.ts).
 *
 * Low parts live in slots 4..6 of each neuron's STRIDE numbers; slot 3 (m) is composed in float64 as before.
 */
import {
  DD_GATHER,
  gatherDD as gatherDD_,
  type PreparedLayer,
  STRIDE,
  splitHigh as splitHigh_,
  splitWeights,
} from './face-maps.ts';

const S = STRIDE;
/** Numbers per active input in the scratch of {@link affineLayerDD}: hi and its split for u, v, c; m; lo parts. */
const GD = DD_GATHER;
const gatherDD = gatherDD_;
const splitHigh = splitHigh_;
let activeIdx = new Int32Array(256);
let activeH = new Float64Array(GD * 256);

/**
 * The input maps of the enumeration (STRIDE numbers per input coordinate): each input as an affine map of the
 * window's normalised coordinates (u, v), [d/du, d/dv, value at (0, 0), magnitude], from the plane map's
 * origin and directions and the window's corner and size. With `dd` the coefficients carry their low parts
 * (the window's width x1 - x0 and the products are then exact to double-double accuracy).
 */
export function inputMaps(
  map: { origin: ArrayLike<number>; ds: ArrayLike<number>; dt: ArrayLike<number> },
  window: { x0: number; x1: number; y0: number; y1: number },
  dd: boolean,
): Float64Array {
  const { x0, x1, y0, y1 } = window;
  const n = map.origin.length;
  const h0 = new Float64Array(S * n);
  const W = x1 - x0;
  const H = y1 - y0;
  for (let i = 0; i < n; i++) {
    const k = S * i;
    const ds = map.ds[i]!;
    const dt = map.dt[i]!;
    const o = map.origin[i]!;
    if (!dd) {
      h0[k] = W * ds;
      h0[k + 1] = H * dt;
      h0[k + 2] = o + x0 * ds + y0 * dt;
    } else {
      ddAdd(x1, 0, -x0, 0);
      ddMul(rHi, rLo, ds);
      h0[k] = rHi;
      h0[k + 4] = rLo;
      ddAdd(y1, 0, -y0, 0);
      ddMul(rHi, rLo, dt);
      h0[k + 1] = rHi;
      h0[k + 5] = rLo;
      ddMul(x0, 0, ds);
      const ah = rHi;
      const al = rLo;
      ddMul(y0, 0, dt);
      ddAdd(ah, al, rHi, rLo);
      ddAdd(rHi, rLo, o, 0);
      h0[k + 2] = rHi;
      h0[k + 6] = rLo;
    }
    // In double-double the terms of the constant, not their sum, bound its rounding.
    const terms = dd ? Math.abs(o) + Math.abs(x0 * ds) + Math.abs(y0 * dt) : Math.abs(h0[k + 2]!);
    h0[k + 3] = Math.abs(h0[k]!) + Math.abs(h0[k + 1]!) + terms;
  }
  return h0;
}

/** hi and lo of the last {@link twoProd} or {@link ddMul} (module scratch: no allocation in the hot loops). */
let rHi = 0;
let rLo = 0;

/** rHi + rLo = (hi + lo) * s, to double-double accuracy (s a float64). */
function ddMul(hi: number, lo: number, s: number): void {
  if (s === 1 || s === 0 || s === -1) {
    rHi = s * hi;
    rLo = s * lo;
    return;
  }
  const p = hi * s;
  const hh = splitHigh(hi);
  const hl = hi - hh;
  const sh = splitHigh(s);
  const sl = s - sh;
  const e = hh * sh - p + hh * sl + hl * sh + hl * sl + lo * s;
  rHi = p + e;
  rLo = e - (rHi - p);
}

/** rHi + rLo = (ah + al) + (bh + bl), to double-double accuracy. */
function ddAdd(ah: number, al: number, bh: number, bl: number): void {
  const s = ah + bh;
  const bb = s - ah;
  const t = ah - (s - bb) + (bh - bb) + al + bl;
  rHi = s + t;
  rLo = t - (rHi - s);
}

/**
 * out[o..] = W h + b in double-double (m = |b| + |W| m_h in float64) for input maps h (STRIDE per input, low
 * parts in slots 4..6). The inputs whose maps vanish are dropped first, as in affineLayer.
 */
export function affineLayerDD(P: PreparedLayer, h: Float64Array, out: Float64Array, o: number): void {
  const { inDim, outDim, weights, bias } = P.layer;
  const { absW, absB } = P;
  const { wHi, wLo } = splitWeights(P);
  if (activeIdx.length < inDim) {
    activeIdx = new Int32Array(inDim);
    activeH = new Float64Array(GD * inDim);
  }
  const idx = activeIdx;
  const ha = activeH;
  const n = gatherDD(h, S, inDim, ha, 0, idx, 0, 1);
  // Two rows at a time: each input's numbers are loaded once for both.
  let j = 0;
  for (; j + 1 < outDim; j += 2) {
    const r0 = j * inDim;
    const r1 = r0 + inDim;
    let su0 = 0;
    let lu0 = 0;
    let sv0 = 0;
    let lv0 = 0;
    let sc0 = bias[j]!;
    let lc0 = 0;
    let sm0 = absB[j]!;
    let su1 = 0;
    let lu1 = 0;
    let sv1 = 0;
    let lv1 = 0;
    let sc1 = bias[j + 1]!;
    let lc1 = 0;
    let sm1 = absB[j + 1]!;
    for (let a = 0; a < n; a++) {
      const i = idx[a]!;
      const g = GD * a;
      const w0 = weights[r0 + i]!;
      const wh0 = wHi[r0 + i]!;
      const wl0 = wLo[r0 + i]!;
      const w1 = weights[r1 + i]!;
      const wh1 = wHi[r1 + i]!;
      const wl1 = wLo[r1 + i]!;
      // Per coefficient: Dekker's product, Knuth's sum, the low terms accumulated apart.
      let hx = ha[g]!;
      let xh = ha[g + 1]!;
      let xl = ha[g + 2]!;
      let lo = ha[g + 10]!;
      let p = w0 * hx;
      let s = su0 + p;
      let bb = s - su0;
      lu0 += su0 - (s - bb) + (p - bb) + (wh0 * xh - p + wh0 * xl + wl0 * xh + wl0 * xl) + w0 * lo;
      su0 = s;
      p = w1 * hx;
      s = su1 + p;
      bb = s - su1;
      lu1 += su1 - (s - bb) + (p - bb) + (wh1 * xh - p + wh1 * xl + wl1 * xh + wl1 * xl) + w1 * lo;
      su1 = s;
      hx = ha[g + 3]!;
      xh = ha[g + 4]!;
      xl = ha[g + 5]!;
      lo = ha[g + 11]!;
      p = w0 * hx;
      s = sv0 + p;
      bb = s - sv0;
      lv0 += sv0 - (s - bb) + (p - bb) + (wh0 * xh - p + wh0 * xl + wl0 * xh + wl0 * xl) + w0 * lo;
      sv0 = s;
      p = w1 * hx;
      s = sv1 + p;
      bb = s - sv1;
      lv1 += sv1 - (s - bb) + (p - bb) + (wh1 * xh - p + wh1 * xl + wl1 * xh + wl1 * xl) + w1 * lo;
      sv1 = s;
      hx = ha[g + 6]!;
      xh = ha[g + 7]!;
      xl = ha[g + 8]!;
      lo = ha[g + 12]!;
      p = w0 * hx;
      s = sc0 + p;
      bb = s - sc0;
      lc0 += sc0 - (s - bb) + (p - bb) + (wh0 * xh - p + wh0 * xl + wl0 * xh + wl0 * xl) + w0 * lo;
      sc0 = s;
      p = w1 * hx;
      s = sc1 + p;
      bb = s - sc1;
      lc1 += sc1 - (s - bb) + (p - bb) + (wh1 * xh - p + wh1 * xl + wl1 * xh + wl1 * xl) + w1 * lo;
      sc1 = s;
      const hm = ha[g + 9]!;
      sm0 += absW[r0 + i]! * hm;
      sm1 += absW[r1 + i]! * hm;
    }
    store(out, o + S * j, su0, lu0, sv0, lv0, sc0, lc0, sm0);
    store(out, o + S * (j + 1), su1, lu1, sv1, lv1, sc1, lc1, sm1);
  }
  for (; j < outDim; j++) {
    const row = j * inDim;
    let su = 0;
    let lu = 0;
    let sv = 0;
    let lv = 0;
    let sc = bias[j]!;
    let lc = 0;
    let sm = absB[j]!;
    for (let a = 0; a < n; a++) {
      const i = idx[a]!;
      const g = GD * a;
      const w = weights[row + i]!;
      const wh = wHi[row + i]!;
      const wl = wLo[row + i]!;
      let hx = ha[g]!;
      let xh = ha[g + 1]!;
      let xl = ha[g + 2]!;
      let p = w * hx;
      let s = su + p;
      let bb = s - su;
      lu += su - (s - bb) + (p - bb) + (wh * xh - p + wh * xl + wl * xh + wl * xl) + w * ha[g + 10]!;
      su = s;
      hx = ha[g + 3]!;
      xh = ha[g + 4]!;
      xl = ha[g + 5]!;
      p = w * hx;
      s = sv + p;
      bb = s - sv;
      lv += sv - (s - bb) + (p - bb) + (wh * xh - p + wh * xl + wl * xh + wl * xl) + w * ha[g + 11]!;
      sv = s;
      hx = ha[g + 6]!;
      xh = ha[g + 7]!;
      xl = ha[g + 8]!;
      p = w * hx;
      s = sc + p;
      bb = s - sc;
      lc += sc - (s - bb) + (p - bb) + (wh * xh - p + wh * xl + wl * xh + wl * xl) + w * ha[g + 12]!;
      sc = s;
      sm += absW[row + i]! * ha[g + 9]!;
    }
    store(out, o + S * j, su, lu, sv, lv, sc, lc, sm);
  }
}

/** Write one neuron's double-double sums (hi and accumulated low terms, renormalised) and m at out[k..]. */
function store(
  out: Float64Array,
  k: number,
  su: number,
  lu: number,
  sv: number,
  lv: number,
  sc: number,
  lc: number,
  sm: number,
): void {
  let hi = su + lu;
  out[k] = hi;
  out[k + 4] = lu - (hi - su);
  hi = sv + lv;
  out[k + 1] = hi;
  out[k + 5] = lv - (hi - sv);
  hi = sc + lc;
  out[k + 2] = hi;
  out[k + 6] = lc - (hi - sc);
  out[k + 3] = sm;
  out[k + 7] = 0;
}

/**
 * out[o..] += column i of W times the double-double form (du, dv, dc) (low parts dul, dvl, dcl), and column i
 * of |W| times dm, for every neuron of the layer.
 */
export function addColumnDD(
  P: PreparedLayer,
  i: number,
  du: number,
  dul: number,
  dv: number,
  dvl: number,
  dc: number,
  dcl: number,
  dm: number,
  out: Float64Array,
  o: number,
): void {
  const outDim = P.layer.outDim;
  const { wt, absWt } = P;
  const { wtHi, wtLo } = splitWeights(P);
  const col = i * outDim;
  const uh = splitHigh(du);
  const ul = du - uh;
  const vh = splitHigh(dv);
  const vl = dv - vh;
  const ch = splitHigh(dc);
  const cl = dc - ch;
  for (let j = 0; j < outDim; j++) {
    const w = wt[col + j]!;
    const wh = wtHi[col + j]!;
    const wl = wtLo[col + j]!;
    const k = o + S * j;
    let p = w * du;
    let e = wh * uh - p + wh * ul + wl * uh + wl * ul + w * dul;
    ddAdd(out[k]!, out[k + 4]!, p, e);
    out[k] = rHi;
    out[k + 4] = rLo;
    p = w * dv;
    e = wh * vh - p + wh * vl + wl * vh + wl * vl + w * dvl;
    ddAdd(out[k + 1]!, out[k + 5]!, p, e);
    out[k + 1] = rHi;
    out[k + 5] = rLo;
    p = w * dc;
    e = wh * ch - p + wh * cl + wl * ch + wl * cl + w * dcl;
    ddAdd(out[k + 2]!, out[k + 6]!, p, e);
    out[k + 2] = rHi;
    out[k + 6] = rLo;
    out[k + 3] = out[k + 3]! + absWt[col + j]! * dm;
  }
}

/**
 * The post-activation map slope * z + intercept of one neuron's map z (STRIDE numbers at z[b..]) in
 * double-double, written to out[k..] (u, v, c, m and the low parts).
 */
export function pieceMapDD(
  z: Float64Array,
  b: number,
  slope: number,
  intercept: number,
  out: Float64Array,
  k: number,
): void {
  if (intercept === 0 && (slope === 0 || slope === 1)) {
    // The common ReLU pieces: nothing, or the map itself.
    for (let c = 0; c < 7; c++) out[k + c] = slope * z[b + c]!;
    return;
  }
  ddMul(z[b]!, z[b + 4]!, slope);
  out[k] = rHi;
  out[k + 4] = rLo;
  ddMul(z[b + 1]!, z[b + 5]!, slope);
  out[k + 1] = rHi;
  out[k + 5] = rLo;
  ddMul(z[b + 2]!, z[b + 6]!, slope);
  ddAdd(rHi, rLo, intercept, 0);
  out[k + 2] = rHi;
  out[k + 6] = rLo;
  out[k + 3] = Math.abs(slope) * z[b + 3]! + Math.abs(intercept);
}

/**
 * out[ko..] = a[ka..] + sign b[kb..] for the three double-double coefficients (sign is 1 or -1; out may be a
 * or b at the same offset). m is left to the caller.
 */
export function ddCombine(
  a: Float64Array,
  ka: number,
  b: Float64Array,
  kb: number,
  sign: number,
  out: Float64Array,
  ko: number,
): void {
  for (let c = 0; c < 3; c++) {
    ddAdd(a[ka + c]!, a[ka + c + 4]!, sign * b[kb + c]!, sign * b[kb + c + 4]!);
    out[ko + c] = rHi;
    out[ko + c + 4] = rLo;
  }
}
