/**
 * The exact region count of the view, computed by the engine in a worker; a new request cancels the previous
 * one by terminating its worker.
 */
import { type Network, toModelJson } from '../engine/model.ts';
import type { AppState } from '../state/appState.ts';
import type { ExactRequest, ExactResponse } from './exactProtocol.ts';
import { viewWindow } from './network.ts';

/** The exact count of one view. */
export interface ExactResult {
  /** Number of regions; a lower bound when complete is false. */
  count: number;
  /** False when the cap stopped the enumeration ("at least count"). */
  complete: boolean;
  /** Set when the enumeration failed. */
  error?: string;
  /** True when counting is off (cap 0); `error` then says so. */
  off?: boolean;
}

/** Regions counted at most; beyond, the HUD shows "at least N". */
export const EXACT_CAP = 20_000;
/** Quiet time after the last view change before the worker starts (ms). */
export const EXACT_DEBOUNCE_MS = 150;

/** Polygons kept for the overlay and pinning at most. */
export const POLYGON_CAP = 5_000;

/** Runs enumerations in a worker, one at a time, the newest request winning. */
export class ExactCounter {
  private worker: Worker | null = null;
  /** A request has been posted to the worker and not answered. */
  private posted = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private id = 0;
  private latest: ExactResult | null = null;
  private waiters: ((r: ExactResult) => void)[] = [];
  private polys: Float64Array[] = [];
  private hashes: Uint32Array = new Uint32Array(0);
  private areas: Float64Array = new Float64Array(0);
  private modelCache: { net: Network; json: ReturnType<typeof toModelJson> } | null = null;

  /** Regions counted at most (default {@link EXACT_CAP}); beyond, the count is a lower bound. 0: counting is off. */
  cap = EXACT_CAP;

  /** `onResult` hears every result (null when a new computation starts). */
  constructor(private readonly onResult: (r: ExactResult | null) => void) {}

  /**
   * Count the regions of `state`'s view of `net`, cancelling any computation in progress. The worker starts
   * after EXACT_DEBOUNCE_MS without a newer request, so a drag does not restart it at every step.
   */
  request(net: Network, state: AppState): void {
    if (typeof Worker === 'undefined') return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.posted && this.worker) {
      this.worker.terminate();
      this.worker = null;
    }
    this.posted = false;
    const id = ++this.id;
    this.polys = [];
    if (this.cap === 0) {
      // Counting is off: answer at once with an empty, incomplete count.
      this.settle({ count: 0, complete: false, error: 'exact counting is off (setExactCap(0))', off: true });
      return;
    }
    this.latest = null;
    if (this.modelCache?.net !== net) this.modelCache = { net, json: toModelJson(net) };
    const q: ExactRequest = {
      id,
      model: this.modelCache.json,
      window: viewWindow(net, state.view),
      layers: state.mode === 'layer' ? state.layer : net.layers.length,
      maxRegions: this.cap,
      maxPolygons: POLYGON_CAP,
    };
    this.onResult(null);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.worker) {
        this.worker = new Worker(new URL('../workers/regions.worker.ts', import.meta.url), {
          type: 'module',
        });
        this.worker.onmessage = (e: MessageEvent<ExactResponse>) => this.receive(e.data);
      }
      this.posted = true;
      this.worker.postMessage(q);
    }, EXACT_DEBOUNCE_MS);
  }

  private settle(r: ExactResult): void {
    this.latest = r;
    for (const f of this.waiters.splice(0)) f(r);
    this.onResult(r);
  }

  private receive(m: ExactResponse): void {
    if (m.id !== this.id) return;
    this.posted = false;
    if ('error' in m) {
      this.settle({ count: 0, complete: false, error: m.error });
      return;
    }
    this.polys = m.polygons;
    this.hashes = m.hashes;
    this.areas = m.areas;
    this.settle({ count: m.count, complete: m.complete });
  }

  /** The result for the current view, once computed. */
  result(): Promise<ExactResult> {
    if (this.latest) return Promise.resolve(this.latest);
    return new Promise((res) => this.waiters.push(res));
  }

  /** The polygons of the current view (empty while computing or beyond the cap). */
  polygons(): readonly Float64Array[] {
    return this.polys;
  }

  /** The polygon and area of the region whose pattern hash is (lo, hi), or null. */
  regionByHash(lo: number, hi: number): { polygon: Float64Array; area: number } | null {
    for (let i = 0; i < this.polys.length; i++) {
      if (this.hashes[2 * i] === lo && this.hashes[2 * i + 1] === hi) {
        return { polygon: this.polys[i]!, area: this.areas[i]! };
      }
    }
    return null;
  }
}
