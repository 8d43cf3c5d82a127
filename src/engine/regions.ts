/**
 * Exact enumeration of the linear regions of a network on a 2-D window of the (s, t) plane.
 * (Implementation in progress: the API below is the contract.)
 */
import type { Network } from './model.ts';
import type { Window } from './plane.ts';

/** One linear region: a convex polygon on which every neuron keeps one state and f is affine. */
export interface Region {
  /** Vertices [s0, t0, s1, t1, ...] counter-clockwise, in plane coordinates (may include collinear vertices). */
  polygon: Float64Array;
  /** One state per neuron of every layer (the same numbering as forward.ts). */
  pattern: Uint8Array;
  /** The affine map in plane coordinates: f_k(s, t) = jacobian[2k] s + jacobian[2k+1] t + offset[k]. */
  jacobian: Float64Array;
  /** Offsets of the affine map, one per output. */
  offset: Float64Array;
  /** Area in (s, t) units. */
  area: number;
  /** Centroid (s, t). */
  centroid: [number, number];
}

/** Options of {@link enumerateRegions}. */
export interface EnumerateOptions {
  /** Stop once this many regions exist; the result then has complete = false. */
  maxRegions?: number;
  /** Only the first `layers` layers define regions (partition after layer k). Default: all. */
  layers?: number;
}

/** The result of {@link enumerateRegions}. */
export interface Enumeration {
  /** Every region of the window. */
  regions: Region[];
  /** Number of distinct vertices of the subdivision (window corners included). */
  vertices: number;
  /** Number of distinct edges of the subdivision (window boundary pieces included). */
  edges: number;
  /** Sum of region areas (equals the window's area when complete). */
  area: number;
  /** False when maxRegions stopped the enumeration early. */
  complete: boolean;
}

/** Enumerate the regions of `net` on `window` (see plane.ts). Returns an error message for a bad window/plane. */
export function enumerateRegions(
  _net: Network,
  _window: Window,
  _opts: EnumerateOptions = {},
): Enumeration | string {
  throw new Error('not implemented yet');
}
