/**
 * A rigorous bound on the rounding error of the float64 composition of one face's maps, in the Frobenius
 * norm of the whole layer (all neurons, the three coefficients u, v, c), from the spectral norms of the
 * weights rather than from their absolute values.
 *
 * The bound m of face-maps.ts propagates |W| |error|: each layer multiplies it by about the Perron root of
 * |W| (about 9 for a He-initialised layer of 64), so on 2 -> 64 x 16 it exceeds a neuron's own size by 10^10
 * and float64 cannot decide signs in the deep layers. An error vector is multiplied by W itself, whose
 * spectral norm is about 2.8 there; per layer l, with Z the computed maps, H the computed post-activations of
 * the face's pattern and e the bound on ||Z - Z_exact||_F:
 *
 *   e_l <= sigma_l (s_max e_{l-1} + rho_{l-1}) + gamma_{n+1} (nu_l ||H||_F + ||b_l||)
 *
 * sigma_l >= ||W_l||_2 (bounded rigorously by repeated squaring of the Gram matrix, with the rounding of every
 * product bounded), nu_l >= || |W_l| ||_2, s_max the largest slope of the activation, rho the rounding of the
 * activation's pieces (zero for ReLU and abs), gamma_n = n eps / (1 - n eps). A sibling piece, made from the
 * first piece's maps plus k columns (piece-maps.ts siblingMaps), adds gamma_{2k+2} (||Z_ref||_F + nu ||D||_F)
 * for the difference D of the post-activation maps. The error of one neuron's z at a point of the unit square
 * is then at most sqrt(3) e (Cauchy-Schwarz on (u, v, 1)).
 */
import type { Layer, Network } from './model.ts';

const EPS = Number.EPSILON;
/** Headroom for the rounding of the few scalar operations of each step of the bound. */
const INFLATE = 1 + 2 ** -30;

/** gamma_n = n eps / (1 - n eps), the relative error of a sum of n float64 products. */
export function gamma(n: number): number {
  return (n * EPS) / (1 - n * EPS);
}

/** Per-layer constants of the bound (index l: layer l of the network). */
export interface ErrorNorms {
  /** Upper bounds of ||W_l||_2. */
  sigma: Float64Array;
  /** Upper bounds of || |W_l| ||_2. */
  nu: Float64Array;
  /** Upper bounds of ||b_l||_2. */
  bias: Float64Array;
  /** gamma_{inDim + 1} of each layer. */
  gam: Float64Array;
  /** The largest |slope| of the layer's activation pieces. */
  slope: Float64Array;
  /**
   * The rounding of the layer's pieces per unit of ||Z||_F plus its intercepts' norm (0 where every piece
   * is computed exactly: slopes 0 and +-1, intercepts only with slope 0), as rho = gen (s_max ||Z||_F + t).
   */
  gen: Float64Array;
  /** sqrt(outDim) max |intercept| of the layer's pieces. */
  icpt: Float64Array;
}

/**
 * An upper bound of the spectral norm of the rows x cols matrix `w` (row-major): the 2^(k+1)-th root of the
 * infinity norm of (W^T W)^(2^k), or of (W W^T)^(2^k), whichever is smaller, each product's rounding error
 * bounded and added. Infinity where the products overflow (then the bound m of face-maps.ts serves).
 */
export function spectralBound(w0: Float64Array, rows: number, cols: number, k = 3): number {
  const n = Math.min(rows, cols);
  const r = Math.max(rows, cols);
  let big = 0;
  for (const x of w0) big = Math.max(big, Math.abs(x));
  if (n === 0 || big === 0) return 0;
  if (!Number.isFinite(big)) return Number.POSITIVE_INFINITY;
  // Scaled by a power of two to largest entry in [1, 2): exact, but for entries that become subnormal
  // (each off by at most 2^-1075, a matrix of spectral norm at most sqrt(rows cols) 2^-1075).
  const p = Math.floor(Math.log2(big));
  const scale = 2 ** -Math.max(-1000, Math.min(1000, p));
  const w = w0.map((x) => x * scale * (p > 1000 ? 2 ** (1000 - p) : p < -1000 ? 2 ** (-1000 - p) : 1));
  const unscale = 1 / scale / (p > 1000 ? 2 ** (1000 - p) : p < -1000 ? 2 ** (-1000 - p) : 1);
  // G = the Gram matrix of the short side: G[a][b] = sum_t w(t, a) w(t, b) (columns when cols <= rows).
  const at = (t: number, a: number) => (cols <= rows ? w[t * cols + a]! : w[a * cols + t]!);
  let g = new Float64Array(n * n);
  for (let a = 0; a < n; a++)
    for (let b = a; b < n; b++) {
      let s = 0;
      for (let t = 0; t < r; t++) s += at(t, a) * at(t, b);
      g[a * n + b] = s;
      g[b * n + a] = s;
    }
  // delta bounds ||G_true^(2^i) - G_i||_inf; first the Gram's own rounding: gamma_r |W|^T |W|, whose infinity
  // norm is max_a sum_t |w(t, a)| (sum_b |w(t, b)|).
  const rowAbs = new Float64Array(r);
  for (let t = 0; t < r; t++) for (let b = 0; b < n; b++) rowAbs[t] = rowAbs[t]! + Math.abs(at(t, b));
  let delta = 0;
  for (let a = 0; a < n; a++) {
    let s = 0;
    for (let t = 0; t < r; t++) s += Math.abs(at(t, a)) * rowAbs[t]!;
    delta = Math.max(delta, s);
  }
  // Subnormal products carry an absolute error: a floor per entry of every sum.
  const floor = r * 2 ** -1070;
  delta = (gamma(r) * delta + n * floor) * INFLATE * INFLATE;
  const infNorm = (m: Float64Array) => {
    let best = 0;
    for (let a = 0; a < n; a++) {
      let s = 0;
      for (let b = 0; b < n; b++) s += Math.abs(m[a * n + b]!);
      best = Math.max(best, s);
    }
    return best * (1 + gamma(n)) * INFLATE;
  };
  for (let i = 0; i < k; i++) {
    const x = infNorm(g);
    const next = new Float64Array(n * n);
    for (let a = 0; a < n; a++)
      for (let c = 0; c < n; c++) {
        const v = g[a * n + c]!;
        if (v === 0) continue;
        for (let b = 0; b < n; b++) next[a * n + b] = next[a * n + b]! + v * g[c * n + b]!;
      }
    // (T + E)^2 - T^2 has norm <= delta (2 ||G|| + delta); the product's rounding gamma_n ||G||^2.
    delta = (delta * (2 * x + delta) + gamma(n) * x * x + n * floor) * INFLATE;
    g = next;
  }
  const top = (infNorm(g) + delta) * INFLATE;
  const bound =
    (top ** (1 / 2 ** (k + 1)) * INFLATE + Math.sqrt(rows * cols) * 2 ** -1074) * unscale * INFLATE;
  return Number.isFinite(bound) ? bound : Number.POSITIVE_INFINITY;
}

/** || |W| ||_2 <= sqrt(||W||_1 ||W||_inf), rounded up. */
function absBound(w: Float64Array, rows: number, cols: number): number {
  let rowMax = 0;
  const colSum = new Float64Array(cols);
  for (let j = 0; j < rows; j++) {
    let s = 0;
    for (let i = 0; i < cols; i++) {
      const a = Math.abs(w[j * cols + i]!);
      s += a;
      colSum[i] = colSum[i]! + a;
    }
    rowMax = Math.max(rowMax, s);
  }
  let colMax = 0;
  for (const s of colSum) colMax = Math.max(colMax, s);
  const b = Math.sqrt(rowMax * colMax) * (1 + gamma(rows + cols)) * INFLATE;
  return Number.isFinite(b) ? b : Number.POSITIVE_INFINITY;
}

/**
 * The constants of the bound for every layer of `net`; `pieces[l]` is layer l's table of slopes and
 * intercepts (face-maps.ts PreparedLayer.pieces, PIECES = 6 numbers per neuron).
 */
export function errorNorms(net: Network, pieces: readonly Float64Array[]): ErrorNorms {
  const n = net.layers.length;
  const out: ErrorNorms = {
    sigma: new Float64Array(n),
    nu: new Float64Array(n),
    bias: new Float64Array(n),
    gam: new Float64Array(n),
    slope: new Float64Array(n),
    gen: new Float64Array(n),
    icpt: new Float64Array(n),
  };
  net.layers.forEach((L: Layer, l) => {
    out.sigma[l] = spectralBound(L.weights, L.outDim, L.inDim, L.inDim > 256 ? 2 : 3);
    out.nu[l] = absBound(L.weights, L.outDim, L.inDim);
    let b2 = 0;
    for (const b of L.bias) b2 += b * b;
    out.bias[l] = Math.sqrt(b2) * (1 + gamma(L.outDim + 1)) * INFLATE;
    out.gam[l] = gamma(L.inDim + 1);
    const p = pieces[l]!;
    let smax = 0;
    let tmax = 0;
    let exact = true;
    for (let q = 0; q < p.length; q += 2) {
      const s = p[q]!;
      const t = p[q + 1]!;
      smax = Math.max(smax, Math.abs(s));
      tmax = Math.max(tmax, Math.abs(t));
      if (!(s === 0 || ((s === 1 || s === -1) && t === 0))) exact = false;
    }
    out.slope[l] = smax;
    // Pieces s z + t: the product and the sum each round once (gamma_2), and the differences of two pieces
    // of a sibling twice more: 2 gamma_4 covers both.
    out.gen[l] = exact ? 0 : 2 * gamma(4);
    out.icpt[l] = Math.sqrt(L.outDim) * tmax * INFLATE;
  });
  return out;
}

/** The Frobenius norm of the u, v, c coefficients of n neurons of maps z (stride per neuron) from z[o]. */
export function mapsNorm(z: Float64Array, o: number, n: number, stride: number): number {
  let s = 0;
  for (let k = o; k < o + stride * n; k += stride) {
    const u = z[k]!;
    const v = z[k + 1]!;
    const c = z[k + 2]!;
    s += u * u + v * v + c * c;
  }
  return normOfSq(s, n);
}

/** {@link mapsNorm} of n neurons' maps from the sum of squares sq of their coefficients (in any order). */
export function normOfSq(sq: number, n: number): number {
  return Math.sqrt(sq) * (1 + gamma(3 * n + 1));
}

/**
 * dst[i] = the sum over the n neurons of maps z (stride 8 from o) of u u + v v + c c, dst[i + 1] = that of
 * m, each summed in two lanes (even neurons, odd neurons) and the lanes then added: the order of the float64
 * kernels (affine-kernels.ts addSums), whose sums the walk takes instead where they ran (kernel-sums.ts).
 */
export function sumMaps(z: Float64Array, o: number, n: number, dst: Float64Array, i: number): void {
  let q0 = 0;
  let q1 = 0;
  let m0 = 0;
  let m1 = 0;
  const end = o + 8 * n;
  let k = o;
  for (; k + 8 < end; k += 16) {
    q0 += z[k]! * z[k]! + z[k + 1]! * z[k + 1]! + z[k + 2]! * z[k + 2]!;
    m0 += z[k + 3]!;
    q1 += z[k + 8]! * z[k + 8]! + z[k + 9]! * z[k + 9]! + z[k + 10]! * z[k + 10]!;
    m1 += z[k + 11]!;
  }
  if (k < end) {
    q0 += z[k]! * z[k]! + z[k + 1]! * z[k + 1]! + z[k + 2]! * z[k + 2]!;
    m0 += z[k + 3]!;
  }
  dst[i] = q0 + q1;
  dst[i + 1] = m0 + m1;
}

/**
 * The bound e of layer l + 1's maps of the first piece of a face: `eParent` the bound of layer l's maps z of
 * the parent face, `zNorm` their Frobenius norm (needed only where layer l's pieces round), `hNorm` the
 * Frobenius norm of the first piece's post-activation maps.
 */
export function firstPieceError(
  N: ErrorNorms,
  l: number,
  eParent: number,
  zNorm: number,
  hNorm: number,
): number {
  const rho = N.gen[l]! * (N.slope[l]! * zNorm + N.icpt[l]!);
  const m = l + 1;
  const e = N.sigma[m]! * (N.slope[l]! * eParent + rho) + N.gam[m]! * (N.nu[m]! * hNorm + N.bias[m]!);
  return e * INFLATE;
}

/**
 * The bound of a sibling's maps from the first piece's (eRef; refNorm the Frobenius norm of the first piece's
 * next-layer maps), for k changed neurons whose post-activation differences have Frobenius norm dNorm.
 */
export function siblingError(
  N: ErrorNorms,
  l: number,
  eRef: number,
  refNorm: number,
  k: number,
  dNorm: number,
): number {
  const m = l + 1;
  return (eRef + gamma(2 * k + 2) * (refNorm + N.nu[m]! * dNorm)) * INFLATE;
}

/** The bound of the first layer's maps from the input maps h0 (stride per input; m at slot 3). */
export function inputError(N: ErrorNorms, h0: Float64Array, stride: number): number {
  let m2 = 0;
  let h2 = 0;
  for (let k = 0; k < h0.length; k += stride) {
    m2 += h0[k + 3]! * h0[k + 3]!;
    h2 += h0[k]! * h0[k]! + h0[k + 1]! * h0[k + 1]! + h0[k + 2]! * h0[k + 2]!;
  }
  // Each input coefficient rounds at most four times (the window's width, the products, the sums).
  const eIn = Math.sqrt(3 * m2) * gamma(4) * 2;
  const hNorm = Math.sqrt(h2) * (1 + gamma(3 * h0.length));
  return (N.sigma[0]! * eIn + N.gam[0]! * (N.nu[0]! * hNorm + N.bias[0]!)) * INFLATE;
}

/**
 * The bound e of maps z (n neurons, stride 8) composed in double-double with relative tolerance compTol per
 * unit of m (face-maps-dd.ts), as float64 code reads them (their high parts alone): each neuron's value at a
 * point of the unit square is within compTol m of the exact one, so its coefficients within (1, 2, 2) times
 * that (the value at (0, 0), and the differences to (1, 0) and (0, 1)), and the low parts are dropped.
 */
export function ddMapsError(z: Float64Array, n: number, compTol: number): number {
  let s = 0;
  for (let k = 0; k < 8 * n; k += 8) {
    const e = 3 * compTol * z[k + 3]! + Math.abs(z[k + 4]!) + Math.abs(z[k + 5]!) + Math.abs(z[k + 6]!);
    s += e * e;
  }
  return Math.sqrt(s) * (1 + gamma(n + 8)) * INFLATE;
}

/**
 * The walk's step for the first piece (face-walk.ts): write the bound of its next-layer maps `ref` into
 * ref[7] (from the parent's maps of layer l, outDim neurons, with bound eParent and sum of squares zSq
 * ({@link sumMaps}); hss the sum of squares of the piece's post-activation maps) and return the Frobenius
 * norm of ref (refSq: its sum of squares), which its siblings' bounds need.
 */
export function refBound(
  N: ErrorNorms,
  l: number,
  zSq: number,
  eParent: number,
  outDim: number,
  hss: number,
  ref: Float64Array,
  refSq: number,
): number {
  const zNorm = N.gen[l]! > 0 ? normOfSq(zSq, outDim) : 0;
  ref[7] = firstPieceError(N, l, eParent, zNorm, Math.sqrt(hss) * (1 + 2 ** -30));
  return normOfSq(refSq, ref.length / 8);
}
