/**
 * Local complexity (Humayun, Balestriero and Baraniuk 2024, "Deep networks always grok"): at a point of the
 * view, the number of neurons whose zero set passes within a radius r of it.
 *
 * Within the linear region of a point every pre-activation z is affine in the plane coordinates (s, t):
 * z(s', t') = z + g . ((s', t') - (s, t)) with g = grad_(s,t) z, so the zero set of the neuron's local
 * linear piece, the line z(s', t') = c for a threshold c of its activation (0 for ReLU-like activations,
 * -1 and 1 for hardtanh), lies at the distance |z - c| / |g| in (s, t) units. A neuron counts when that
 * distance is at most r, decided without a division as |z - c| <= r |g| (a neuron constant on the region,
 * g = 0, counts only when z = c). This is the definition the GPU's colour mode computes per pixel; here
 * it is computed in float64 with forward-mode tangents, for the tests and for the means over a view
 * and over data points. Neurons of linear layers have no zero set and never count.
 */
import { thresholds } from './activations.ts';
import type { Network } from './model.ts';
import type { PlaneMap } from './plane.ts';

/** Scratch buffers of {@link neuronDistancesAt}, reused between calls (allocate once per network). */
export interface ComplexityScratch {
  h: Float64Array;
  hs: Float64Array;
  ht: Float64Array;
  z: Float64Array;
  zs: Float64Array;
  zt: Float64Array;
}

/** Scratch buffers for `net` (each as long as its widest layer or input). */
export function complexityScratch(net: Network): ComplexityScratch {
  let w = net.inputDim;
  for (const L of net.layers) w = Math.max(w, L.outDim);
  const f = () => new Float64Array(w);
  return { h: f(), hs: f(), ht: f(), z: f(), zs: f(), zt: f() };
}

/**
 * For the point at plane coordinates (s, t) and every neuron with a non-linear activation, in network
 * order: the distance to its local zero set, `|z - c|` and `|g|` (for hardtanh the nearer of its two
 * thresholds). Calls `visit(margin, gradNorm)` per neuron, where margin = |z - c|; the distance is
 * margin / gradNorm (infinite when gradNorm is 0 and margin > 0).
 */
export function neuronDistancesAt(
  net: Network,
  map: PlaneMap,
  s: number,
  t: number,
  visit: (margin: number, gradNorm: number) => void,
  scratch: ComplexityScratch = complexityScratch(net),
): void {
  const { h, hs, ht, z, zs, zt } = scratch;
  const d = net.inputDim;
  for (let i = 0; i < d; i++) {
    h[i] = map.origin[i]! + s * map.ds[i]! + t * map.dt[i]!;
    hs[i] = map.ds[i]!;
    ht[i] = map.dt[i]!;
  }
  for (const L of net.layers) {
    const n = L.inDim;
    for (let j = 0; j < L.outDim; j++) {
      let a = L.bias[j]!;
      let as = 0;
      let at = 0;
      const row = j * n;
      for (let i = 0; i < n; i++) {
        const w = L.weights[row + i]!;
        a += w * h[i]!;
        as += w * hs[i]!;
        at += w * ht[i]!;
      }
      z[j] = a;
      zs[j] = as;
      zt[j] = at;
    }
    const cs = thresholds(L.activation);
    for (let j = 0; j < L.outDim; j++) {
      const zj = z[j]!;
      if (cs.length > 0) {
        let margin = Number.POSITIVE_INFINITY;
        for (const c of cs) margin = Math.min(margin, Math.abs(zj - c));
        visit(margin, Math.hypot(zs[j]!, zt[j]!));
      }
      // The activation's piece at zj (engine/activations.ts stateOf: z = 0 is off, hardtanh's ±1 inside).
      let slope = 1;
      let value = zj;
      switch (L.activation) {
        case 'relu':
          slope = zj > 0 ? 1 : 0;
          value = slope * zj;
          break;
        case 'leaky_relu':
        case 'prelu':
          slope = zj > 0 ? 1 : L.alpha[j]!;
          value = zj * slope;
          break;
        case 'abs':
          slope = zj > 0 ? 1 : -1;
          value = zj * slope;
          break;
        case 'hardtanh':
          slope = zj < -1 || zj > 1 ? 0 : 1;
          value = Math.max(-1, Math.min(1, zj));
          break;
        case 'linear':
          break;
      }
      h[j] = value;
      hs[j] = slope * zs[j]!;
      ht[j] = slope * zt[j]!;
    }
  }
}

/** The local complexity at (s, t) for radius `radius` in (s, t) units: see the module comment. */
export function localComplexityAt(
  net: Network,
  map: PlaneMap,
  s: number,
  t: number,
  radius: number,
  scratch: ComplexityScratch = complexityScratch(net),
): number {
  let count = 0;
  neuronDistancesAt(
    net,
    map,
    s,
    t,
    (margin, g) => {
      if (margin <= radius * g) count++;
    },
    scratch,
  );
  return count;
}

/** A rectangle of the (s, t) plane. */
export interface PlaneRect {
  /** Left edge. */
  x0: number;
  /** Right edge. */
  x1: number;
  /** Bottom edge. */
  y0: number;
  /** Top edge. */
  y1: number;
}

/**
 * The local complexity at the centres of a `cols` x `rows` grid of pixels over `view` (the pixel (i, j),
 * row 0 at the top, at s = x0 + (i + 0.5) (x1 - x0) / cols, t = y1 - (j + 0.5) (y1 - y0) / rows), as a
 * row-major array; the same pixel centres as the GPU's map of that size.
 */
export function localComplexityGrid(
  net: Network,
  map: PlaneMap,
  view: PlaneRect,
  cols: number,
  rows: number,
  radius: number,
): Uint16Array {
  const out = new Uint16Array(cols * rows);
  const scratch = complexityScratch(net);
  for (let j = 0; j < rows; j++) {
    const t = view.y1 - ((j + 0.5) * (view.y1 - view.y0)) / rows;
    for (let i = 0; i < cols; i++) {
      const s = view.x0 + ((i + 0.5) * (view.x1 - view.x0)) / cols;
      out[j * cols + i] = localComplexityAt(net, map, s, t, radius, scratch);
    }
  }
  return out;
}

/** The mean local complexity over a `n` x `n` grid of pixel centres of `view` (n >= 1; default 32). */
export function meanLocalComplexityOverView(
  net: Network,
  map: PlaneMap,
  view: PlaneRect,
  radius: number,
  n = 32,
): number {
  const g = localComplexityGrid(net, map, view, n, n, radius);
  let sum = 0;
  for (const c of g) sum += c;
  return sum / g.length;
}

/**
 * The mean local complexity at the data points, each taken at its projection (s, t) onto the plane (see
 * dataPoints.ts projectPoints, passed in as `s` and `t`); NaN without points.
 */
export function meanLocalComplexityAtPoints(
  net: Network,
  map: PlaneMap,
  s: ArrayLike<number>,
  t: ArrayLike<number>,
  radius: number,
): number {
  if (s.length === 0) return Number.NaN;
  const scratch = complexityScratch(net);
  let sum = 0;
  for (let p = 0; p < s.length; p++) sum += localComplexityAt(net, map, s[p]!, t[p]!, radius, scratch);
  return sum / s.length;
}
