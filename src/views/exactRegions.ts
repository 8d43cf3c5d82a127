/**
 * The exact regions of the current view, with their affine maps, for the views that need more than the
 * count worker returns (surface, contours, analysis, verification). Computed on the calling thread with a
 * region cap and a time budget, and memoised on (network, view, layer count): several views share one
 * enumeration.
 */
import { defaultPlane } from '../app/network.ts';
import type { Network } from '../engine/model.ts';
import type { Plane } from '../engine/plane.ts';
import { type Enumeration, enumerateRegions } from '../engine/regions.ts';

/** The part of the app state that determines the regions of the view. */
export interface RegionsQuery {
  /** The network. */
  net: Network;
  /** The window and plane of the view. */
  view: { x0: number; x1: number; y0: number; y1: number; plane: Plane | null };
}

/** The outcome of {@link ExactRegions.get}. */
export type RegionsResult =
  | { ok: true; enumeration: Enumeration }
  | { ok: false; reason: string; partialCount: number };

/** Regions enumerated at most by the views (beyond: "zoom in"). */
export const VIEW_REGION_CAP = 20_000;
/** Milliseconds an enumeration may take on the main thread before it gives up. */
export const VIEW_TIME_BUDGET_MS = 1500;

/** A one-entry memo of the view's exact regions. */
export class ExactRegions {
  private key = '';
  private net: Network | null = null;
  private result: RegionsResult | null = null;

  /** Create with a region cap and a time budget in milliseconds. */
  constructor(
    private readonly cap = VIEW_REGION_CAP,
    private readonly budgetMs = VIEW_TIME_BUDGET_MS,
  ) {}

  /**
   * The complete enumeration of the view, or why there is none (a bad window, the cap, the time budget).
   * A repeated query for the same network object and view returns the memoised result.
   */
  get(q: RegionsQuery): RegionsResult {
    const v = q.view;
    const key = JSON.stringify([v.x0, v.x1, v.y0, v.y1, v.plane]);
    if (this.result && this.net === q.net && this.key === key) return this.result;
    const start = performance.now();
    let timedOut = false;
    const plane = v.plane ?? defaultPlane(q.net.inputDim);
    const e = enumerateRegions(
      q.net,
      { x0: v.x0, x1: v.x1, y0: v.y0, y1: v.y1, ...(plane ? { plane } : {}) },
      {
        maxRegions: this.cap,
        shouldStop: () => {
          timedOut = performance.now() - start > this.budgetMs;
          return timedOut;
        },
      },
    );
    let r: RegionsResult;
    if (typeof e === 'string') r = { ok: false, reason: e, partialCount: 0 };
    else if (!e.complete)
      r = {
        ok: false,
        reason: timedOut
          ? `the exact regions took longer than ${this.budgetMs / 1000} s (at least ${e.count}): zoom in`
          : `more than ${this.cap} regions in view: zoom in`,
        partialCount: e.count,
      };
    else r = { ok: true, enumeration: e };
    this.key = key;
    this.net = q.net;
    this.result = r;
    return r;
  }
}
