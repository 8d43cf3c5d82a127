/**
 * The exact regions of the current view, with their affine maps, for the views that need more than the
 * count worker returns (surface, contours, analysis, verification). Enumerated in a worker
 * (workers/views.worker.ts; synchronously where there are no workers) with a region cap and a time budget,
 * and memoised on (network, view): several views share one enumeration. A newer query cancels an older one.
 */
import { viewWindow } from '../app/network.ts';
import { type Network, toModelJson } from '../engine/model.ts';
import type { Plane, Window } from '../engine/plane.ts';
import type { Enumeration } from '../engine/regions.ts';
import { enumerateWithBudget, type ViewRegionsRequest, type ViewRegionsResponse } from './regionsProtocol.ts';

/** The part of the app state that determines the regions of the view. */
export interface RegionsQuery {
  /** The network. */
  net: Network;
  /** The window and plane of the view. */
  view: { x0: number; x1: number; y0: number; y1: number; plane: Plane | null };
}

/** The outcome of an enumeration: the regions, or why there are none. */
export type RegionsResult =
  | { ok: true; enumeration: Enumeration }
  | { ok: false; reason: string; partialCount: number };

/** Regions enumerated at most by the views (beyond: "zoom in"). */
export const VIEW_REGION_CAP = 20_000;
/** Milliseconds an enumeration may take before it gives up. */
export const VIEW_TIME_BUDGET_MS = 8000;

/** A one-entry memo of the view's exact regions, computed in a worker. */
export class ExactRegions {
  /** Called with each completed result (after the memo is updated). */
  readonly listeners: ((r: RegionsResult) => void)[] = [];
  private key = '';
  private net: Network | null = null;
  private result: RegionsResult | null = null;
  private pendingKey = '';
  private pendingNet: Network | null = null;
  private worker: Worker | null = null;
  private id = 0;
  private waiters: { key: string; net: Network; resolve: (r: RegionsResult) => void }[] = [];
  private modelCache: { net: Network; json: ReturnType<typeof toModelJson> } | null = null;

  /** Create with a region cap and a time budget in milliseconds. */
  constructor(
    private readonly cap = VIEW_REGION_CAP,
    private readonly budgetMs = VIEW_TIME_BUDGET_MS,
  ) {}

  /**
   * The result for `q` when it is known; otherwise null, and the computation starts (cancelling any
   * other); the listeners hear when it ends. Without workers, the result is computed here and returned.
   */
  get(q: RegionsQuery): RegionsResult | null {
    const key = keyOf(q);
    if (this.result && this.net === q.net && this.key === key) return this.result;
    if (this.pendingNet === q.net && this.pendingKey === key) return null;
    const window = viewWindow(q.net, q.view);
    if (typeof Worker === 'undefined') {
      this.finish(q.net, key, this.compute(q.net, window));
      return this.result;
    }
    if (this.worker && this.pendingNet) {
      this.worker.terminate();
      this.worker = null;
      // Whoever waited for the cancelled view hears that it was superseded (nobody waits forever).
      const superseded = this.waiters;
      this.waiters = [];
      for (const w of superseded)
        w.resolve({ ok: false, reason: 'superseded by a newer view', partialCount: 0 });
    }
    if (!this.worker) {
      this.worker = new Worker(new URL('../workers/views.worker.ts', import.meta.url), { type: 'module' });
      this.worker.onmessage = (e: MessageEvent<ViewRegionsResponse>) => this.receive(e.data);
      // A worker that dies (out of memory, a failed load) ends the computation with its message.
      this.worker.onerror = (e: ErrorEvent) => {
        e.preventDefault();
        this.worker = null;
        if (this.pendingNet) {
          this.finish(this.pendingNet, this.pendingKey, {
            ok: false,
            reason: `the regions worker failed: ${e.message || 'unknown error'}`,
            partialCount: 0,
          });
        }
      };
    }
    if (this.modelCache?.net !== q.net) this.modelCache = { net: q.net, json: toModelJson(q.net) };
    this.pendingKey = key;
    this.pendingNet = q.net;
    const msg: ViewRegionsRequest = {
      id: ++this.id,
      model: this.modelCache.json,
      window,
      maxRegions: this.cap,
      budgetMs: this.budgetMs,
    };
    this.worker.postMessage(msg);
    return null;
  }

  /** Resolves with the result for `q`, computing it if needed. */
  ready(q: RegionsQuery): Promise<RegionsResult> {
    const r = this.get(q);
    if (r) return Promise.resolve(r);
    return new Promise((resolve) => this.waiters.push({ key: keyOf(q), net: q.net, resolve }));
  }

  private compute(net: Network, window: Window): RegionsResult {
    const { enumeration: e, timedOut } = enumerateWithBudget(net, window, this.cap, this.budgetMs);
    return typeof e === 'string' ? { ok: false, reason: e, partialCount: 0 } : this.outcome(e, timedOut);
  }

  private outcome(e: Enumeration, timedOut: boolean): RegionsResult {
    if (e.complete) return { ok: true, enumeration: e };
    return {
      ok: false,
      reason: timedOut
        ? `the exact regions took longer than ${this.budgetMs / 1000} s (at least ${e.count}): zoom in`
        : `more than ${this.cap} regions in view: zoom in`,
      partialCount: e.count,
    };
  }

  private receive(m: ViewRegionsResponse): void {
    if (m.id !== this.id || !this.pendingNet || 'depths' in m) return;
    const r: RegionsResult =
      'error' in m
        ? { ok: false, reason: m.error, partialCount: 0 }
        : this.outcome(m.enumeration, m.timedOut);
    this.finish(this.pendingNet, this.pendingKey, r);
  }

  private finish(net: Network, key: string, r: RegionsResult): void {
    this.pendingNet = null;
    this.pendingKey = '';
    this.net = net;
    this.key = key;
    this.result = r;
    for (const f of this.listeners) f(r);
    const done = this.waiters.filter((w) => w.net === net && w.key === key);
    this.waiters = this.waiters.filter((w) => !(w.net === net && w.key === key));
    for (const w of done) w.resolve(r);
  }
}

/** The memo key of `q`'s view (its rectangle and plane; the network is compared by identity). */
export function keyOf(q: RegionsQuery): string {
  const v = q.view;
  return JSON.stringify([v.x0, v.x1, v.y0, v.y1, v.plane]);
}
