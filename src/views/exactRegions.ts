/**
 * The exact regions of the current view, with their affine maps, for the views that need more than the
 * count (surface, contours, analysis, verification): a `regions` job of the regions service
 * (app/regionsService.ts, which shares it with any other asker of the same view and runs it on this thread
 * where there are no workers), with the region cap and a time budget. A one-entry memo on (network, view):
 * a newer query cancels an older one.
 */
import { viewWindow } from '../app/network.ts';
import type { RegionsAnswer } from '../app/regionsProtocol.ts';
import type { RegionsService } from '../app/regionsService.ts';
import { REGION_CAP, VIEW_TIME_BUDGET_MS } from '../engine/limits.ts';
import type { Network } from '../engine/model.ts';
import type { Plane } from '../engine/plane.ts';
import type { Enumeration } from '../engine/regions.ts';

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

/** A one-entry memo of the view's exact regions, asked of the regions service. */
export class ExactRegions {
  private readonly listeners = new Set<(r: RegionsResult) => void>();
  private key = '';
  private net: Network | null = null;
  private result: RegionsResult | null = null;
  private pendingKey = '';
  private pendingNet: Network | null = null;
  private abort: AbortController | null = null;
  private waiters: { key: string; net: Network; resolve: (r: RegionsResult) => void }[] = [];

  /** Ask `service`, with a region cap and a time budget in milliseconds. */
  constructor(
    private readonly service: RegionsService,
    private readonly cap = REGION_CAP,
    private readonly budgetMs = VIEW_TIME_BUDGET_MS,
  ) {}

  /** Call `fn` with each completed result (after the memo is updated); returns the unsubscribe. */
  onResult(fn: (r: RegionsResult) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * The result for `q` when it is known; otherwise null, and the computation starts (cancelling any
   * other); the listeners hear when it ends. Without workers, the result is computed here and returned.
   */
  get(q: RegionsQuery): RegionsResult | null {
    const key = keyOf(q);
    if (this.result && this.net === q.net && this.key === key) return this.result;
    if (this.pendingNet === q.net && this.pendingKey === key) return null;
    const window = viewWindow(q.net, q.view);
    const job = { kind: 'regions' as const, maxRegions: this.cap, budgetMs: this.budgetMs };
    let known: RegionsAnswer | null;
    try {
      known = this.service.now(q.net, window, job);
    } catch (e) {
      this.finish(q.net, key, {
        ok: false,
        reason: e instanceof Error ? e.message : String(e),
        partialCount: 0,
      });
      return this.result;
    }
    if (known) {
      this.finish(q.net, key, this.outcome(known));
      return this.result;
    }
    if (this.abort) {
      this.abort.abort();
      // Whoever waited for the cancelled view hears that it was superseded (nobody waits forever).
      const superseded = this.waiters;
      this.waiters = [];
      for (const w of superseded)
        w.resolve({ ok: false, reason: 'superseded by a newer view', partialCount: 0 });
    }
    const abort = new AbortController();
    this.abort = abort;
    this.pendingKey = key;
    this.pendingNet = q.net;
    const net = q.net;
    this.service.ask(net, window, job, { signal: abort.signal }).then(
      (a) => {
        if (this.abort === abort) this.finish(net, key, this.outcome(a));
      },
      (e: Error) => {
        if (this.abort === abort && e.name !== 'AbortError')
          this.finish(net, key, { ok: false, reason: e.message, partialCount: 0 });
      },
    );
    return null;
  }

  /** Resolves with the result for `q`, computing it if needed. */
  ready(q: RegionsQuery): Promise<RegionsResult> {
    const r = this.get(q);
    if (r) return Promise.resolve(r);
    return new Promise((resolve) => this.waiters.push({ key: keyOf(q), net: q.net, resolve }));
  }

  private outcome(a: RegionsAnswer): RegionsResult {
    const e = a.enumeration;
    if (e.complete) return { ok: true, enumeration: e };
    return {
      ok: false,
      reason: a.timedOut
        ? `the exact regions took longer than ${this.budgetMs / 1000} s (at least ${e.count}): zoom in`
        : `more than ${this.cap} regions in view: zoom in`,
      partialCount: e.count,
    };
  }

  private finish(net: Network, key: string, r: RegionsResult): void {
    this.abort = null;
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
