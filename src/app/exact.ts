/**
 * The exact region count of the view, computed by the engine in a worker; a new request cancels the previous
 * one by terminating its worker.
 */
import { type Network, toModelJson } from '../engine/model.ts';
import type { AppState } from '../state/appState.ts';
import type { ExactRequest, ExactResponse } from './exactProtocol.ts';
import { defaultPlane } from './network.ts';

/** The exact count of one view. */
export interface ExactResult {
  /** Number of regions; a lower bound when complete is false. */
  count: number;
  /** False when the cap stopped the enumeration ("at least count"). */
  complete: boolean;
  /** Set when the enumeration failed. */
  error?: string;
}

/** Regions counted at most; beyond, the HUD shows "at least N". */
export const EXACT_CAP = 20_000;
/** Polygons kept for the overlay and pinning at most. */
export const POLYGON_CAP = 5_000;

/** Runs enumerations in a worker, one at a time, the newest request winning. */
export class ExactCounter {
  private worker: Worker | null = null;
  private busy = false;
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

  /** Start counting the regions of `state`'s view of `net`, cancelling any computation in progress. */
  request(net: Network, state: AppState): void {
    if (typeof Worker === 'undefined') return;
    if (this.busy && this.worker) {
      this.worker.terminate();
      this.worker = null;
    }
    if (this.cap === 0) {
      // Counting is off: answer at once with an empty, incomplete count.
      this.busy = false;
      this.id++;
      this.polys = [];
      this.latest = { count: 0, complete: false, error: 'exact counting is off (setExactCap(0))' };
      for (const f of this.waiters.splice(0)) f(this.latest);
      this.onResult(this.latest);
      return;
    }
    if (!this.worker) {
      this.worker = new Worker(new URL('../workers/regions.worker.ts', import.meta.url), { type: 'module' });
      this.worker.onmessage = (e: MessageEvent<ExactResponse>) => this.receive(e.data);
    }
    if (this.modelCache?.net !== net) this.modelCache = { net, json: toModelJson(net) };
    const v = state.view;
    const plane = v.plane ?? defaultPlane(net.inputDim);
    const q: ExactRequest = {
      id: ++this.id,
      model: this.modelCache.json,
      window: { x0: v.x0, x1: v.x1, y0: v.y0, y1: v.y1, ...(plane ? { plane } : {}) },
      layers: state.mode === 'layer' ? state.layer : net.layers.length,
      maxRegions: this.cap,
      maxPolygons: POLYGON_CAP,
    };
    this.busy = true;
    this.latest = null;
    this.polys = [];
    this.onResult(null);
    this.worker.postMessage(q);
  }

  private receive(m: ExactResponse): void {
    if (m.id !== this.id) return;
    this.busy = false;
    if ('error' in m) {
      this.latest = { count: 0, complete: false, error: m.error };
    } else {
      this.latest = { count: m.count, complete: m.complete };
      this.polys = m.polygons;
      this.hashes = m.hashes;
      this.areas = m.areas;
    }
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f(this.latest);
    this.onResult(this.latest);
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
