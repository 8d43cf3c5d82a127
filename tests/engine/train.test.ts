/**
 * The trainer: the accuracy claims on the built-in datasets from fixed seeds, a regression loss, bit-for-bit
 * reproducibility (two runs, and golden hashes of the weights that a browser run is compared with), the
 * trained network's exact region count against the rational enumeration, and the deterministic functions
 * against Math's.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { evaluatePoint } from '../../src/engine/forward.ts';
import type { Window } from '../../src/engine/plane.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';
import {
  DATASETS,
  type DatasetName,
  generateDataset,
  generatePoints,
} from '../../src/engine/train/datasets.ts';
import { detExp, detLog1p, detSinCos } from '../../src/engine/train/detmath.ts';
import { networkView } from '../../src/engine/train/layout.ts';
import { createTrainer, type Trainer, type TrainerConfig } from '../../src/engine/train/trainer.ts';
import { compareWithExact } from './lib/compare.ts';

function trainer(name: DatasetName, config: Partial<TrainerConfig> = {}, noise = 0.03): Trainer {
  const data = generateDataset({ name, noise, points: 500, split: 0.5, seed: 1 });
  if (typeof data === 'string') throw new Error(data);
  const made = createTrainer({ widths: [2, 16, 16, 16, 1], activation: 'relu', seed: 1, ...config }, data);
  if (!made.ok) throw new Error(made.message);
  return made.trainer;
}

function sha256(a: Float64Array): string {
  return createHash('sha256')
    .update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength))
    .digest('hex');
}

describe('accuracy from fixed seeds (2 -> 16 x 3 ReLU, Adam, lr 0.01, batch 32, 3000 steps)', () => {
  // 500 points, noise 0.03 (unit coordinates), half train, half test, seed 1.
  it('circle, xor, spiral and rings reach >= 95% test accuracy', () => {
    for (const name of ['circle', 'xor', 'spiral', 'rings'] as const) {
      const t = trainer(name);
      const before = t.metrics();
      t.step(3000);
      const m = t.metrics();
      expect(before.testAccuracy!, name).toBeLessThan(0.8);
      expect(m.testAccuracy!, name).toBeGreaterThanOrEqual(0.95);
      expect(m.trainAccuracy!, name).toBeGreaterThanOrEqual(0.98);
    }
  });

  it('regression: plane, bump and sawtooth reach test MSE below 0.002, 0.005 and 0.03 (noise 0)', () => {
    const bounds = { plane: 0.002, bump: 0.005, sawtooth: 0.03 } as const;
    for (const name of ['plane', 'bump', 'sawtooth'] as const) {
      const t = trainer(name, {}, 0);
      const before = t.metrics().testLoss!;
      t.step(3000);
      const m = t.metrics();
      expect(m.trainAccuracy).toBeNull();
      expect(m.testLoss!, name).toBeLessThan(bounds[name]);
      expect(m.testLoss!, name).toBeLessThan(before / 10);
    }
  });

  it('sgd with momentum also learns circle', () => {
    const t = trainer('circle', { optimizer: 'sgd', learningRate: 0.05 });
    t.step(2000);
    expect(t.metrics().testAccuracy!).toBeGreaterThanOrEqual(0.95);
  });
});

describe('reproducibility', () => {
  it('the same seed gives the same weights bit for bit; reset replays the run', () => {
    const a = trainer('spiral');
    const b = trainer('spiral');
    a.step(500);
    b.step(200);
    b.step(300);
    expect(new Uint8Array(b.params.buffer)).toEqual(new Uint8Array(a.params.buffer));
    const first = a.params.slice();
    a.reset();
    expect(a.steps).toBe(0);
    a.step(500);
    expect(sha256(a.params)).toBe(sha256(first));
    const c = trainer('spiral', { seed: 2 });
    c.step(500);
    expect(sha256(c.params)).not.toBe(sha256(first));
  });

  it('golden hashes of the weights (sha256 of the float64 bytes, little-endian)', () => {
    // A browser run of the same settings must give these bytes too.
    const golden: Record<string, string> = {
      'spiral adam relu 500': '370b7f1213de7839181449a6905b2cdddf174a8ce86018f461a0889e1c714feb',
      'rings sgd abs 300': '2bdb732e1fbd1433c46b43f07b01a2ba1cd04f9d4861dff22d9e12ae70816bb0',
      'bump adam prelu 300': '081ef547099e0b4d80d837e653f5bb888ce00219be62055b55907fbd8fdd23ac',
    };
    const got: Record<string, string> = {};
    const s = trainer('spiral');
    s.step(500);
    got['spiral adam relu 500'] = sha256(s.params);
    const r = trainer('rings', { optimizer: 'sgd', activation: 'abs', learningRate: 0.02, l2: 1e-4 });
    r.step(300);
    got['rings sgd abs 300'] = sha256(r.params);
    const b = trainer('bump', { activation: 'prelu', batchSize: 7 }, 0.05);
    b.step(300);
    got['bump adam prelu 300'] = sha256(b.params);
    expect(got).toEqual(golden);
  });

  it('datasets are reproducible, and the golden hash of their points is fixed', () => {
    const hashes: Record<string, string> = {};
    for (const name of DATASETS) {
      const p = generatePoints({ name, noise: 0.05, points: 200, seed: 7 });
      if (typeof p === 'string') throw new Error(p);
      const q = generatePoints({ name, noise: 0.05, points: 200, seed: 7 });
      if (typeof q === 'string') throw new Error(q);
      expect(sha256(q.x)).toBe(sha256(p.x));
      hashes[name] = sha256(new Float64Array([...p.x, ...p.y])).slice(0, 16);
    }
    expect(hashes).toEqual(GOLDEN_POINTS);
  });
});

/** The first 16 hex digits of the sha256 of each dataset's points (x then y), 200 points, noise 0.05, seed 7. */
const GOLDEN_POINTS: Record<string, string> = {
  circle: 'a0b99a00ecded099',
  xor: 'aecf8ddb88cca936',
  gaussians: '371cb2f1d2aca653',
  spiral: 'c350d47f5ffed301',
  moons: '381f8701fdf8948a',
  checkerboard: '34bc0d7b960544cf',
  rings: '33b8d795c207f544',
  plane: '35aebb75208a368f',
  bump: 'aafee98fb6a74660',
  sawtooth: 'a972d8bb2914b14d',
};

describe('the trained network is what the engine counts', () => {
  it('a small trained net: exact region count equals the rational enumeration', () => {
    const t = trainer('circle', { widths: [2, 6, 5, 1] });
    t.step(400);
    expect(t.metrics().trainAccuracy!).toBeGreaterThan(0.9);
    const w: Window = { x0: -3, x1: 3, y0: -3, y1: 3 };
    const e = enumerateRegions(t.network, w);
    if (typeof e === 'string') throw new Error(e);
    const truth = compareWithExact(t.network, w, e, 'trained circle');
    expect(truth.regions).toBe(e.count);
    expect(e.count).toBeGreaterThan(10);
  });

  it('the network view shares the parameters; its forward pass is the trainer’s', () => {
    const t = trainer('xor', { widths: [2, 8, 8, 1], activation: 'leaky_relu' });
    t.step(100);
    const copy = networkView(t.layout, t.params.slice());
    const data = t.data.test;
    for (let p = 0; p < 20; p++) {
      const x = [data.x[2 * p]!, data.x[2 * p + 1]!];
      expect(evaluatePoint(copy, x).output[0]).toBe(evaluatePoint(t.network, x).output[0]);
    }
    t.step(1);
    expect(t.network.layers[0]!.weights[0]).toBe(t.params[0]);
  });
});

describe('deterministic functions', () => {
  it('exp, log1p, sin and cos agree with Math within two units in the last place', () => {
    const sc = new Float64Array(2);
    const ulp = (v: number) => 2 ** (Math.floor(Math.log2(Math.abs(v) || 1)) - 52);
    for (let k = 0; k < 20000; k++) {
      const x = -700 + (1400 * k) / 20000 + 0.123;
      expect(Math.abs(detExp(x) - Math.exp(x))).toBeLessThanOrEqual(2 * ulp(Math.exp(x)));
      const u = 10 ** (-20 + (20 * k) / 20000);
      expect(Math.abs(detLog1p(u) - Math.log1p(u))).toBeLessThanOrEqual(8 * ulp(Math.log1p(u)));
      const a = -60 + (120 * k) / 20000 + 0.001;
      detSinCos(a, sc);
      expect(Math.abs(sc[0]! - Math.sin(a))).toBeLessThanOrEqual(2 * ulp(1));
      expect(Math.abs(sc[1]! - Math.cos(a))).toBeLessThanOrEqual(2 * ulp(1));
    }
    expect(detExp(0)).toBe(1);
    expect(detExp(800)).toBe(Number.POSITIVE_INFINITY);
    expect(detExp(-800)).toBe(0);
  });
});
