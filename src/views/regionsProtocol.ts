/**
 * Messages between views/exactRegions.ts and workers/views.worker.ts, and the enumerations the worker runs
 * (which the views run themselves where there are no workers).
 */
import type { ModelJson, Network } from '../engine/model.ts';
import type { Window } from '../engine/plane.ts';
import { type Enumeration, enumerateRegions } from '../engine/regions.ts';

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

/**
 * The regions of `net` on `window` (all layers, with affine maps), at most `maxRegions`, given up after
 * `budgetMs` milliseconds; `timedOut` is true when the budget stopped it. A string: why it could not start.
 */
export function enumerateWithBudget(
  net: Network,
  window: Window,
  maxRegions: number,
  budgetMs: number,
): { enumeration: Enumeration | string; timedOut: boolean } {
  const start = performance.now();
  let timedOut = false;
  const enumeration = enumerateRegions(net, window, {
    maxRegions,
    shouldStop: () => {
      timedOut = performance.now() - start > budgetMs;
      return timedOut;
    },
  });
  return { enumeration, timedOut };
}

/**
 * The region count of the partition of `window` after the first k layers of `net`, for each k in `depths`:
 * at most `maxRegions` each, each given up after `budgetMs` milliseconds (incomplete, count 0 on an error).
 */
export function countDepths(
  net: Network,
  window: Window,
  depths: number[],
  maxRegions: number,
  budgetMs: number,
): DepthCount[] {
  return depths.map((layer) => {
    const start = performance.now();
    const r = enumerateRegions(net, window, {
      layers: layer,
      maxRegions,
      shouldStop: () => performance.now() - start > budgetMs,
    });
    return typeof r === 'string'
      ? { layer, count: 0, complete: false }
      : { layer, count: r.count, complete: r.complete };
  });
}
