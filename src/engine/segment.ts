/**
 * Exact pieces and breakpoints of a network restricted to a segment of the (s, t) plane.
 * (Implementation in progress: the API below is the contract.)
 */
import type { Network } from './model.ts';
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

/** The pieces of f along the segment, in order, covering [0, 1]; adjacent pieces have different patterns. */
export function segmentPieces(
  _net: Network,
  _map: PlaneMap,
  _from: readonly [number, number],
  _to: readonly [number, number],
): SegmentPiece[] {
  throw new Error('not implemented yet');
}

/** The breakpoints in (0, 1), sorted: each u where the activation pattern differs on its two sides. */
export function breakpoints(
  net: Network,
  map: PlaneMap,
  from: readonly [number, number],
  to: readonly [number, number],
): number[] {
  const pieces = segmentPieces(net, map, from, to);
  return pieces.slice(1).map((p) => p.u0);
}
