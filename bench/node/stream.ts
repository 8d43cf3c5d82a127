/**
 * `npm run bench:stream`: the HUD's streamed exact count (src/engine/streamCount.ts) against the single
 * pass (enumerateRegions on the whole window), single-threaded, on the shared networks marked `exact`.
 * Prints one JSON object per network: both counts and whether they agree, median milliseconds of each
 * (BENCH_REPEATS runs, default 3, after a warm-up), the tiles, splits and crossing patterns of the stream,
 * its progress reports, and its memory bound (`streamBoundBytes`: one tile's cap of regions at the
 * engine's bytes per region, and the crossing patterns) beside the same estimate for the single pass
 * (`singleEstimateBytes`: every region held at once). Not a test: nothing here asserts a time.
 */
import { median } from '../../src/benchPage/timing.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';
import { enumerationBytesPerRegion, streamCount } from '../../src/engine/streamCount.ts';
import { BENCH_NETWORKS, benchName, benchNetwork } from '../networks.ts';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);

function timed<T>(f: () => T): { ms: number[]; last: T } {
  let last = f();
  const ms: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const t0 = performance.now();
    last = f();
    ms.push(performance.now() - t0);
  }
  return { ms, last };
}

for (const { W, L, exact } of BENCH_NETWORKS) {
  if (!exact) continue;
  const net = benchNetwork(W, L);
  const h = exact.half;
  const window = { x0: -h, x1: h, y0: -h, y1: h };
  const single = timed(() => enumerateRegions(net, window));
  let reports = 0;
  const stream = timed(() => {
    reports = 0;
    return streamCount(net, window, { onProgress: () => reports++ });
  });
  const e = single.last;
  const s = stream.last;
  if (typeof e === 'string' || typeof s === 'string') throw new Error(typeof e === 'string' ? e : String(s));
  console.log(
    JSON.stringify({
      network: benchName(W, L, h),
      single: e.count,
      streamed: s.count,
      countsAgree: e.count === s.count,
      singleMs: Math.round(median(single.ms)),
      streamMs: Math.round(median(stream.ms)),
      tiles: s.tiles,
      splits: s.splits,
      crossing: s.crossing,
      reports,
      streamBoundBytes: s.peakBytes,
      singleEstimateBytes: e.count * enumerationBytesPerRegion(net),
    }),
  );
}
