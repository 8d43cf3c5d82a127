/**
 * `npm run bench:workers`: CPU engine throughput single-threaded and with worker_threads. Prints one JSON
 * object per network and thread count:
 * - exact enumeration: regions per second of the single pass (enumerateRegions on the whole window) and of
 *   the tiled enumeration (src/engine/tiles.ts: tiles of the window, enumerated by the workers, merged by
 *   pattern hash), with the merged count checked against the single pass (`countsAgree`); `speedUp` is
 *   against the single pass (tiling alone changes the cost: smaller faces lists per tile, and pieces cut by
 *   the tiles' sides);
 * - evaluation: MAC/s of evaluateGrid on a grid split into bands of rows, single-threaded and in workers
 *   (MACs = points x sum over layers of in x out; evaluateGrid also hashes and takes a gradient).
 * - the work balance: `tileBalance` (each tile's time on the main thread: the largest tile's share and the
 *   speed-up ideal workers would reach with these tiles), and `mode: "balance"` records per network with
 *   the predicted speed-ups of 64 tiles, balanced and uniform, on 4, 8 and 16 workers, and of the guided
 *   tiles made for 4, 8 and 16 workers, for machines with more cores than this one.
 * - scaling: every worker count runs the same tiles (see TILING; the split and the merge, each tile merged
 *   as its answer arrives, are timed with them) and the same bands, all pools open
 *   at once and the runs interleaved pool by pool; `enumerationScaling` and `evaluationScaling` are the
 *   speed-ups over the first count of BENCH_THREADS (`scalingOver`), and `scalingVsEvaluation` their ratio
 *   (the target: at least 0.9).
 * Times are medians of BENCH_REPEATS runs (default 15) after warm-up runs (three rounds for the workers);
 * the scalings from the fastest run of each (`...Best`) come with them, less moved by other work on the machine;
 * BENCH_THREADS lists the worker counts (default 1, 2, 4, ... up to availableParallelism). Not a test:
 * nothing here asserts a time.
 */
import { availableParallelism, loadavg } from 'node:os';
import { median } from '../../src/benchPage/timing.ts';
import { evaluateGrid } from '../../src/engine/forward.ts';
import { macsPerPoint } from '../../src/engine/model.ts';
import { planeMap, type Window } from '../../src/engine/plane.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';
import { balancedTiles, guidedTiles, summariseTile, TileMerger, tileWindow } from '../../src/engine/tiles.ts';
import { BENCH_NETWORKS, benchName, benchNetwork, benchWidths } from '../networks.ts';
import { Pool } from './pool.ts';
import type { WorkerTask } from './tile-worker.ts';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 15);
const CORES = availableParallelism();
/** Untimed rounds first: each worker compiles the walk and the grid loop over several tasks. */
const WARM_UP_ROUNDS = 3;
/**
 * The tiling (BENCH_TILING): `guided` (default, tiles.ts guidedTiles for the largest worker count: six per
 * worker, largest first) or `balanced` (BENCH_TILES_PER_WORKER equal tiles per worker of the largest count,
 * default 4).
 */
const TILING = process.env.BENCH_TILING ?? 'guided';
const TILES_PER_WORKER = Number(process.env.BENCH_TILES_PER_WORKER ?? 4);
if (TILING !== 'guided' && TILING !== 'balanced')
  throw new Error(`BENCH_TILING: guided or balanced, not ${TILING}`);
const THREADS = process.env.BENCH_THREADS
  ? process.env.BENCH_THREADS.split(',').map(Number)
  : [1, 2, 4, 8, 16, 32].filter((n) => n <= Math.max(2, CORES));
/** The networks of the shared list marked `exact`, with the window and grid side given there. */
const CASES = BENCH_NETWORKS.flatMap(({ W, L, exact }) =>
  exact ? [{ name: benchName(W, L, exact.half), W, L, widths: benchWidths(W, L), ...exact }] : [],
);

/**
 * The work balance of tiles taking `seconds` each on `workers` workers that take the next tile when free (in
 * the given order, as the pool does): the largest tile's share of all the work, and the speed-up that ideal
 * workers would reach (total work / the last worker's finishing time), also for the largest tile first.
 */
function balance(seconds: readonly number[], workers: number) {
  const total = seconds.reduce((a, b) => a + b, 0);
  const makespan = (order: readonly number[]) => {
    const free = new Array<number>(workers).fill(0);
    for (const t of order) {
      let k = 0;
      for (let i = 1; i < workers; i++) if (free[i]! < free[k]!) k = i;
      free[k] = free[k]! + t;
    }
    return Math.max(...free);
  };
  return {
    tiles: seconds.length,
    largestShare: Number((Math.max(...seconds) / total).toFixed(3)),
    idealSpeedUp: Number((total / makespan(seconds)).toFixed(2)),
    idealSpeedUpLargestFirst: Number((total / makespan([...seconds].sort((a, b) => b - a))).toFixed(2)),
  };
}

async function timeAsync(f: () => Promise<void>): Promise<number[]> {
  await f();
  const out: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const t0 = process.hrtime.bigint();
    await f();
    out.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return out;
}

function bands(window: Window, side: number, count: number): WorkerTask[] {
  const tasks: WorkerTask[] = [];
  const rows = Math.ceil(side / count);
  for (let r0 = 0, id = 0; r0 < side; r0 += rows, id++) {
    const h = Math.min(rows, side - r0);
    // Rows r0.. of the grid (row 0 at the top): t from y1 - r0 dt down to y1 - (r0 + h) dt.
    const dt = (window.y1 - window.y0) / side;
    const w = { x0: window.x0, x1: window.x1, y0: window.y1 - (r0 + h) * dt, y1: window.y1 - r0 * dt };
    tasks.push({ kind: 'grid', id, window: w, width: side, height: h });
  }
  return tasks;
}

for (const c of CASES) {
  const net = benchNetwork(c.W, c.L);
  const window = { x0: -c.half, x1: c.half, y0: -c.half, y1: c.half };
  const macs = macsPerPoint(net);
  let single = 0;
  const singleTimes = await timeAsync(async () => {
    const e = enumerateRegions(net, window);
    if (typeof e === 'string') throw new Error(e);
    single = e.count;
  });
  const map = planeMap(2, undefined);
  if (typeof map === 'string') throw new Error(map);
  const gridTimes = await timeAsync(async () => {
    evaluateGrid(net, map, window, c.grid, c.grid);
  });
  const base = { network: c.name, widths: c.widths, window: [-c.half, c.half, -c.half, c.half] };
  const singleSeconds = median(singleTimes);
  const singleMac = (c.grid * c.grid * macs) / median(gridTimes);
  console.log(
    JSON.stringify({
      ...base,
      threads: 0,
      mode: 'main thread',
      regions: single,
      regionsPerSecond: Math.round(single / singleSeconds),
      evaluationMacPerSecond: Math.round(singleMac),
      gridPoints: c.grid * c.grid,
      cores: CORES,
      node: process.version,
      loadAverage: Number(loadavg()[0]!.toFixed(2)),
    }),
  );
  // One tile set and one band set for every worker count (about 4 tiles per worker of the largest count),
  // so that the speed-ups compare the same work; every pool is open at once and the runs are interleaved,
  // pool by pool, so that the machine's drift falls on all of them alike. A tiled run includes the balanced
  // split and the merge (both on the main thread), as a user's run would.
  const maxN = Math.max(...THREADS);
  const tilesOf = () =>
    TILING === 'guided'
      ? guidedTiles(net, window, maxN)
      : balancedTiles(net, window, Math.max(4, TILES_PER_WORKER * maxN));
  const count = tilesOf().length;
  const bandTasks = bands(window, c.grid, count);
  const pools = THREADS.map((n) => new Pool(n, net));
  try {
    const tileTimes = THREADS.map((): number[] => []);
    const gridTimesN = THREADS.map((): number[] => []);
    const merged = THREADS.map(() => ({ count: 0, pieces: 0 }));
    for (let r = -WARM_UP_ROUNDS; r < REPEATS; r++) {
      for (let k = 0; k < THREADS.length; k++) {
        let t0 = process.hrtime.bigint();
        const split = tilesOf();
        const tileTasks: WorkerTask[] = split.map((w, id) => ({ kind: 'tile', id, window: w }));
        // Each answer is merged as it arrives, while the other workers still enumerate.
        const merger = new TileMerger();
        await pools[k]!.run(tileTasks, (a) => merger.add({ hashes: a.hashes!, areas: a.areas! }));
        merged[k] = merger.result();
        if (r >= 0) tileTimes[k]!.push(Number(process.hrtime.bigint() - t0) / 1e9);
        t0 = process.hrtime.bigint();
        await pools[k]!.run(bandTasks);
        if (r >= 0) gridTimesN[k]!.push(Number(process.hrtime.bigint() - t0) / 1e9);
      }
    }
    // Each tile's own time on the main thread: the work balance of these tiles on n ideal workers.
    const perTile = tilesOf().map((t) => {
      const t0 = process.hrtime.bigint();
      if (typeof summariseTile(net, t) === 'string') throw new Error('tile failed');
      return Number(process.hrtime.bigint() - t0) / 1e9;
    });
    const tiled1 = median(tileTimes[0]!);
    const grid1 = median(gridTimesN[0]!);
    const tiledBest1 = Math.min(...tileTimes[0]!);
    const gridBest1 = Math.min(...gridTimesN[0]!);
    THREADS.forEach((n, k) => {
      const tiledSeconds = median(tileTimes[k]!);
      const gridSeconds = median(gridTimesN[k]!);
      const enumerationScaling = tiled1 / tiledSeconds;
      const evaluationScaling = grid1 / gridSeconds;
      const enumerationScalingBest = tiledBest1 / Math.min(...tileTimes[k]!);
      const evaluationScalingBest = gridBest1 / Math.min(...gridTimesN[k]!);
      console.log(
        JSON.stringify({
          ...base,
          threads: n,
          mode: 'workers',
          tiles: count,
          tiling: TILING,
          regions: merged[k]!.count,
          pieces: merged[k]!.pieces,
          countsAgree: merged[k]!.count === single,
          regionsPerSecond: Math.round(merged[k]!.count / tiledSeconds),
          tiledRuns: tileTimes[k]!.map((t) => Number(t.toFixed(4))),
          speedUp: Number((singleSeconds / tiledSeconds).toFixed(2)),
          evaluationMacPerSecond: Math.round((c.grid * c.grid * macs) / gridSeconds),
          // Speed-ups over the first worker count (the same tiles, the same bands), and their ratio.
          enumerationScaling: Number(enumerationScaling.toFixed(2)),
          evaluationScaling: Number(evaluationScaling.toFixed(2)),
          scalingVsEvaluation: Number((enumerationScaling / evaluationScaling).toFixed(2)),
          enumerationScalingBest: Number(enumerationScalingBest.toFixed(2)),
          evaluationScalingBest: Number(evaluationScalingBest.toFixed(2)),
          scalingVsEvaluationBest: Number((enumerationScalingBest / evaluationScalingBest).toFixed(2)),
          scalingOver: THREADS[0],
          tileBalance: balance(perTile, n),
          loadAverage: Number(loadavg()[0]!.toFixed(2)),
        }),
      );
    });
  } finally {
    for (const p of pools) await p.close();
  }
  // The balance of 64 tiles (about 4 per worker for 16 workers), balanced and uniform (8 x 8), and of the
  // guided tiles for 4, 8 and 16 workers (each predicted for its own count), from each tile's time on the
  // main thread: the speed-up ideal workers would reach, for machines with more cores.
  const timesOf = (tiles: Window[]) =>
    tiles.map((t) => {
      const t0 = process.hrtime.bigint();
      if (typeof summariseTile(net, t) === 'string') throw new Error('tile failed');
      return Number(process.hrtime.bigint() - t0) / 1e9;
    });
  const sets: [string, Window[], number[]][] = [
    ['balanced 64', balancedTiles(net, window, 64), [4, 8, 16]],
    ['uniform 8x8', tileWindow(window, 8, 8), [4, 8, 16]],
    ...[4, 8, 16].map((w): [string, Window[], number[]] => [`guided ${w}`, guidedTiles(net, window, w), [w]]),
  ];
  for (const [tiling, tiles, workers] of sets) {
    const perTile = timesOf(tiles);
    console.log(
      JSON.stringify({
        ...base,
        mode: 'balance',
        tiles: tiling,
        tileCount: tiles.length,
        tileSecondsTotal: Number(perTile.reduce((a, b) => a + b, 0).toFixed(3)),
        predicted: Object.fromEntries(workers.map((w) => [w, balance(perTile, w)])),
        loadAverage: Number(loadavg()[0]!.toFixed(2)),
      }),
    );
  }
}
