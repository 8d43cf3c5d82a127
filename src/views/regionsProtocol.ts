/** Messages between views/exactRegions.ts and workers/views.worker.ts. */
import type { ModelJson } from '../engine/model.ts';
import type { Window } from '../engine/plane.ts';
import type { Enumeration } from '../engine/regions.ts';

/** Enumerate the regions of `model` on `window` (all layers), with affine maps. */
export interface ViewRegionsRequest {
  /** Request id, echoed in the response. */
  id: number;
  /** The model. */
  model: ModelJson;
  /** The window (with its plane). */
  window: Window;
  /** Cap on the number of regions. */
  maxRegions: number;
  /** Milliseconds after which the enumeration gives up (per depth for a depth request). */
  budgetMs: number;
  /** When given: only count the regions after the first k layers, for each k here (no regions returned). */
  depths?: number[];
}

/** The count of the partition after the first `layer` layers. */
export interface DepthCount {
  /** Layers k. */
  layer: number;
  /** Regions (a lower bound when complete is false). */
  count: number;
  /** False when the cap or the time budget stopped the enumeration. */
  complete: boolean;
}

/** The response: the enumeration (regions with polygons, patterns and affine maps), or an error. */
export type ViewRegionsResponse =
  | {
      /** Request id. */
      id: number;
      /** The enumeration (regions empty when it was stopped early). */
      enumeration: Enumeration;
      /** True when the time budget stopped it. */
      timedOut: boolean;
    }
  | {
      /** Request id. */
      id: number;
      /** The counts of a depth request. */
      depths: DepthCount[];
    }
  | {
      /** Request id. */
      id: number;
      /** What went wrong (a bad window or plane, an exception). */
      error: string;
    };
