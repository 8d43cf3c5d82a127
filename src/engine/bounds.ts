/**
 * Theoretical region counts and region statistics.
 *
 * - Zaslavsky: n hyperplanes in general position cut R^d into sum_{j<=d} C(n, j) regions; for one hidden
 *   layer this is the exact maximum (1 + n + C(n, 2) in the plane).
 * - Serra, Tjandraatmadja and Ramalingam (2018), Theorem 1: a ReLU network with input dimension n0 and
 *   hidden widths n1..nL has at most sum over (j1..jL) in J of prod_l C(n_l, j_l) regions, where
 *   J = { 0 <= j_l <= min(n0, n1 - j1, ..., n_{l-1} - j_{l-1}, n_l) }.
 * - Montufar (2017), Proposition 3: at most prod_l sum_{j <= d_l} C(n_l, j) with d_l = min(n0, n1, ..., n_l);
 *   it holds for any two-piece activation (leaky ReLU, abs), and for hardtanh with 2 n_l hyperplanes per layer.
 *
 * For a plane slice the input dimension that matters is 2 (1 for a one-input network).
 */
import { stateCount } from './activations.ts';
import type { Network } from './model.ts';

/** Binomial coefficient C(n, k) as a double (exact below 2^53; Infinity on overflow; 0 for k outside [0, n]). */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  k = Math.min(k, n - k);
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/** Zaslavsky's count sum_{j=0}^{d} C(n, j): regions of n hyperplanes in general position in R^d. */
export function zaslavsky(n: number, d: number): number {
  let s = 0;
  for (let j = 0; j <= Math.min(d, n); j++) s += binomial(n, j);
  return s;
}

/**
 * Serra et al. (2018) upper bound for a ReLU network with input dimension n0 and hidden widths. `caps[l]`, if
 * given, caps the dimension after layer l (a linear bottleneck that follows it).
 */
export function serraBound(n0: number, widths: readonly number[], caps: readonly number[] = []): number {
  // Dynamic programme over the running minimum d = min(n0, n1 - j1, ..., n_{l-1} - j_{l-1}).
  let ways = new Map<number, number>([[n0, 1]]);
  for (let l = 0; l < widths.length; l++) {
    const n = widths[l]!;
    const cap = caps[l] ?? Number.POSITIVE_INFINITY;
    const next = new Map<number, number>();
    for (const [d, w] of ways) {
      for (let j = 0; j <= Math.min(d, n); j++) {
        const d2 = Math.min(d, n - j, cap);
        next.set(d2, (next.get(d2) ?? 0) + w * binomial(n, j));
      }
    }
    ways = next;
  }
  let total = 0;
  for (const w of ways.values()) total += w;
  return total;
}

/**
 * Montufar (2017) upper bound: prod_l sum_{j<=d_l} C(h_l, j), d_l = min(n0, n1..n_l), where h_l is the number
 * of hyperplanes of layer l (its width, or twice it for hardtanh) and n_l its width. `caps` as in serraBound.
 */
export function montufarBound(
  n0: number,
  widths: readonly number[],
  hyperplanes: readonly number[] = widths,
  caps: readonly number[] = [],
): number {
  let d = n0;
  let prod = 1;
  for (let l = 0; l < widths.length; l++) {
    d = Math.min(d, widths[l]!);
    prod *= zaslavsky(hyperplanes[l]!, d);
    d = Math.min(d, caps[l] ?? Number.POSITIVE_INFINITY);
  }
  return prod;
}

/** The bounds that apply to a network on a 2-D plane slice (or on a line for one-input networks). */
export interface RegionBounds {
  /** Dimension of the slice (2, or 1 for one-input networks without a plane). */
  dimension: number;
  /** Zaslavsky's count when exactly one layer is non-linear and ReLU-like (exact maximum), else null. */
  zaslavsky: number | null;
  /** Serra et al.'s bound when every non-linear layer is ReLU, else null. */
  serra: number | null;
  /** Montufar's bound (any activation), counting hardtanh neurons twice. */
  montufar: number;
}

/**
 * Bounds for `net` on a slice of dimension `dimension` (default: 2, or 1 for one-input networks). A linear
 * layer caps the dimension of what follows it (its width); `upToLayer` restricts to the first layers
 * (partition after layer k).
 */
export function regionBounds(net: Network, dimension?: number, upToLayer = net.layers.length): RegionBounds {
  const dim = dimension ?? Math.min(2, net.inputDim);
  const widths: number[] = [];
  const planes: number[] = [];
  const caps: number[] = [];
  let allRelu = true;
  let allTwoState = true;
  let n0 = dim;
  for (const L of net.layers.slice(0, upToLayer)) {
    const states = stateCount(L.activation);
    if (states === 1) {
      // A linear layer before any non-linear one caps the input dimension, else the previous layer's output.
      if (widths.length === 0) n0 = Math.min(n0, L.outDim);
      else caps[widths.length - 1] = Math.min(caps[widths.length - 1] ?? Number.POSITIVE_INFINITY, L.outDim);
      continue;
    }
    widths.push(L.outDim);
    planes.push(L.outDim * (states - 1));
    if (L.activation !== 'relu') allRelu = false;
    if (states !== 2) allTwoState = false;
  }
  return {
    dimension: dim,
    zaslavsky: widths.length === 1 && allTwoState ? zaslavsky(widths[0]!, n0) : null,
    serra: allRelu ? serraBound(n0, widths, caps) : null,
    montufar: montufarBound(n0, widths, planes, caps),
  };
}

/** Summary statistics of region areas (all zero for an empty list). */
export interface AreaStats {
  count: number;
  min: number;
  max: number;
  mean: number;
  median: number;
  /** 5th and 95th percentiles. */
  p05: number;
  p95: number;
  /** Standard deviation. */
  std: number;
}

/** Statistics of a list of areas (does not modify the input). */
export function areaStats(areas: ArrayLike<number>): AreaStats {
  const n = areas.length;
  if (n === 0) return { count: 0, min: 0, max: 0, mean: 0, median: 0, p05: 0, p95: 0, std: 0 };
  // A typed copy sorts numerically without a comparator.
  const sorted = Float64Array.from(areas).sort();
  const q = (p: number) => sorted[Math.min(n - 1, Math.max(0, Math.round(p * (n - 1))))]!;
  let sum = 0;
  for (const a of sorted) sum += a;
  const mean = sum / n;
  let v = 0;
  for (const a of sorted) v += (a - mean) * (a - mean);
  return {
    count: n,
    min: sorted[0]!,
    max: sorted[n - 1]!,
    mean,
    median: q(0.5),
    p05: q(0.05),
    p95: q(0.95),
    std: Math.sqrt(v / n),
  };
}
