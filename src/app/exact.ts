/**
 * The exact region count of the view for the HUD and the API: asked of the regions service (a `stream` job,
 * app/streamJob.ts: no fixed cap, the count so far and the fraction of the view done reported as it runs)
 * after a short quiet time; a newer request cancels the older one by aborting its ask. A count stopped by
 * its time or memory budget says so and is followed by a sampled estimate with its 95% interval.
 */
import type { RegionEstimate } from '../engine/estimate.ts';
import { formatCount } from '../engine/format.ts';
import {
  ESTIMATE_SAMPLES,
  EXACT_DEBOUNCE_MS,
  EXACT_MEMORY_BUDGET_BYTES,
  EXACT_TIME_BUDGET_MS,
  POLYGON_CAP,
} from '../engine/limits.ts';
import type { Network } from '../engine/model.ts';
import type { AppState } from '../state/appState.ts';
import { viewWindow } from './network.ts';
import type { StreamAnswer } from './regionsProtocol.ts';
import type { RegionsService } from './regionsService.ts';

/** The exact count of one view. */
export interface ExactResult {
  /** Number of regions; a lower bound when complete is false. */
  count: number;
  /** False when a budget or the cap stopped the count ("at least count"). */
  complete: boolean;
  /** Fraction of the view's area counted (1 when complete; 0 when counting is off or failed). */
  fraction: number;
  /** Set when the enumeration failed (a bad view, or the worker died). */
  error?: string;
  /** True when counting is off (cap 0); `error` then says so. */
  off?: boolean;
  /** What stopped an incomplete count (the cap, the time budget or the memory budget). */
  stopped?: 'cap' | 'time' | 'memory';
  /** What stopped an incomplete count, in words (`20 s budget`: see {@link budgetName}). */
  stoppedAt?: string;
  /** Why an incomplete count stopped, as a sentence (see {@link stoppedMessage}). */
  message?: string;
  /** A sampled estimate of the count, once computed for one stopped by a budget (never below `count`). */
  estimate?: RegionEstimate;
}

/** A fraction of the view as a whole percentage, rounded down (so 99.9% done is not shown as 100%). */
export function percentOfView(fraction: number): string {
  return `${Math.floor(100 * Math.min(1, Math.max(0, fraction)))}% of the view`;
}

/** What stopped a count, in words: `20 s budget`, `256 MB memory budget` or `cap of 40 regions`. */
export function budgetName(
  stopped: 'cap' | 'time' | 'memory',
  budgetMs: number,
  memoryBytes: number,
  cap: number,
): string {
  if (stopped === 'time') return `${budgetMs / 1000} s budget`;
  if (stopped === 'memory') return `${memoryBytes / 2 ** 20} MB memory budget`;
  return `cap of ${formatCount(cap)} regions`;
}

/**
 * The sentence for a count that `stopped` at `count` regions with `fraction` of the view counted, e.g.
 * `stopped at the 20 s budget: at least 31,200 regions, 63% of the view counted`.
 */
export function stoppedMessage(
  stopped: 'cap' | 'time' | 'memory',
  count: number,
  fraction: number,
  budget: { budgetMs: number; memoryBytes: number; cap: number },
): string {
  const what = budgetName(stopped, budget.budgetMs, budget.memoryBytes, budget.cap);
  return `stopped at the ${what}: at least ${formatCount(count)} regions, ${percentOfView(fraction)} counted`;
}

/** `estimate` with its point and its interval raised to `count` (the exact lower bound known). */
function atLeast(estimate: RegionEstimate, count: number): RegionEstimate {
  return {
    ...estimate,
    estimate: Math.max(estimate.estimate, count),
    low: Math.max(estimate.low, count),
    high: Math.max(estimate.high, count),
  };
}

/** Counts the regions of the current view, the newest request winning. */
export class ExactCounter {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private id = 0;
  private abort: AbortController | null = null;
  private latest: ExactResult | null = null;
  private waiters: ((r: ExactResult) => void)[] = [];
  private answer: StreamAnswer | null = null;

  /** Regions counted at most (default: no cap); beyond, the count is a lower bound. 0: counting is off. */
  cap = Number.POSITIVE_INFINITY;
  /** Milliseconds a count may run (default {@link EXACT_TIME_BUDGET_MS}). */
  budgetMs = EXACT_TIME_BUDGET_MS;
  /** Bytes a count may hold (default {@link EXACT_MEMORY_BUDGET_BYTES}; see engine/streamCount.ts). */
  memoryBytes = EXACT_MEMORY_BUDGET_BYTES;

  /**
   * `onResult` hears every result (null when a new computation starts), and `onProgress` the regions so far
   * and the fraction of the view done (both growing) while a count runs.
   */
  constructor(
    private readonly service: RegionsService,
    private readonly onResult: (r: ExactResult | null) => void,
    private readonly onProgress: (regions: number, fraction: number) => void = () => {},
  ) {}

  /**
   * Count the regions of `state`'s view of `net`, cancelling any computation in progress (its worker stops,
   * and nothing it reports later is shown). The job is asked for after EXACT_DEBOUNCE_MS without a newer
   * request, so a drag does not restart it at every step. Without workers (Node) nothing is counted.
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
      this.settle({
        count: 0,
        complete: false,
        fraction: 0,
        error: 'exact counting is off (setExactCap(0))',
        off: true,
      });
      return;
    }
    this.latest = null;
    const window = viewWindow(net, state.view);
    const budget = { budgetMs: this.budgetMs, memoryBytes: this.memoryBytes, cap: this.cap };
    const job = {
      kind: 'stream' as const,
      layers: state.mode === 'layer' ? state.layer : net.layers.length,
      maxPolygons: POLYGON_CAP,
      ...(Number.isFinite(budget.cap) ? { maxRegions: budget.cap } : {}),
      ...(Number.isFinite(budget.budgetMs) ? { budgetMs: budget.budgetMs } : {}),
      ...(Number.isFinite(budget.memoryBytes) ? { memoryBytes: budget.memoryBytes } : {}),
    };
    this.onResult(null);
    this.timer = setTimeout(() => {
      this.timer = null;
      const abort = new AbortController();
      this.abort = abort;
      this.service
        .ask(net, window, job, {
          signal: abort.signal,
          onProgress: (n, f) => id === this.id && this.onProgress(n, f ?? 0),
        })
        .then(
          (a) => {
            if (id !== this.id) return;
            this.answer = a;
            if (a.complete || !a.stopped) {
              this.settle({ count: a.count, complete: a.complete, fraction: a.fraction });
              return;
            }
            const stopped = a.stopped;
            const base: ExactResult = {
              count: a.count,
              complete: false,
              fraction: a.fraction,
              stopped,
              stoppedAt: budgetName(stopped, budget.budgetMs, budget.memoryBytes, budget.cap),
              message: stoppedMessage(stopped, a.count, a.fraction, budget),
            };
            if (stopped === 'cap') {
              this.settle(base);
              return;
            }
            // Past a budget: a sampled estimate of the count, with its interval; the result is final with it.
            this.onResult(base);
            this.service
              .ask(
                net,
                window,
                { kind: 'estimate', layers: job.layers, samples: ESTIMATE_SAMPLES, seed: 1 },
                { signal: abort.signal },
              )
              .then(
                (e) => {
                  if (id === this.id) this.settle({ ...base, estimate: atLeast(e.estimate, a.count) });
                },
                (e: Error) => {
                  if (id === this.id && e.name !== 'AbortError') this.settle(base);
                },
              );
          },
          (e: Error) => {
            if (id !== this.id || e.name === 'AbortError') return;
            this.settle({ count: 0, complete: false, fraction: 0, error: e.message });
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
