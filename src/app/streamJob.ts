/**
 * The `stream` job of the regions service (the HUD's exact count): the engine's streamed count
 * (engine/streamCount.ts) with no fixed cap, its progress reported as (regions so far, fraction of the view
 * done) after finished tiles, stopped honestly by a time or a memory budget. The regions themselves come
 * back (polygons, pattern hashes, areas) only when the view was counted in one tile with few enough of them.
 */
import { patternHashInto } from '../engine/forward.ts';
import type { Network } from '../engine/model.ts';
import type { Window } from '../engine/plane.ts';
import { streamCount } from '../engine/streamCount.ts';
import type { RegionsJob, StreamAnswer } from './regionsProtocol.ts';

/** Milliseconds between two progress reports of a streamed count at least (the last one is always sent). */
export const STREAM_PROGRESS_MS = 16;

/** What a running stream job is given: whether to stop now (it may throw to abort), and where to report. */
export interface StreamHooks {
  /** True once the job's time budget is spent; throws when the job was cancelled. */
  stop(): boolean;
  /** Regions so far and the fraction of the view done (both never decrease). */
  progress(regions: number, fraction: number): void;
}

/**
 * Answer a `stream` job for `net` on `window`. Throws an Error with the engine's reason when the window
 * cannot be enumerated, and whatever `hooks.stop` throws.
 */
export function runStreamJob(
  net: Network,
  window: Window,
  job: RegionsJob & { kind: 'stream' },
  hooks: StreamHooks,
): StreamAnswer {
  const start = performance.now();
  const budget = job.budgetMs ?? Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  const r = streamCount(net, window, {
    layers: job.layers,
    firstTileRegions: job.maxPolygons,
    ...(job.tileRegions !== undefined ? { tileRegions: job.tileRegions } : {}),
    ...(job.memoryBytes !== undefined ? { memoryBytes: job.memoryBytes } : {}),
    ...(job.maxRegions !== undefined ? { maxRegions: job.maxRegions } : {}),
    shouldStop: () => hooks.stop() || performance.now() - start > budget,
    onProgress: (p) => {
      const now = performance.now();
      if (p.fraction < 1 && now - last < STREAM_PROGRESS_MS) return;
      last = now;
      hooks.progress(p.count, p.fraction);
    },
  });
  if (typeof r === 'string') throw new Error(r);
  const keep = r.regions && r.regions.length <= job.maxPolygons ? r.regions : [];
  const hashes = new Uint32Array(2 * keep.length);
  let hashNeurons = 0;
  for (let l = 0; l < Math.min(job.layers, net.layers.length); l++) hashNeurons += net.layers[l]!.outDim;
  for (let i = 0; i < keep.length; i++) patternHashInto(keep[i]!.pattern, hashes, 2 * i, hashNeurons);
  return {
    kind: 'stream',
    count: r.count,
    complete: r.complete,
    stopped: r.stopped,
    fraction: r.fraction,
    elapsedMs: performance.now() - start,
    tiles: r.tiles,
    splits: r.splits,
    crossing: r.crossing,
    peakBytes: r.peakBytes,
    polygons: keep.map((g) => g.polygon),
    hashes,
    areas: Float64Array.from(keep, (g) => g.area),
  };
}
