/**
 * Exact pieces and breakpoints of a network restricted to a segment of the (s, t) plane.
 *
 * The same method as regions.ts in one dimension: the segment x(u) = P(from) + u (P(to) - P(from)),
 * u in [0, 1], starts as one interval; each layer cuts every interval at the zero crossings of its neurons
 * (strict sign change between the interval's ends, with the relative tolerance of regions.ts), and the
 * pieces' affine maps are composed exactly in float64.
 */
import { pieceOf, thresholds } from './activations.ts';
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

interface Interval {
  u0: number;
  u1: number;
  /** Error bounds of the ends u0 and u1 (how far each computed end may lie from the exact crossing). */
  r0: number;
  r1: number;
  pattern: Uint8Array;
  /** [slope, intercept] per neuron of the current layer (after the last layer: per output). */
  h: Float64Array;
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
  const n0 = net.inputDim;
  const h = new Float64Array(2 * n0);
  for (let i = 0; i < n0; i++) {
    const a = map.origin[i]! + from[0] * map.ds[i]! + from[1] * map.dt[i]!;
    const b = map.origin[i]! + to[0] * map.ds[i]! + to[1] * map.dt[i]!;
    h[2 * i] = b - a;
    h[2 * i + 1] = a;
  }
  // Magnitudes of the terms of every pre-activation along the segment: the scale of its rounding error.
  const magnitudes = preactivationBounds(
    net,
    Array.from({ length: n0 }, (_, i) => Math.abs(h[2 * i]!) + Math.abs(h[2 * i + 1]!)),
  );
  let intervals: Interval[] = [{ u0: 0, u1: 1, r0: 0, r1: 0, pattern: new Uint8Array(neuronCount(net)), h }];
  const piece = new Float64Array(2);
  let off = 0;
  const nLayers = Math.min(layers, net.layers.length);
  for (let l = 0; l < nLayers; l++) {
    const { inDim, outDim, weights, bias, activation, alpha } = net.layers[l]!;
    const ths = thresholds(activation);
    const mag = magnitudes[l]!;
    const next: Interval[] = [];
    for (const iv of intervals) {
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
      let parts: Interval[] = [iv];
      for (let j = 0; j < outDim; j++) {
        const a = z[2 * j]!;
        const c = z[2 * j + 1]!;
        for (let ti = 0; ti < ths.length; ti++) {
          const th = ths[ti]!;
          const closedAbove = ths.length === 2 && ti === 0;
          const tol = TOLERANCE * (mag[j]! + Math.abs(a) + Math.abs(c) + Math.abs(th));
          const cut: Interval[] = [];
          for (const p of parts) {
            const za = a * p.u0 + c - th;
            const zb = a * p.u1 + c - th;
            // An end counts as on the threshold within the line's uncertainty plus the end's own.
            const ba = tol + Math.abs(a) * p.r0;
            const bb = tol + Math.abs(a) * p.r1;
            const sa = za > ba ? 1 : za < -ba ? -1 : 0;
            const sb = zb > bb ? 1 : zb < -bb ? -1 : 0;
            if (sa * sb < 0) {
              const um = p.u0 + ((p.u1 - p.u0) * za) / (za - zb);
              const rm =
                Math.max(p.r0, p.r1) + Math.min(p.u1 - p.u0, (tol * (p.u1 - p.u0)) / Math.abs(za - zb));
              const left: Interval = { u0: p.u0, u1: um, r0: p.r0, r1: rm, pattern: p.pattern, h: p.h };
              const right: Interval = {
                u0: um,
                u1: p.u1,
                r0: rm,
                r1: p.r1,
                pattern: p.pattern.slice(),
                h: p.h,
              };
              (sa > 0 ? left : right).pattern[off + j]! += 1;
              cut.push(left, right);
            } else {
              const above = closedAbove ? sa >= 0 && sb >= 0 : sa > 0 || sb > 0;
              if (above) p.pattern[off + j]! += 1;
              cut.push(p);
            }
          }
          parts = cut;
        }
      }
      for (const p of parts) {
        const hn = new Float64Array(2 * outDim);
        for (let j = 0; j < outDim; j++) {
          pieceOf(activation, p.pattern[off + j]!, alpha[j]!, piece);
          hn[2 * j] = piece[0]! * z[2 * j]!;
          hn[2 * j + 1] = piece[0]! * z[2 * j + 1]! + piece[1]!;
        }
        next.push({ u0: p.u0, u1: p.u1, r0: p.r0, r1: p.r1, pattern: p.pattern, h: hn });
      }
    }
    intervals = next;
    off += outDim;
  }
  // Merge neighbours with equal patterns (a cut can only separate different states, but be safe at shared ends).
  const merged: Interval[] = [];
  for (const iv of intervals) {
    const last = merged[merged.length - 1];
    if (last && samePattern(last.pattern, iv.pattern)) last.u1 = iv.u1;
    else merged.push({ ...iv });
  }
  const nOut = nLayers === net.layers.length ? outputDim(net) : (net.layers[nLayers - 1]?.outDim ?? n0);
  return merged.map((iv) => {
    const slope = new Float64Array(nOut);
    const intercept = new Float64Array(nOut);
    for (let k = 0; k < nOut; k++) {
      slope[k] = iv.h[2 * k]!;
      intercept[k] = iv.h[2 * k + 1]!;
    }
    return { u0: iv.u0, u1: iv.u1, pattern: iv.pattern, slope, intercept };
  });
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
