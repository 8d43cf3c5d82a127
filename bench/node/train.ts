/**
 * `npm run bench:train`: training throughput of the engine's trainer (float64, deterministic) against
 * TensorFlow.js's CPU backend (float32, @tensorflow/tfjs-core with @tensorflow/tfjs-backend-cpu, a dev
 * dependency of this benchmark only) on the same networks, data, loss (binary cross-entropy with logits),
 * optimiser (Adam, learning rate 0.01) and batch size (32), in one Node process. Rounds alternate ours and
 * theirs (BENCH_ROUNDS, default 7, each about BENCH_SECONDS = 0.4 s of steps after a warm-up round) and
 * the medians of the rounds' steps per second are printed as one JSON object per network, with their ratio.
 * Then the explorer trains the same networks in its worker in headless Chromium while drawing the map
 * (bench/node/trainPage.ts; BENCH_PAGE_SECONDS each, default 4; BENCH_PAGE=0 skips it), and those figures
 * join each network's JSON object. Not a test: nothing here asserts a time.
 */
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { buildSync } from 'esbuild';
import { median } from '../../src/benchPage/timing.ts';
import { generateDataset } from '../../src/engine/train/datasets.ts';
import { createTrainer } from '../../src/engine/train/trainer.ts';
import { measureWithPage } from './trainPage.ts';

const CASES = [
  { name: 'relu 2-8x3-1, batch 32', widths: [2, 8, 8, 8, 1] },
  { name: 'relu 2-64x4-1, batch 32', widths: [2, 64, 64, 64, 64, 1] },
];
const PAGE_SECONDS = Number(process.env.BENCH_PAGE_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 0.4);
const BATCH = 32;

/** Steps per second of `step(k)` over about SECONDS (k grows until a call takes a tenth of it). */
function rate(step: (k: number) => void): number {
  let k = 1;
  let steps = 0;
  const t0 = performance.now();
  for (;;) {
    const t = performance.now();
    step(k);
    steps += k;
    const dt = (performance.now() - t) / 1000;
    if (dt < SECONDS / 10) k *= 2;
    if ((performance.now() - t0) / 1000 >= SECONDS) break;
  }
  return steps / ((performance.now() - t0) / 1000);
}

// tfjs-core's gradients ship only as ES modules written for bundlers (directory imports), which Node cannot
// load; bundle that one module with esbuild (tsx's own dependency) and run it. It registers the gradients in
// tfjs's global registry, which the CommonJS build loaded above shares.
const require = createRequire(import.meta.url);
const gradients = buildSync({
  entryPoints: [require.resolve('@tensorflow/tfjs-core/dist/register_all_gradients.js')],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  write: false,
  logLevel: 'silent',
});
new Function('require', 'module', 'exports', gradients.outputFiles[0]!.text)(require, { exports: {} }, {});
await tf.setBackend('cpu');
await tf.ready();
const data = generateDataset({ name: 'spiral', points: 500, noise: 0.03, seed: 1 });
if (typeof data === 'string') throw new Error(data);

const results: Record<string, unknown>[] = [];
for (const c of CASES) {
  const made = createTrainer({ widths: c.widths, activation: 'relu', seed: 1 }, data);
  if (!made.ok) throw new Error(made.message);
  const ours = made.trainer;

  // The same network in TensorFlow.js, from our initial weights (tfjs keeps out x in as in x out).
  const vars = ours.network.layers.map((L) => ({
    w: tf.variable(tf.transpose(tf.tensor2d(Array.from(L.weights), [L.outDim, L.inDim]))),
    b: tf.variable(tf.tensor1d(Array.from(L.bias))),
  }));
  const optimizer = tf.train.adam(0.01, 0.9, 0.999, 1e-8);
  const xs = tf.tensor2d(Array.from(data.train.x), [data.train.count, 2]);
  const ys = tf.tensor2d(Array.from(data.train.y), [data.train.count, 1]);
  let cursor = 0;
  const theirStep = (k: number) => {
    for (let s = 0; s < k; s++) {
      const start = cursor;
      cursor = (cursor + BATCH) % (data.train.count - BATCH);
      tf.tidy(() => {
        const xb = tf.slice(xs, [start, 0], [BATCH, 2]);
        const yb = tf.slice(ys, [start, 0], [BATCH, 1]);
        optimizer.minimize(() => {
          let h: tf.Tensor = xb;
          vars.forEach((v, l) => {
            h = tf.add(tf.matMul(h, v.w), v.b);
            if (l < vars.length - 1) h = tf.relu(h);
          });
          return tf.losses.sigmoidCrossEntropy(yb, h) as tf.Scalar;
        });
      });
    }
  };
  const ourStep = (k: number) => ours.step(k);
  ourStep(50);
  theirStep(20);
  const oursRates: number[] = [];
  const theirRates: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    oursRates.push(rate(ourStep));
    theirRates.push(rate(theirStep));
  }
  const oursMedian = median(oursRates);
  const theirsMedian = median(theirRates);
  results.push({
    name: c.name,
    arch: c.widths.join('-'),
    parameters: ours.params.length,
    oursStepsPerSecond: Math.round(oursMedian),
    tfjsCpuStepsPerSecond: Math.round(theirsMedian),
    ratio: Number((oursMedian / theirsMedian).toFixed(2)),
    rounds: ROUNDS,
    tfjs: tf.version_core,
    loadAverage: loadavg()[0],
  });
  tf.dispose([xs, ys, ...vars.flatMap((v) => [v.w, v.b])]);
  optimizer.dispose();
}

const page =
  process.env.BENCH_PAGE === '0'
    ? null
    : await measureWithPage(
        CASES.map((c) => c.widths.join('-')),
        PAGE_SECONDS,
      );
for (const r of results) {
  const p = page?.get(r.arch as string);
  console.log(JSON.stringify({ ...r, ...(p ?? {}), pageLoadAverage: p ? loadavg()[0] : undefined }));
}
