/**
 * `npm run bench:engine`: exact region enumeration throughput of the CPU engine (single-threaded, Node).
 * Prints one JSON object per network: the region count, the median seconds and regionsPerSecond of
 * enumerateRegions, and the same through the command-line code path (`relu-origami regions MODEL --window
 * ... --json`, run in-process with runCli, so process start-up is excluded; model parsing and JSON output
 * are included). `seconds` is the median of BENCH_REPEATS runs (default 7) after a warm-up, `best*` the
 * fastest run; `loadAverage` tells whether other work shared the machine. Not a test: nothing here asserts
 * a time.
 */
import { loadavg } from 'node:os';
import { median } from '../../src/benchPage/timing.ts';
import { memoryIo } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/run.ts';
import { toModelJson } from '../../src/engine/model.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';
import { BENCH_NETWORKS, benchName, benchNetwork, benchWidths } from '../networks.ts';

/** The networks the exact enumeration is timed on: those of the shared list marked `exact`. */
const CASES = BENCH_NETWORKS.flatMap(({ W, L, exact }) =>
  exact
    ? [{ name: benchName(W, L, exact.half), W, L, widths: benchWidths(W, L), seed: 1, half: exact.half }]
    : [],
);

const REPEATS = Number(process.env.BENCH_REPEATS ?? 7);

function time(f: () => void): number {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

for (const c of CASES) {
  const net = benchNetwork(c.W, c.L, c.seed);
  const window = { x0: -c.half, x1: c.half, y0: -c.half, y1: c.half };
  let regions = 0;
  const run = () => {
    const e = enumerateRegions(net, window);
    if (typeof e === 'string') throw new Error(e);
    regions = e.regions.length;
  };
  run(); // warm-up (JIT)
  const engineTimes = Array.from({ length: REPEATS }, () => time(run));
  const engine = median(engineTimes);

  const files = { 'model.json': JSON.stringify(toModelJson(net)) };
  const argv = ['regions', 'model.json', '--window', `${-c.half},${c.half},${-c.half},${c.half}`, '--json'];
  let cliRegions = 0;
  const runCommand = () => {
    const io = memoryIo(files);
    const status = runCli(argv, io);
    if (status !== 0) throw new Error(io.err);
    cliRegions = (JSON.parse(io.out) as { regions: number }).regions;
  };
  runCommand();
  const cliTimes = Array.from({ length: REPEATS }, () => time(runCommand));
  const cli = median(cliTimes);

  console.log(
    JSON.stringify({
      network: c.name,
      widths: c.widths,
      init: 'he',
      seed: c.seed,
      window: [window.x0, window.x1, window.y0, window.y1],
      regions,
      seconds: engine,
      regionsPerSecond: Math.round(regions / engine),
      bestSeconds: Math.min(...engineTimes),
      bestRegionsPerSecond: Math.round(regions / Math.min(...engineTimes)),
      cli: {
        command: `relu-origami ${argv.join(' ')}`,
        regions: cliRegions,
        seconds: cli,
        regionsPerSecond: Math.round(cliRegions / cli),
        bestRegionsPerSecond: Math.round(cliRegions / Math.min(...cliTimes)),
      },
      repeats: REPEATS,
      node: process.version,
      loadAverage: Number(loadavg()[0]!.toFixed(2)),
    }),
  );
}
