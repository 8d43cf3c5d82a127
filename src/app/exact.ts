/**
 * The exact region count of the view for the HUD and the API: asked of the regions service (a `count` job)
 * after a short quiet time; a newer request cancels the older one by aborting its ask.
 */
import type { RegionEstimate } from '../engine/estimate.ts';
import { formatCount } from '../engine/format.ts';
import {
  ESTIMATE_SAMPLES,
  EXACT_DEBOUNCE_MS,
  EXACT_MEMORY_BUDGET_BYTES,
  EXACT_TIME_BUDGET_MS,
  POLYGON_CAP,
  REGION_CAP,
} from '../engine/limits.ts';
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
  /** What stopped an incomplete count (the cap, the time budget or the memory budget). */
  stopped?: 'cap' | 'time' | 'memory';
  /** Why an incomplete count stopped, as a sentence (e.g. "stopped after 20 s: at least 31,200 regions"). */
  message?: string;
  /** A sampled estimate of the count, once computed for an incomplete one. */
  estimate?: RegionEstimate;
}

/** The sentence for a count that `stopped` at `count` regions. */
export function stoppedMessage(
  stopped: 'cap' | 'time' | 'memory',
  count: number,
  budgetMs: number,
  cap: number,
): string {
  const n = formatCount(count);
  if (stopped === 'time') return `stopped after ${budgetMs / 1000} s: at least ${n} regions`;
  if (stopped === 'memory')
    return `stopped at the memory budget of ${EXACT_MEMORY_BUDGET_BYTES / 2 ** 20} MB: at least ${n} regions`;
  return `stopped at the cap of ${formatCount(cap)} regions: at least ${n}`;
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
  /** Milliseconds a count may run (default {@link EXACT_TIME_BUDGET_MS}). */
  budgetMs = EXACT_TIME_BUDGET_MS;

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
      budgetMs: this.budgetMs,
      memoryBytes: EXACT_MEMORY_BUDGET_BYTES,
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
            if (a.complete || !a.stopped) {
              this.settle({ count: a.count, complete: a.complete });
              return;
            }
            const stopped = a.stopped;
            const base: ExactResult = {
              count: a.count,
              complete: false,
              stopped,
              message: stoppedMessage(stopped, a.count, this.budgetMs, this.cap),
            };
            this.settle(base);
            // Past the budget: a sampled estimate of the count, with its interval.
            this.service
              .ask(
                net,
                window,
                { kind: 'estimate', layers: job.layers, samples: ESTIMATE_SAMPLES, seed: 1 },
                {
                  signal: abort.signal,
                },
              )
              .then(
                (e) => {
                  if (id === this.id) this.settle({ ...base, estimate: e.estimate });
                },
                () => {},
              );
          },
          (e: Error) => {
            if (id !== this.id || e.name === 'AbortError') return;
            this.settle({ count: 0, complete: false, error: e.message });
          },
        );
    }, EXACT_DEBOUNCE_MS);
  }

  /**
   * Stop counting the current view (weights that change too fast to count, as in live training): the
   * computation in progress is cancelled and the listeners hear that no result stands (null).
   */
  hold(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.abort?.abort();
    this.abort = null;
    this.id++;
    this.answer = null;
    if (this.latest === null) return;
    this.latest = null;
    this.onResult(null);
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
