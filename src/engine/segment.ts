/**
 * Exact pieces and breakpoints of a network restricted to a segment of the (s, t) plane.
 *
 * The same method as regions.ts in one dimension: the segment x(u) = P(from) + u (P(to) - P(from)),
 * u in [0, 1], starts as one interval; each layer cuts every interval at the zero crossings of its neurons
 * (strict sign change between the interval's ends), and the pieces' affine maps are composed in float64.
 * Every sign and every order of two crossings is decided by a float64 filter (the relative tolerance of
 * regions.ts plus the error bounds of the interval's ends); where the filter cannot certify it, the decision
 * is exact (exact-segment.ts: integer arithmetic on the exact forms), so the pieces and their patterns are
 * exact for any finite weights and any segment; their ends are the exact breakpoints rounded to float64.
 */
import { pieceOf, thresholds } from './activations.ts';
import { type CrossingRef, ExactSegment, type SegmentEnd } from './exact-segment.ts';
import { preactivationBounds } from './magnitude.ts';
import { type Network, neuronCount, outputDim } from './model.ts';
import type { PlaneMap } from './plane.ts';

/** One linear piece of f along the segment x(u) = from + u (to - from), u in [u0, u1]. */
export interface SegmentPiece {
  /** Start parameter in [0, 1]. */
  u0: number;
  /** End parameter in [0, 1], > u0. */
  u1: number;
  /** One state per neuron of every layer. */
  pattern: Uint8Array;
  /** df_k/du per output on this piece. */
  slope: Float64Array;
  /** f_k(u) = slope[k] u + intercept[k] on this piece. */
  intercept: Float64Array;
}

/** Relative tolerance of the sign test (as in regions.ts). */
const TOLERANCE = 4096 * Number.EPSILON;

/** The largest error bound of a reported breakpoint: a crossing less certain than this is computed exactly. */
const REFINE = 1e-4;

interface Interval {
  u0: number;
  u1: number;
  /** Error bounds of the ends u0 and u1 (how far each computed end may lie from the exact crossing). */
  r0: number;
  r1: number;
  /** The ends exactly (0, 1, or the crossing that made them). */
  e0: SegmentEnd;
  e1: SegmentEnd;
  pattern: Uint8Array;
  /** [slope, intercept] per neuron of the current layer (after the last layer: per output). */
  h: Float64Array;
}

/** Thrown by {@link segmentPiecesLimited} when the segment's inputs overflow float64 (its message says so). */
export class SegmentOverflow extends RangeError {}

/** Options of {@link segmentPiecesLimited}. */
export interface SegmentOptions {
  /** Stop once more than this many pieces exist (from the start of the segment); default: no limit. */
  maxPieces?: number;
}

/** The pieces of a segment from its start, and how far they reach; see {@link segmentPiecesLimited}. */
export interface SegmentPieces {
  /** The pieces in order from u = 0 (at most maxPieces); when not complete, they cover [0, covered]. */
  pieces: SegmentPiece[];
  /** False when maxPieces stopped the enumeration. */
  complete: boolean;
  /** The parameter up to which the pieces are final (1 when complete). */
  covered: number;
}

/**
 * The pieces of f along the segment from plane point `from` to plane point `to`, in order, covering [0, 1];
 * adjacent pieces have different patterns. `layers` restricts the cuts to the first layers (then slope and
 * intercept describe that layer's outputs). A zero-length segment gives one piece.
 */
export function segmentPieces(
  net: Network,
  map: PlaneMap,
  from: readonly [number, number],
  to: readonly [number, number],
  layers = net.layers.length,
): SegmentPiece[] {
  return segmentPiecesLimited(net, map, from, to, layers).pieces;
}

/** One crossing of an interval by a neuron's threshold, for the sort-based cut; also its exact end. */
interface Crossing extends CrossingRef {
  u: number;
  r: number;
  /** +1 when the positive side is to the left (the state drops by one there), else -1. */
  step: number;
}

/**
 * Like {@link segmentPieces}, but the pieces are made from the start of the segment on, interval by
 * interval through all layers (depth first), so that `maxPieces` stops early with the pieces of [0, covered]
 * final. Each interval is cut by all its crossing neurons at once: the crossings are sorted (crossings closer
 * than their error bounds are one breakpoint), so a layer of n neurons costs n log n, not n^2.
 * Throws {@link SegmentOverflow} when the segment's ends map to inputs beyond the float64 range.
 */
export function segmentPiecesLimited(
  net: Network,
  map: PlaneMap,
  from: readonly [number, number],
  to: readonly [number, number],
  layers = net.layers.length,
  opts: SegmentOptions = {},
): SegmentPieces {
  const max = opts.maxPieces ?? Number.POSITIVE_INFINITY;
  const n0 = net.inputDim;
  const h = new Float64Array(2 * n0);
  const x0 = new Float64Array(n0);
  const x1 = new Float64Array(n0);
  for (let i = 0; i < n0; i++) {
    const a = map.origin[i]! + from[0] * map.ds[i]! + from[1] * map.dt[i]!;
    const b = map.origin[i]! + to[0] * map.ds[i]! + to[1] * map.dt[i]!;
    x0[i] = a;
    x1[i] = b;
    h[2 * i] = b - a;
    h[2 * i + 1] = a;
  }
  if (!h.every(Number.isFinite)) {
    throw new SegmentOverflow(
      'the segment maps to inputs (or input differences) that overflow float64 (values beyond 1.8e308)',
    );
  }
  // Exact decisions, prepared on the first one the float64 filter cannot take (most segments need none).
  let exactSegment: ExactSegment | null = null;
  const exact = (): ExactSegment => {
    exactSegment ??= new ExactSegment(net, x0, x1);
    return exactSegment;
  };
  // The order of two crossings: by their float64 estimates where those are farther apart than their error
  // bounds, else exactly (0 when they are the same point).
  const order = (p: Crossing, q: Crossing): number => {
    const d = p.u - q.u;
    return Math.abs(d) > p.r + q.r ? d : exact().compare(p, q);
  };
  // Magnitudes of the terms of every pre-activation along the segment: the scale of its rounding error.
  const magnitudes = preactivationBounds(
    net,
    Array.from({ length: n0 }, (_, i) => Math.abs(h[2 * i]!) + Math.abs(h[2 * i + 1]!)),
  );
  const nLayers = Math.min(layers, net.layers.length);
  const offsets: number[] = [];
  let o = 0;
  for (const L of net.layers) {
    offsets.push(o);
    o += L.outDim;
  }
  const out: Interval[] = [];
  const piece = new Float64Array(2);
  let stopped = false;
  const visit = (iv: Interval, l: number): void => {
    if (stopped) return;
    if (l === nLayers) {
      const last = out[out.length - 1];
      // Neighbours with equal patterns are one piece (a cut only separates different states).
      if (last && samePattern(last.pattern, iv.pattern)) last.u1 = iv.u1;
      else {
        if (out.length >= max) {
          stopped = true;
          return;
        }
        out.push({ ...iv });
      }
      return;
    }
    const { inDim, outDim, weights, bias, activation, alpha } = net.layers[l]!;
    const ths = thresholds(activation);
    const mag = magnitudes[l]!;
    const off = offsets[l]!;
    const z = new Float64Array(2 * outDim);
    for (let j = 0; j < outDim; j++) {
      let a = 0;
      let c = bias[j]!;
      for (let i = 0; i < inDim; i++) {
        const w = weights[j * inDim + i]!;
        a += w * iv.h[2 * i]!;
        c += w * iv.h[2 * i + 1]!;
      }
      z[2 * j] = a;
      z[2 * j + 1] = c;
    }
    // The pattern at the interval's left end, and the crossings in order.
    const left = iv.pattern.slice();
    const crossings: Crossing[] = [];
    for (let j = 0; j < outDim; j++) {
      const a = z[2 * j]!;
      const c = z[2 * j + 1]!;
      for (let ti = 0; ti < ths.length; ti++) {
        const th = ths[ti]!;
        const closedAbove = ths.length === 2 && ti === 0;
        const tol = TOLERANCE * (mag[j]! + Math.abs(a) + Math.abs(c) + Math.abs(th));
        const za = a * iv.u0 + c - th;
        const zb = a * iv.u1 + c - th;
        // An end counts as on the threshold within the line's uncertainty plus the end's own.
        const ba = tol + Math.abs(a) * iv.r0;
        const bb = tol + Math.abs(a) * iv.r1;
        // Signs the filter cannot certify (also NaN from overflowed estimates) are decided exactly.
        const sa = za > ba ? 1 : za < -ba ? -1 : exact().signAt(l, j, th, iv.pattern, iv.e0);
        const sb = zb > bb ? 1 : zb < -bb ? -1 : exact().signAt(l, j, th, iv.pattern, iv.e1);
        if (sa * sb < 0) {
          const len = iv.u1 - iv.u0;
          let u = iv.u0 + (len * za) / (za - zb);
          let r = Math.max(iv.r0, iv.r1) + Math.min(len, (tol * len) / Math.abs(za - zb));
          const c: Crossing = {
            u,
            r,
            layer: l,
            j,
            threshold: th,
            pattern: iv.pattern,
            step: sa > 0 ? 1 : -1,
          };
          if (!(u > iv.u0 && u < iv.u1) || !(r <= REFINE)) {
            // An estimate outside the interval the signs put it in, or too uncertain to report: take the
            // exact root, rounded (within a few ulps).
            u = Math.min(iv.u1, Math.max(iv.u0, exact().value(c)));
            r = 4 * Number.EPSILON;
            c.u = u;
            c.r = r;
          }
          if (sa > 0) left[off + j]! += 1;
          crossings.push(c);
        } else if (closedAbove ? sa >= 0 && sb >= 0 : sa > 0 || sb > 0) left[off + j]! += 1;
      }
    }
    crossings.sort(order);
    let pattern = left;
    let u0 = iv.u0;
    let r0 = iv.r0;
    let e0 = iv.e0;
    const emit = (u1: number, r1: number, e1: SegmentEnd, pat: Uint8Array) => {
      const hn = new Float64Array(2 * outDim);
      if (activation === 'relu') {
        // The common case without a call per neuron: on keeps z, off is zero.
        for (let j = 0; j < outDim; j++) {
          if (pat[off + j] !== 1) continue;
          hn[2 * j] = z[2 * j]!;
          hn[2 * j + 1] = z[2 * j + 1]!;
        }
      } else {
        for (let j = 0; j < outDim; j++) {
          pieceOf(activation, pat[off + j]!, alpha[j]!, piece);
          hn[2 * j] = piece[0]! * z[2 * j]!;
          hn[2 * j + 1] = piece[0]! * z[2 * j + 1]! + piece[1]!;
        }
      }
      visit({ u0, u1, r0, r1, e0, e1, pattern: pat, h: hn }, l + 1);
    };
    for (let k = 0; k < crossings.length && !stopped; ) {
      // Crossings at the same point (concurrent zero sets) are one breakpoint: equal when the filter
      // cannot separate them and the exact order says so.
      const first = crossings[k]!;
      let k1 = k;
      let r = first.r;
      while (k1 + 1 < crossings.length) {
        const next = crossings[k1 + 1]!;
        if (next.u - first.u > first.r + next.r || exact().compare(first, next) !== 0) break;
        k1++;
        r = Math.max(r, next.r);
      }
      // Every crossing lies strictly inside the interval and the groups are distinct points, so every
      // piece is non-empty; its float64 ends are the exact ones rounded (two may round to one float64).
      const u = Math.max(u0, Math.min(iv.u1, 0.5 * (first.u + crossings[k1]!.u)));
      emit(u, r, first, pattern);
      const nextPattern = pattern.slice();
      for (let m = k; m <= k1; m++) {
        const c = crossings[m]!;
        nextPattern[off + c.j]! -= c.step;
      }
      pattern = nextPattern;
      u0 = u;
      r0 = r;
      e0 = first;
      k = k1 + 1;
    }
    if (!stopped) emit(iv.u1, iv.r1, iv.e1, pattern);
  };
  visit({ u0: 0, u1: 1, r0: 0, r1: 0, e0: 0, e1: 1, pattern: new Uint8Array(neuronCount(net)), h }, 0);
  const nOut = nLayers === net.layers.length ? outputDim(net) : (net.layers[nLayers - 1]?.outDim ?? n0);
  const pieces = out.map((iv) => {
    const slope = new Float64Array(nOut);
    const intercept = new Float64Array(nOut);
    for (let k = 0; k < nOut; k++) {
      slope[k] = iv.h[2 * k]!;
      intercept[k] = iv.h[2 * k + 1]!;
    }
    return { u0: iv.u0, u1: iv.u1, pattern: iv.pattern, slope, intercept };
  });
  // When stopped, the walk had reached a piece with another pattern: the kept pieces are final.
  const covered = stopped ? (pieces[pieces.length - 1]?.u1 ?? 0) : 1;
  return { pieces, complete: !stopped, covered };
}

function samePattern(a: Uint8Array, b: Uint8Array): boolean {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** The breakpoints in (0, 1), sorted: each u where the activation pattern differs on its two sides. */
export function breakpoints(
  net: Network,
  map: PlaneMap,
  from: readonly [number, number],
  to: readonly [number, number],
): number[] {
  return segmentPieces(net, map, from, to)
    .slice(1)
    .map((p) => p.u0);
}
