/** Messages between app/exact.ts and workers/regions.worker.ts. */
import type { ModelJson } from '../engine/model.ts';
import type { Window } from '../engine/plane.ts';

/** A request: enumerate the regions of `model` on `window`. */
export interface ExactRequest {
  /** Request id, echoed in the response. */
  id: number;
  /** The model. */
  model: ModelJson;
  /** The window (with its plane). */
  window: Window;
  /** Layers that define regions (all: the network's depth). */
  layers: number;
  /** Cap on the number of regions (the count is then "at least N"). */
  maxRegions: number;
  /** Polygons are returned only when there are at most this many regions. */
  maxPolygons: number;
}

/** A response: the count, or an error. */
export type ExactResponse =
  | {
      /** Request id. */
      id: number;
      /** Number of regions (a lower bound when complete is false). */
      count: number;
      /** False when the cap stopped the enumeration. */
      complete: boolean;
      /** Region polygons [s0, t0, ...] (empty when there were more than maxPolygons). */
      polygons: Float64Array[];
      /** Pattern hash words [lo, hi] per polygon. */
      hashes: Uint32Array;
      /** Area per polygon. */
      areas: Float64Array;
    }
  | {
      /** Request id. */
      id: number;
      /** What went wrong. */
      error: string;
    };
