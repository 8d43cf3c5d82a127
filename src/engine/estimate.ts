/**
 * A sampled estimate of the number of linear regions of a view, for views whose exact enumeration is past
 * its budget. The estimator: draw n points X_i uniformly in the window W (area |W|), find the area a(X_i)
 * of the region containing each (the window clipped by the half-planes of its activation pattern, in
 * float64), and take N^ = (|W| / n) sum 1 / a(X_i). It is unbiased, because E[|W| / a(X)] =
 * sum over regions R of (a(R) / |W|) (|W| / a(R)) = the number of regions; its variance is
 * (|W| sum_R 1 / a(R) - N^2) / n, finite for a finite partition, so by the central limit theorem
 * N^ +- 1.96 s / sqrt(n) (s the sample standard deviation of |W| / a(X_i)) is an asymptotic 95% interval.
 * Regions too small to be hit widen the variance rather than bias the mean; the interval's lower end is
 * raised to the number of distinct patterns seen, which are certainly distinct regions (a pattern's region
 * is convex). Tests check the interval against exact counts.
 */
import { pieceOf, stateOf, thresholds } from './activations.ts';
import { createWorkspace, forwardInto, hashKey, patternHashInto } from './forward.ts';
import type { Network } from './model.ts';
import { planeMap, pointAt, type Window, windowError } from './plane.ts';
import { Rng } from './rng.ts';

/** A sampled estimate of a view's region count. */
export interface RegionEstimate {
  /** The estimate N^ (unbiased). */
  estimate: number;
  /** The ends of the asymptotic 95% interval (low at least `distinct`). */
  low: number;
  high: number;
  /** Points sampled. */
  samples: number;
  /** Distinct activation patterns among them: a certain lower bound of the count. */
  distinct: number;
}

/** Area of a convex polygon [x0, y0, x1, y1, ...] (shoelace, absolute). */
function area(p: number[]): number {
  let a = 0;
  for (let i = 0, n = p.length / 2; i < n; i++) {
    const j = (i + 1) % n;
    a += p[2 * i]! * p[2 * j + 1]! - p[2 * j]! * p[2 * i + 1]!;
  }
  return Math.abs(a) / 2;
}

/** Clip convex `p` to { (s, t): a s + b t + c >= 0 }. */
function clip(p: number[], a: number, b: number, c: number): number[] {
  const out: number[] = [];
  const n = p.length / 2;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    const si = p[2 * i]!;
    const ti = p[2 * i + 1]!;
    const sj = p[2 * j]!;
    const tj = p[2 * j + 1]!;
    const fi = a * si + b * ti + c;
    const fj = a * sj + b * tj + c;
    if (fi >= 0) out.push(si, ti);
    if (fi >= 0 !== fj >= 0) {
      const r = fi / (fi - fj);
      out.push(si + r * (sj - si), ti + r * (tj - ti));
    }
  }
  return out;
}

/**
 * The area of the region of the partition after the first `layers` layers that contains plane point
 * (s, t), within `window` (its pattern's half-planes, clipped in float64). 0 on a boundary.
 */
export function regionAreaAt(
  net: Network,
  window: Window,
  s: number,
  t: number,
  layers = net.layers.length,
): number {
  const map = planeMap(net.inputDim, window.plane);
  if (typeof map === 'string') return 0;
  const { x0, x1, y0, y1 } = window;
  let poly = [x0, y0, x1, y0, x1, y1, x0, y1];
  // The current activations as affine maps of (s, t): coefficient rows [ds, dt, c].
  let cur: Float64Array = new Float64Array(3 * net.inputDim);
  for (let i = 0; i < net.inputDim; i++) {
    cur[3 * i] = map.ds[i]!;
    cur[3 * i + 1] = map.dt[i]!;
    cur[3 * i + 2] = map.origin[i]!;
  }
  const piece = new Float64Array(2);
  for (let l = 0; l < Math.min(layers, net.layers.length) && poly.length >= 6; l++) {
    const L = net.layers[l]!;
    const next = new Float64Array(3 * L.outDim);
    for (let j = 0; j < L.outDim; j++) {
      let a = 0;
      let b = 0;
      let c = L.bias[j]!;
      for (let i = 0; i < L.inDim; i++) {
        const w = L.weights[j * L.inDim + i]!;
        a += w * cur[3 * i]!;
        b += w * cur[3 * i + 1]!;
        c += w * cur[3 * i + 2]!;
      }
      const z = a * s + b * t + c;
      const state = stateOf(L.activation, z);
      const th = thresholds(L.activation);
      // The state's interval of z: above th[state - 1], below th[state].
      if (state > 0) poly = clip(poly, a, b, c - th[state - 1]!);
      if (state < th.length) poly = clip(poly, -a, -b, th[state]! - c);
      pieceOf(L.activation, state, L.alpha[j]!, piece);
      next[3 * j] = piece[0]! * a;
      next[3 * j + 1] = piece[0]! * b;
      next[3 * j + 2] = piece[0]! * c + piece[1]!;
    }
    cur = next;
  }
  return poly.length >= 6 ? area(poly) : 0;
}

/**
 * Estimate the number of regions of `net` (after `layers` layers) in `window` from `samples` seeded
 * uniform points (see the file comment). Returns a message for a bad window or too few samples.
 */
export function estimateRegionCount(
  net: Network,
  window: Window,
  samples: number,
  seed = 1,
  layers = net.layers.length,
): RegionEstimate | string {
  const werr = windowError(window);
  if (werr) return werr;
  if (!Number.isInteger(samples) || samples < 2)
    return `samples is ${samples}, expected an integer of at least 2`;
  const map = planeMap(net.inputDim, window.plane);
  if (typeof map === 'string') return map;
  const rng = new Rng(seed);
  const W = (window.x1 - window.x0) * (window.y1 - window.y0);
  const ws = createWorkspace(net);
  const x = new Float64Array(net.inputDim);
  const words = new Uint32Array(2);
  const seen = new Set<bigint>();
  let neurons = 0;
  for (let l = 0; l < Math.min(layers, net.layers.length); l++) neurons += net.layers[l]!.outDim;
  let sum = 0;
  let sum2 = 0;
  let n = 0;
  while (n < samples) {
    const s = window.x0 + rng.next() * (window.x1 - window.x0);
    const t = window.y0 + rng.next() * (window.y1 - window.y0);
    const a = regionAreaAt(net, window, s, t, layers);
    // A point on a boundary (area 0, probability 0 but possible in float64) is drawn again.
    if (!(a > 0)) continue;
    forwardInto(net, pointAt(map, s, t, x), ws);
    patternHashInto(ws.pattern, words, 0, neurons);
    seen.add(hashKey(words[0]!, words[1]!));
    const v = W / a;
    sum += v;
    sum2 += v * v;
    n++;
  }
  const mean = sum / n;
  const sd = Math.sqrt(Math.max(0, (sum2 - n * mean * mean) / (n - 1)));
  const half = (1.96 * sd) / Math.sqrt(n);
  return {
    estimate: mean,
    low: Math.max(seen.size, mean - half),
    high: Math.max(seen.size, mean + half),
    samples: n,
    distinct: seen.size,
  };
}
