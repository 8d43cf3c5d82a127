/**
 * `npm run bench:engine`: exact region enumeration throughput of the CPU engine (single-threaded, Node).
 * Prints one JSON object per network: the region count, the median seconds and regionsPerSecond of
 * enumerateRegions over BENCH_REPEATS runs (default 5; 3 for the networks marked heavy) after warm-up runs
 * (one, and more until 0.3 s have passed: V8 compiles the walk over several runs of a small network),
 * every run's seconds, `spread` (slowest / fastest run: the run-to-run variation, target <= 1.5), the fastest
 * run, and `bytesPerRegion`: the heap and external (array-buffer and WebAssembly memory) bytes the finished
 * enumeration keeps, after full collections, per region. For the small networks also the command-line code path (`relu-origami regions
 * MODEL --window ... --json`, run in-process with runCli, so process start-up is excluded; model parsing
 * and JSON output are included). `loadAverage` tells whether other work shared the machine: on a shared
 * machine compare figures within one run. BENCH_ONLY=64x4,512x1 picks networks by W x L. For one hidden
 * layer (2 -> 512 -> 1), where enumerateRegions takes the line-arrangement path, the general subdivision
 * (forceSubdivision) is timed too, run by run interleaved with it: `subdivision` (its median, runs and
 * count) and `speedup` (its median / the arrangement's). `exactDecisions`: the signs the float64 filter left
 * to exact arithmetic. A network whose first run passes BENCH_BUDGET_S (default 120 s) is stopped there and
 * reported once (`complete: false`, `regionsSoFar`). Every timed run starts after full collections, so
 * that the collection of the previous run's regions is not counted in it. Not a test: nothing here asserts
 * a time. `areasOnly`: the same enumeration keeping only the count and the areas (what the `regions`
 * command needs without --detail), interleaved run by run with the full one. `kernel`: whether W h + b ran
 * in the WebAssembly kernels (src/engine/affine-wasm.ts) or the JavaScript loops; with BENCH_KERNELS=1 the
 * JavaScript loops are timed too, run by run interleaved with the kernels (`javascriptLoops`: their median,
 * runs, count, and `speedup`, their median over the kernels').
 */
import { loadavg } from 'node:os';
import { median } from '../../src/benchPage/timing.ts';
import { memoryIo } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/run.ts';
import { useWasmAffine, wasmAffineAvailable } from '../../src/engine/affine-wasm.ts';
import { toModelJson } from '../../src/engine/model.ts';
import { type Enumeration, enumerateRegions } from '../../src/engine/regions.ts';
import { benchNetwork, benchWidths } from '../networks.ts';
import { gc, timed, WARM_UP_SECONDS } from './timed.ts';

/** The timed networks 2 -> W x L -> 1 (seed 1, He), all on [-4, 4]^2; `cli` also times the CLI path. */
const CASES: ReadonlyArray<{ W: number; L: number; cli?: boolean; heavy?: boolean }> = [
  { W: 8, L: 3, cli: true },
  { W: 32, L: 4, cli: true },
  { W: 64, L: 4, cli: true },
  { W: 128, L: 4, heavy: true },
  { W: 64, L: 16, heavy: true },
  { W: 256, L: 4, heavy: true },
  { W: 512, L: 1, cli: true },
];
const HALF = 4;

const ONLY = process.env.BENCH_ONLY?.split(',');
const REPEATS = process.env.BENCH_REPEATS ? Number(process.env.BENCH_REPEATS) : null;
/** The longest one run may take (BENCH_BUDGET_S, default 120 s); a network past it is reported as stopped. */
const BUDGET_SECONDS = Number(process.env.BENCH_BUDGET_S ?? 120);
/** Time the JavaScript loops of W h + b too, interleaved with the WebAssembly kernels (BENCH_KERNELS=1). */
const KERNELS = process.env.BENCH_KERNELS === '1' && wasmAffineAvailable();

function heapBytes(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  // external: array buffers and the WebAssembly memories the pattern arenas grow in (arenas.ts).
  return m.heapUsed + m.external;
}

for (const c of CASES) {
  const tag = `${c.W}x${c.L}`;
  if (ONLY && !ONLY.includes(tag)) continue;
  const repeats = REPEATS ?? (c.heavy ? 3 : 5);
  const net = benchNetwork(c.W, c.L, 1);
  const window = { x0: -HALF, x1: HALF, y0: -HALF, y1: HALF };
  let regions = 0;
  let exactDecisions = 0;
  const run = (): Enumeration => {
    const t0 = process.hrtime.bigint();
    const shouldStop = () => Number(process.hrtime.bigint() - t0) / 1e9 > BUDGET_SECONDS;
    const e = enumerateRegions(net, window, { shouldStop });
    if (typeof e === 'string') throw new Error(e);
    regions = e.complete ? e.regions.length : e.count;
    exactDecisions = e.exactDecisions;
    return e;
  };
  // The warm-up run (JIT) also measures what a finished enumeration keeps.
  const before = heapBytes();
  const t0 = process.hrtime.bigint();
  let kept: Enumeration | null = run();
  if (!kept.complete) {
    // Past the budget: the one run's rate and how far it got, not repeated.
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    console.log(
      JSON.stringify({
        network: `relu 2-${c.W}x${c.L}-1 on [-${HALF},${HALF}]^2`,
        widths: benchWidths(c.W, c.L),
        complete: false,
        budgetSeconds: BUDGET_SECONDS,
        regionsSoFar: kept.count,
        seconds,
        regionsPerSecond: Math.round(kept.count / seconds),
        exactDecisions,
        node: process.version,
        loadAverage: Number(loadavg()[0]!.toFixed(2)),
      }),
    );
    continue;
  }
  const bytesPerRegion = Math.round((heapBytes() - before) / kept.count);
  kept = null;
  // More warm-up runs, until 0.3 s have passed since the first began (only the small networks need them).
  while (Number(process.hrtime.bigint() - t0) / 1e9 < WARM_UP_SECONDS) run();
  // One hidden layer: the general subdivision interleaved with the arrangement path, run by run.
  let subdivision: Record<string, unknown> | undefined;
  const times: number[] = [];
  if (c.L === 1) {
    let subRegions = 0;
    const runSub = () => {
      const e = enumerateRegions(net, window, { forceSubdivision: true });
      if (typeof e === 'string') throw new Error(e);
      subRegions = e.regions.length;
    };
    runSub();
    const subTimes: number[] = [];
    for (let r = 0; r < repeats; r++) {
      times.push(timed(run));
      subTimes.push(timed(runSub));
    }
    subdivision = {
      regions: subRegions,
      seconds: median(subTimes),
      runs: subTimes.map((t) => Number(t.toFixed(4))),
      speedup: Number((median(subTimes) / median(times)).toFixed(2)),
    };
  }
  // The count and areas alone (areasOnly: what `relu-origami regions` without --detail needs), run by run
  // interleaved with the full enumeration.
  const leanTimes: number[] = [];
  const runLean = () => {
    const e = enumerateRegions(net, window, { areasOnly: true });
    if (typeof e === 'string' || e.count !== regions) throw new Error('areasOnly: a different count');
  };
  runLean();
  // The JavaScript loops of W h + b in place of the WebAssembly kernels, interleaved run by run.
  const jsTimes: number[] = [];
  let jsRegions = 0;
  const runJs = () => {
    useWasmAffine(false);
    try {
      jsRegions = run().regions.length;
    } finally {
      useWasmAffine(true);
    }
  };
  if (KERNELS && c.L !== 1) runJs();
  for (let r = 0; r < repeats; r++) {
    if (c.L !== 1) times.push(timed(run));
    leanTimes.push(timed(runLean));
    if (KERNELS && c.L !== 1) jsTimes.push(timed(runJs));
  }
  const javascriptLoops =
    jsTimes.length > 0
      ? {
          regions: jsRegions,
          seconds: median(jsTimes),
          runs: jsTimes.map((t) => Number(t.toFixed(4))),
          speedup: Number((median(jsTimes) / median(times)).toFixed(2)),
        }
      : undefined;
  const areasOnly = {
    seconds: median(leanTimes),
    regionsPerSecond: Math.round(regions / median(leanTimes)),
    runs: leanTimes.map((t) => Number(t.toFixed(4))),
  };
  const seconds = median(times);
  const best = Math.min(...times);

  let cli: Record<string, unknown> | undefined;
  if (c.cli) {
    const files = { 'model.json': JSON.stringify(toModelJson(net)) };
    const argv = ['regions', 'model.json', '--window', `${-HALF},${HALF},${-HALF},${HALF}`, '--json'];
    let cliRegions = 0;
    const runCommand = () => {
      const io = memoryIo(files);
      const status = runCli(argv, io);
      if (status !== 0) throw new Error(io.err);
      cliRegions = (JSON.parse(io.out) as { regions: number }).regions;
    };
    runCommand();
    const cliTimes = Array.from({ length: repeats }, () => timed(runCommand));
    cli = {
      command: `relu-origami ${argv.join(' ')}`,
      regions: cliRegions,
      seconds: median(cliTimes),
      regionsPerSecond: Math.round(cliRegions / median(cliTimes)),
    };
  }

  console.log(
    JSON.stringify({
      network: `relu 2-${c.W}x${c.L}-1 on [-${HALF},${HALF}]^2`,
      widths: benchWidths(c.W, c.L),
      init: 'he',
      seed: 1,
      window: [window.x0, window.x1, window.y0, window.y1],
      regions,
      seconds,
      regionsPerSecond: Math.round(regions / seconds),
      runs: times.map((t) => Number(t.toFixed(4))),
      spread: Number((Math.max(...times) / best).toFixed(2)),
      bestSeconds: best,
      bestRegionsPerSecond: Math.round(regions / best),
      bytesPerRegion,
      exactDecisions,
      kernel: wasmAffineAvailable() ? 'webassembly' : 'javascript',
      ...(javascriptLoops ? { javascriptLoops } : {}),
      areasOnly,
      ...(cli ? { cli } : {}),
      ...(subdivision ? { subdivision } : {}),
      repeats,
      node: process.version,
      loadAverage: Number(loadavg()[0]!.toFixed(2)),
    }),
  );
}
