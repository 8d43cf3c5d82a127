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
  /** Milliseconds after which the enumeration gives up. */
  budgetMs: number;
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
      /** What went wrong (a bad window or plane, an exception). */
      error: string;
    };
