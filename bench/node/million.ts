/**
 * `npm run bench:million`: a view of about a million regions counted exactly with the workers this machine
 * has (worker_threads, one per core unless BENCH_THREADS says), the way batch jobs and the HUD count: the
 * window split into tiles of estimated work (src/engine/tiles.ts guidedTiles, the largest first), each tile
 * enumerated in a worker that keeps only its pieces' pattern hashes and areas, the pieces merged by hash as
 * they arrive. Prints one JSON object: the network and
 * window, regions, pieces, tiles, workers, seconds and regions per second (one run, after a warm-up run on a
 * small window), the merged area against the window's, the bytes per region that the workers send back
 * (`summaryBytesPerRegion`: every piece's pattern hash and area) and the process's peak resident set
 * (`maxRssBytes`, every thread, which includes each worker's enumeration of its tile), per region.
 * The network is 2 -> BENCH_W x BENCH_L (default 256 x 6, He, seed 1: 965,049 regions) on
 * [-BENCH_HALF, BENCH_HALF]² (default 4). The target it measures: 10^6 regions in 10 s. Not a test: nothing
 * here asserts a time.
 */
import { availableParallelism, loadavg } from 'node:os';
import { balancedTiles, guidedTiles, TileMerger } from '../../src/engine/tiles.ts';
import { benchNetwork, benchWidths } from '../networks.ts';
import { Pool } from './pool.ts';
import type { WorkerTask } from './tile-worker.ts';

const W = Number(process.env.BENCH_W ?? 256);
const L = Number(process.env.BENCH_L ?? 6);
const HALF = Number(process.env.BENCH_HALF ?? 4);
const THREADS = Number(process.env.BENCH_THREADS ?? availableParallelism());
/**
 * The tiling (BENCH_TILING): `guided` (default, tiles.ts guidedTiles: six per worker, largest first) or
 * `balanced` (eight equal tiles per worker).
 */
const TILING = process.env.BENCH_TILING ?? 'guided';
if (TILING !== 'guided' && TILING !== 'balanced')
  throw new Error(`BENCH_TILING: guided or balanced, not ${TILING}`);
const TILES_PER_WORKER = 8;

const net = benchNetwork(W, L, 1);
const window = { x0: -HALF, x1: HALF, y0: -HALF, y1: HALF };

async function count(pool: Pool, w: typeof window, workers: number) {
  const split =
    TILING === 'guided' ? guidedTiles(net, w, workers) : balancedTiles(net, w, TILES_PER_WORKER * workers);
  const tasks: WorkerTask[] = split.map((t, id) => ({ kind: 'tile', id, window: t }));
  // Each answer is merged as it arrives, while the other workers still enumerate.
  const merger = new TileMerger();
  let keptBytes = 0;
  await pool.run(tasks, (a) => {
    merger.add({ hashes: a.hashes!, areas: a.areas! });
    keptBytes += a.hashes!.byteLength + a.areas!.byteLength;
  });
  return { merged: merger.result(), tiles: split.length, keptBytes };
}

const pool = new Pool(THREADS, net);
try {
  // The warm-up: the workers load and compile the engine on a small window first.
  await count(pool, { x0: -0.5, x1: 0.5, y0: -0.5, y1: 0.5 }, THREADS);
  const t0 = process.hrtime.bigint();
  const { merged, tiles, keptBytes } = await count(pool, window, THREADS);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const maxRssBytes = process.resourceUsage().maxRSS * 1024;
  const windowArea = (window.x1 - window.x0) * (window.y1 - window.y0);
  console.log(
    JSON.stringify({
      network: `relu 2-${W}x${L}-1 on [-${HALF},${HALF}]^2`,
      widths: benchWidths(W, L),
      init: 'he',
      seed: 1,
      window: [window.x0, window.x1, window.y0, window.y1],
      regions: merged.count,
      pieces: merged.pieces,
      tiles,
      tiling: TILING,
      workers: THREADS,
      seconds,
      regionsPerSecond: Math.round(merged.count / seconds),
      areaError: Math.abs(merged.area - windowArea) / windowArea,
      summaryBytesPerRegion: Math.round(keptBytes / merged.count),
      maxRssBytes,
      rssBytesPerRegion: Math.round(maxRssBytes / merged.count),
      target: { regions: 1e6, seconds: 10 },
      cores: availableParallelism(),
      node: process.version,
      loadAverage: Number(loadavg()[0]!.toFixed(2)),
    }),
  );
} finally {
  await pool.close();
}
