/**
 * The one protocol between the regions service (app/regionsService.ts) and its workers
 * (workers/regions.worker.ts), and the jobs both run: the same function answers a job in a worker and,
 * where there are no workers, on the main thread.
 */

import { movableBuffer } from '../engine/arenas.ts';
import { estimateRegionCount, type RegionEstimate } from '../engine/estimate.ts';
import { patternHashInto } from '../engine/forward.ts';
import { type ModelJson, type Network, parseModelOrThrow } from '../engine/model.ts';
import type { Window } from '../engine/plane.ts';
import { type Enumeration, enumerateRegions } from '../engine/regions.ts';
import { plainRegion } from '../engine/shared-region.ts';
import { runStreamJob } from './streamJob.ts';

/**
 * What to compute for a view: `count` (the HUD: the count after `layers` layers, with the polygons and
 * pattern hashes when there are at most `maxPolygons` regions), `regions` (the views: every region with its
 * affine map, given up after `budgetMs`), `depths` (the analysis: the count after k layers for each k) or
 * `estimate` (a sampled estimate of the count after `layers` layers, engine/estimate.ts). A count stops at
 * `maxRegions`, after `budgetMs` and when its regions would pass `memoryBytes` (both optional: no limit).
 * `stream` (the HUD's count, app/streamJob.ts) counts tile by tile with no fixed cap, reporting the count so
 * far and the fraction of the view done, and stops only at its optional budgets or `maxRegions`; it returns
 * the polygons when the view held at most `maxPolygons` regions (`tileRegions`: a tile's cap, for tests).
 */
export type RegionsJob =
  | {
      kind: 'count';
      layers: number;
      maxRegions: number;
      maxPolygons: number;
      budgetMs?: number;
      memoryBytes?: number;
    }
  | {
      kind: 'stream';
      layers: number;
      maxPolygons: number;
      maxRegions?: number;
      budgetMs?: number;
      memoryBytes?: number;
      tileRegions?: number;
    }
  | { kind: 'estimate'; layers: number; samples: number; seed: number }
  | { kind: 'regions'; maxRegions: number; budgetMs: number }
  | { kind: 'depths'; depths: number[]; maxRegions: number; budgetMs: number };

/** The count of the partition after the first `layer` layers. */
export interface DepthCount {
  /** Layers k. */
  layer: number;
  /** Regions (a lower bound when complete is false). */
  count: number;
  /** False when the cap or the time budget stopped the enumeration. */
  complete: boolean;
}

/** The answer to a `count` job. */
export interface CountAnswer {
  /** Which job this answers. */
  kind: 'count';
  /** Number of regions (a lower bound when complete is false). */
  count: number;
  /** False when the cap stopped the enumeration. */
  complete: boolean;
  /** What stopped an incomplete count: the region cap, the time budget or the memory budget. */
  stopped: 'cap' | 'time' | 'memory' | null;
  /** Milliseconds the enumeration ran. */
  elapsedMs: number;
  /** Region polygons [s0, t0, ...] (empty when there were more than maxPolygons). */
  polygons: Float64Array[];
  /** Pattern hash words [lo, hi] per polygon. */
  hashes: Uint32Array;
  /** Area per polygon. */
  areas: Float64Array;
}

/** The answer to a `stream` job: a count job's fields, with what the streamed count covered. */
export interface StreamAnswer extends Omit<CountAnswer, 'kind' | 'stopped'> {
  /** Which job this answers. */
  kind: 'stream';
  /** What stopped an incomplete count: the time budget, the memory budget or `maxRegions` ('cap'). */
  stopped: 'cap' | 'time' | 'memory' | null;
  /** Fraction of the view's area counted (1 when complete). */
  fraction: number;
  /** Tiles finished, tiles split (too full), and distinct patterns crossing tile edges. */
  tiles: number;
  splits: number;
  crossing: number;
  /** The most bytes held at once (engine/streamCount.ts's estimate). */
  peakBytes: number;
}

/** The answer to a `regions` job. */
export interface RegionsAnswer {
  /** Which job this answers. */
  kind: 'regions';
  /** The enumeration (regions empty when it was stopped early). */
  enumeration: Enumeration;
  /** True when the time budget stopped it. */
  timedOut: boolean;
}

/** The answer to a `depths` job. */
export interface DepthsAnswer {
  /** Which job this answers. */
  kind: 'depths';
  /** One count per requested depth, in order. */
  depths: DepthCount[];
}

/** The answer to an `estimate` job. */
export interface EstimateAnswer {
  /** Which job this answers. */
  kind: 'estimate';
  /** The estimate and its interval. */
  estimate: RegionEstimate;
}

/** The answer to any job. */
export type JobAnswer = CountAnswer | StreamAnswer | RegionsAnswer | DepthsAnswer | EstimateAnswer;

/** The answer to a job of kind K. */
export type AnswerOf<K extends RegionsJob['kind']> = Extract<JobAnswer, { kind: K }>;

/** Messages to a worker: run a job (or, as a test hook, crash on receiving it), or cancel one (by id). */
export type ToWorker =
  | {
      type: 'run';
      id: number;
      model: ModelJson;
      window: Window;
      job: RegionsJob;
      /** Where cross-origin isolation allows it: a shared word the service sets to `id` to stop the job at once. */
      stop?: Int32Array;
      /** Test hook: the worker throws on receiving this job instead of running it. */
      crash?: true;
    }
  | { type: 'cancel'; id: number };

/**
 * Messages from a worker: the answer, a failure (with why), a cancellation, or progress (regions so far, and
 * for a `stream` job the fraction of the view's area done).
 */
export type FromWorker =
  | { type: 'done'; id: number; answer: JobAnswer }
  | { type: 'error'; id: number; error: string }
  | { type: 'cancelled'; id: number }
  | { type: 'progress'; id: number; regions: number; fraction?: number };

/** Bytes a region of a count job keeps besides its pattern (polygon, area, hash and bookkeeping). */
export const REGION_OVERHEAD_BYTES = 512;

/** Regions between two progress reports of a running job. */
export const PROGRESS_EVERY = 2000;

/** Hooks of a running job: whether to stop now, and where to report progress (regions so far). */
export interface JobHooks {
  /** True when the job was cancelled: it stops and its answer is dropped. */
  cancelled(): boolean;
  /** Regions enumerated so far (and, for a `stream` job, the fraction of the view done). */
  progress(regions: number, fraction?: number): void;
}

/** Thrown by {@link runJob} when `hooks.cancelled()` stopped it. */
export class Cancelled extends Error {
  constructor() {
    super('the regions job was cancelled');
    this.name = 'AbortError';
  }
}

/**
 * Answer `job` for `net` on `window`. Throws a {@link Cancelled} when the hooks cancel it, and an Error with
 * the engine's reason when the window cannot be enumerated.
 */
export function runJob(net: Network, window: Window, job: RegionsJob, hooks: JobHooks): JobAnswer {
  let next = PROGRESS_EVERY;
  const check = (start: number, budgetMs: number, onTime: () => void) => (count: number) => {
    if (count >= next) {
      next = count + PROGRESS_EVERY;
      hooks.progress(count);
    }
    if (hooks.cancelled()) throw new Cancelled();
    if (performance.now() - start > budgetMs) {
      onTime();
      return true;
    }
    return false;
  };
  if (job.kind === 'depths') {
    const depths = job.depths.map((layer) => {
      const r = enumerateRegions(net, window, {
        layers: layer,
        maxRegions: job.maxRegions,
        shouldStop: check(performance.now(), job.budgetMs, () => {}),
      });
      return typeof r === 'string'
        ? { layer, count: 0, complete: false }
        : { layer, count: r.count, complete: r.complete };
    });
    return { kind: 'depths', depths };
  }
  if (job.kind === 'regions') {
    let timedOut = false;
    const r = enumerateRegions(net, window, {
      maxRegions: job.maxRegions,
      shouldStop: check(performance.now(), job.budgetMs, () => {
        timedOut = true;
      }),
    });
    if (typeof r === 'string') throw new Error(r);
    // Plain regions: the answer crosses to the page by structured clone (shared-region.ts).
    return { kind: 'regions', enumeration: { ...r, regions: r.regions.map(plainRegion) }, timedOut };
  }
  if (job.kind === 'stream') {
    return runStreamJob(net, window, job, {
      stop: () => {
        if (hooks.cancelled()) throw new Cancelled();
        return false;
      },
      progress: (regions, fraction) => hooks.progress(regions, fraction),
    });
  }
  if (job.kind === 'estimate') {
    const e = estimateRegionCount(net, window, job.samples, job.seed, job.layers);
    if (typeof e === 'string') throw new Error(e);
    return { kind: 'estimate', estimate: e };
  }
  // The memory budget as a region cap: each region keeps its pattern (a byte per neuron), its polygon and
  // bookkeeping, about REGION_OVERHEAD_BYTES.
  let neurons = 0;
  for (const L of net.layers) neurons += L.outDim;
  const byMemory = Math.max(
    1,
    Math.floor((job.memoryBytes ?? Number.POSITIVE_INFINITY) / (neurons + REGION_OVERHEAD_BYTES)),
  );
  let timedOut = false;
  const start = performance.now();
  const r = enumerateRegions(net, window, {
    maxRegions: Math.min(job.maxRegions, byMemory),
    layers: job.layers,
    shouldStop: check(start, job.budgetMs ?? Number.POSITIVE_INFINITY, () => {
      timedOut = true;
    }),
  });
  if (typeof r === 'string') throw new Error(r);
  const stopped = r.complete ? null : timedOut ? 'time' : byMemory < job.maxRegions ? 'memory' : 'cap';
  const keep = r.regions.length <= job.maxPolygons ? r.regions : [];
  const hashes = new Uint32Array(2 * keep.length);
  let hashNeurons = 0;
  for (let l = 0; l < Math.min(job.layers, net.layers.length); l++) hashNeurons += net.layers[l]!.outDim;
  for (let i = 0; i < keep.length; i++) patternHashInto(keep[i]!.pattern, hashes, 2 * i, hashNeurons);
  return {
    kind: 'count',
    count: r.count,
    complete: r.complete,
    stopped,
    elapsedMs: performance.now() - start,
    polygons: keep.map((g) => g.polygon),
    hashes,
    areas: Float64Array.from(keep, (g) => g.area),
  };
}

/**
 * The buffers of `answer` to transfer (each once: regions hold views of a few shared buffers). A pattern
 * arena grown in place (arenas.ts) cannot be transferred: it is copied instead.
 */
export function transferablesOf(answer: JobAnswer): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  if (answer.kind === 'count' || answer.kind === 'stream') {
    buffers.add(answer.hashes.buffer as ArrayBuffer);
    buffers.add(answer.areas.buffer as ArrayBuffer);
    for (const p of answer.polygons) buffers.add(p.buffer as ArrayBuffer);
  } else if (answer.kind === 'regions') {
    for (const g of answer.enumeration.regions) {
      for (const a of [g.polygon, g.pattern, g.jacobian, g.offset]) buffers.add(a.buffer as ArrayBuffer);
    }
  }
  return [...buffers].filter(movableBuffer);
}

/** What a worker runs: receives the service's messages and posts its replies (see {@link createJobHost}). */
export interface JobHost {
  /** Handle one message from the service; throws on a job marked `crash` (the worker's test hook). */
  receive(m: ToWorker): void;
  /** Job ids the host holds now (jobs received and not yet answered): 0 once it is idle. */
  readonly held: number;
}

/**
 * The worker's side of the protocol: runs `run` jobs one at a time in the order received, each in a later
 * task given by `schedule` (default `setTimeout(…, 0)`), so that a `cancel` posted right after its job is
 * seen before the job starts. A cancel of a queued job drops it and posts `cancelled` at once; a cancel of a
 * job already answered (or unknown) is ignored and nothing of it is kept; a running job stops at its next
 * check when the service shares a stop word, and otherwise runs to its cap or budget.
 */
export function createJobHost(
  post: (m: FromWorker, transfer?: Transferable[]) => void,
  schedule: (run: () => void) => void = (run) => setTimeout(run, 0),
): JobHost {
  const queue: Extract<ToWorker, { type: 'run' }>[] = [];
  let scheduled = false;
  const drain = (): void => {
    scheduled = false;
    const q = queue.shift();
    if (!q) return;
    if (queue.length) {
      scheduled = true;
      schedule(drain);
    }
    try {
      // Checked on the main thread already; a bad model is reported like any failure below.
      const network = parseModelOrThrow(q.model);
      const answer = runJob(network, q.window, q.job, {
        cancelled: () => (q.stop ? Atomics.load(q.stop, 0) === q.id : false),
        progress: (regions, fraction) =>
          post({ type: 'progress', id: q.id, regions, ...(fraction !== undefined ? { fraction } : {}) }),
      });
      post({ type: 'done', id: q.id, answer }, transferablesOf(answer));
    } catch (err) {
      if (err instanceof Cancelled) post({ type: 'cancelled', id: q.id });
      else post({ type: 'error', id: q.id, error: err instanceof Error ? err.message : String(err) });
    }
  };
  return {
    receive(m) {
      if (m.type === 'run' && m.crash)
        throw new Error('the regions worker was crashed on purpose (test hook)');
      if (m.type === 'cancel') {
        const i = queue.findIndex((q) => q.id === m.id);
        if (i >= 0) {
          queue.splice(i, 1);
          post({ type: 'cancelled', id: m.id });
        }
        return;
      }
      queue.push(m);
      if (!scheduled) {
        scheduled = true;
        schedule(drain);
      }
    },
    get held() {
      return queue.length;
    },
  };
}
