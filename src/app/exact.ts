/**
 * The exact region count of the view for the HUD and the API: asked of the regions service (a `count` job)
 * after a short quiet time; a newer request cancels the older one by aborting its ask.
 */
import { EXACT_DEBOUNCE_MS, POLYGON_CAP, REGION_CAP } from '../engine/limits.ts';
import type { Network } from '../engine/model.ts';
import type { AppState } from '../state/appState.ts';
import { viewWindow } from './network.ts';
import type { CountAnswer } from './regionsProtocol.ts';
import type { RegionsService } from './regionsService.ts';

/** The exact count of one view. */
export interface ExactResult {
  /** Number of regions; a lower bound when complete is false. */
  count: number;
  /** False when the cap stopped the enumeration ("at least count"). */
  complete: boolean;
  /** Set when the enumeration failed (a bad view, or the worker died). */
  error?: string;
  /** True when counting is off (cap 0); `error` then says so. */
  off?: boolean;
}

/** Counts the regions of the current view, the newest request winning. */
export class ExactCounter {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private id = 0;
  private abort: AbortController | null = null;
  private latest: ExactResult | null = null;
  private waiters: ((r: ExactResult) => void)[] = [];
  private answer: CountAnswer | null = null;

  /** Regions counted at most (default {@link REGION_CAP}); beyond, the count is a lower bound. 0: counting is off. */
  cap = REGION_CAP;

  /** `onResult` hears every result (null when a new computation starts), and `onProgress` regions so far. */
  constructor(
    private readonly service: RegionsService,
    private readonly onResult: (r: ExactResult | null) => void,
    private readonly onProgress: (regions: number) => void = () => {},
  ) {}

  /**
   * Count the regions of `state`'s view of `net`, cancelling any computation in progress. The job is asked
   * for after EXACT_DEBOUNCE_MS without a newer request, so a drag does not restart it at every step.
   * Without workers (Node) nothing is counted.
   */
  request(net: Network, state: AppState): void {
    if (!this.service.hasWorkers) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.abort?.abort();
    this.abort = null;
    const id = ++this.id;
    this.answer = null;
    if (this.cap === 0) {
      // Counting is off: answer at once with an empty, incomplete count.
      this.settle({ count: 0, complete: false, error: 'exact counting is off (setExactCap(0))', off: true });
      return;
    }
    this.latest = null;
    const window = viewWindow(net, state.view);
    const job = {
      kind: 'count' as const,
      layers: state.mode === 'layer' ? state.layer : net.layers.length,
      maxRegions: this.cap,
      maxPolygons: POLYGON_CAP,
    };
    this.onResult(null);
    this.timer = setTimeout(() => {
      this.timer = null;
      const abort = new AbortController();
      this.abort = abort;
      this.service
        .ask(net, window, job, {
          signal: abort.signal,
          onProgress: (n) => id === this.id && this.onProgress(n),
        })
        .then(
          (a) => {
            if (id !== this.id) return;
            this.answer = a;
            this.settle({ count: a.count, complete: a.complete });
          },
          (e: Error) => {
            if (id !== this.id || e.name === 'AbortError') return;
            this.settle({ count: 0, complete: false, error: e.message });
          },
        );
    }, EXACT_DEBOUNCE_MS);
  }

  private settle(r: ExactResult): void {
    this.latest = r;
    for (const f of this.waiters.splice(0)) f(r);
    this.onResult(r);
  }

  /** The result for the current view, once computed (with `error` set when it failed). */
  result(): Promise<ExactResult> {
    if (this.latest) return Promise.resolve(this.latest);
    return new Promise((res) => this.waiters.push(res));
  }

  /** The polygons of the current view (empty while computing or beyond the polygon cap). */
  polygons(): readonly Float64Array[] {
    return this.answer?.polygons ?? [];
  }

  /** The polygon and area of the region whose pattern hash is (lo, hi), or null. */
  regionByHash(lo: number, hi: number): { polygon: Float64Array; area: number } | null {
    const a = this.answer;
    if (!a) return null;
    for (let i = 0; i < a.polygons.length; i++) {
      if (a.hashes[2 * i] === lo && a.hashes[2 * i + 1] === hi)
        return { polygon: a.polygons[i]!, area: a.areas[i]! };
    }
    return null;
  }
}
