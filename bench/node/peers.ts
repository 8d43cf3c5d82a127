/**
 * `npm run bench:peers`: the CPU engine against edge subdivision (Berzins, ICML 2023), run by run interleaved
 * in one process pair on the same machine, both on one thread. The peer runs in its own published PyTorch
 * code, from a clone of github.com/arturs-berzins/relu_edge_subdivision named by PEER_EDGE_SUBDIVISION (it is
 * not shipped), through bench/peers/edge_subdivision_runner.py under PYTHON (default python3, which needs
 * torch and numpy). Prints one JSON object per network 2 -> W x L -> 1 (seed 1, He) on [-4, 4]^2: both
 * region counts (the peer's from its vertices and edges: E - V + 1) and whether they agree, each side's
 * median seconds, runs and spread (slowest / fastest), and `ratio`: the peer's median over ours, for the
 * full enumeration (polygons, patterns and affine maps, more than the peer builds) and for `areasOnly`
 * (the count and areas: what `relu-origami regions` computes without --detail). The peer runs in its
 * default float32; on deeper networks its count can then differ from the exact one. BENCH_ONLY=32x4,64x4
 * picks networks; BENCH_REPEATS sets the runs (default 5). Not a test: nothing here asserts a time.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { median } from '../../src/benchPage/timing.ts';
import { toModelJson } from '../../src/engine/model.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';
import { benchNetwork, benchWidths } from '../networks.ts';
import { timed, warmUp } from './timed.ts';

const CASES: ReadonlyArray<{ W: number; L: number }> = [
  { W: 8, L: 3 },
  { W: 16, L: 3 },
  { W: 32, L: 4 },
  { W: 64, L: 4 },
  { W: 128, L: 4 },
  { W: 64, L: 8 },
];
const HALF = 4;
const ONLY = process.env.BENCH_ONLY?.split(',');
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const peerDir = process.env.PEER_EDGE_SUBDIVISION;
if (!peerDir) {
  console.log(
    JSON.stringify({
      skipped:
        'set PEER_EDGE_SUBDIVISION to a clone of https://github.com/arturs-berzins/relu_edge_subdivision ' +
        '(and PYTHON to a python3 with torch and numpy)',
    }),
  );
  process.exit(0);
}

interface PeerAnswer {
  seconds: number;
  vertices: number;
  edges: number;
  regions: number;
  error?: string;
}

const runner = join(import.meta.dirname, '..', 'peers', 'edge_subdivision_runner.py');
const child = spawn(process.env.PYTHON ?? 'python3', [runner, peerDir], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const answers = createInterface({ input: child.stdout })[Symbol.asyncIterator]();

async function peer(model: string): Promise<PeerAnswer> {
  child.stdin.write(`${JSON.stringify({ model, half: HALF })}\n`);
  const next = await answers.next();
  if (next.done) throw new Error('the peer runner ended early (see its message above)');
  const a = JSON.parse(next.value) as PeerAnswer;
  if (a.error) throw new Error(`peer: ${a.error}`);
  return a;
}

function ours(
  net: ReturnType<typeof benchNetwork>,
  areasOnly: boolean,
): { seconds: number; regions: number } {
  const got: ReturnType<typeof enumerateRegions>[] = [];
  const seconds = timed(() =>
    got.push(enumerateRegions(net, { x0: -HALF, x1: HALF, y0: -HALF, y1: HALF }, { areasOnly })),
  );
  const e = got[0]!;
  if (typeof e === 'string') throw new Error(e);
  return { seconds, regions: e.count };
}

const summary = (times: number[]) => ({
  seconds: Number(median(times).toFixed(4)),
  runs: times.map((t) => Number(t.toFixed(4))),
  spread: Number((Math.max(...times) / Math.min(...times)).toFixed(2)),
});

const dir = mkdtempSync(join(tmpdir(), 'relu-origami-peers-'));
try {
  for (const c of CASES) {
    const tag = `${c.W}x${c.L}`;
    if (ONLY && !ONLY.includes(tag)) continue;
    const net = benchNetwork(c.W, c.L, 1);
    const model = join(dir, `${tag}.json`);
    writeFileSync(model, JSON.stringify(toModelJson(net)));
    warmUp(() => {
      ours(net, false);
      ours(net, true);
    });
    let p = await peer(model);
    const full: number[] = [];
    const lean: number[] = [];
    const theirs: number[] = [];
    let regions = 0;
    for (let r = 0; r < REPEATS; r++) {
      const f = ours(net, false);
      regions = f.regions;
      full.push(f.seconds);
      lean.push(ours(net, true).seconds);
      p = await peer(model);
      theirs.push(p.seconds);
    }
    console.log(
      JSON.stringify({
        network: `relu 2-${c.W}x${c.L}-1 on [-${HALF},${HALF}]^2`,
        widths: benchWidths(c.W, c.L),
        regions,
        peer: {
          method: 'edge subdivision, float32',
          ...summary(theirs),
          vertices: p.vertices,
          edges: p.edges,
          regions: p.regions,
        },
        countsAgree: p.regions === regions,
        ours: summary(full),
        oursAreasOnly: summary(lean),
        ratio: Number((median(theirs) / median(full)).toFixed(2)),
        ratioAreasOnly: Number((median(theirs) / median(lean)).toFixed(2)),
        node: process.version,
        loadAverage: Number(loadavg()[0]!.toFixed(2)),
      }),
    );
  }
} finally {
  child.stdin.end();
  rmSync(dir, { recursive: true, force: true });
}
