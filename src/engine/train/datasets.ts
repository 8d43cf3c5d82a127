/**
 * The built-in datasets: seven two-class problems and three regression surfaces on the plane, generated
 * from a seed with the engine's Rng and the basic-operation functions of detmath.ts, so the same settings
 * give the same points bit for bit in Node and in browsers.
 *
 * Every generator draws a clean point in unit coordinates (roughly [-1, 1]^2), adds Gaussian noise of
 * standard deviation `noise` to each input coordinate (classification) or to the target (regression), and
 * multiplies the inputs by `extent` (default 2.5, so the data fills most of the explorer's default view
 * [-3, 3]^2). Labels are decided before the noise is added. The formulas are listed in docs/training.md.
 */
import { Rng } from '../rng.ts';
import { type Dataset, makeDataset, type PointSet, type TaskKind } from './data.ts';
import { detExp, detSinCos } from './detmath.ts';

/** The classification datasets (two classes, labels 0 and 1). */
export const CLASSIFICATION_DATASETS = [
  'circle',
  'xor',
  'gaussians',
  'spiral',
  'moons',
  'checkerboard',
  'rings',
] as const;
/** The regression datasets (one real target). */
export const REGRESSION_DATASETS = ['plane', 'bump', 'sawtooth'] as const;
/** Every built-in dataset name. */
export const DATASETS = [...CLASSIFICATION_DATASETS, ...REGRESSION_DATASETS] as const;
/** One built-in dataset name. */
export type DatasetName = (typeof DATASETS)[number];

/** True when `name` is one of {@link DATASETS}. */
export function isDatasetName(name: unknown): name is DatasetName {
  return typeof name === 'string' && (DATASETS as readonly string[]).includes(name);
}

/** The task of a built-in dataset. */
export function datasetKind(name: DatasetName): TaskKind {
  return (REGRESSION_DATASETS as readonly string[]).includes(name) ? 'regression' : 'classification';
}

/** Settings of {@link generateDataset}. */
export interface DatasetOptions {
  /** Which dataset. */
  name: DatasetName;
  /** Number of points, train and test together (default 500; 2 to 1,000,000). */
  points?: number;
  /** Standard deviation of the Gaussian noise, in unit coordinates (inputs) or target units (default 0). */
  noise?: number;
  /** Fraction of the points that train, in (0, 1] (default 0.5); the rest test. */
  split?: number;
  /** Seed of the generator and of the split (default 1). */
  seed?: number;
  /** Factor applied to the inputs after the noise (default 2.5). */
  extent?: number;
}

/** The defaults of {@link DatasetOptions}. */
export const DATASET_DEFAULTS = { points: 500, noise: 0, split: 0.5, seed: 1, extent: 2.5 } as const;

const sc = new Float64Array(2);

/** Writes a clean point into p (unit coordinates) and returns its label or target. */
type Generator = (rng: Rng, index: number, count: number, p: Float64Array) => number;

/** A point uniform in the annulus r0 <= |p| <= r1 (area-uniform radius, uniform angle). */
function annulus(rng: Rng, r0: number, r1: number, p: Float64Array): void {
  const r = Math.sqrt(r0 * r0 + (r1 * r1 - r0 * r0) * rng.next());
  detSinCos(2 * Math.PI * rng.next(), sc);
  p[0] = r * sc[1]!;
  p[1] = r * sc[0]!;
}

const GENERATORS: Readonly<Record<DatasetName, Generator>> = {
  // Class 1 inside radius 0.5, class 0 in the ring 0.7..1 (half the points each).
  circle: (rng, k, _n, p) => {
    const inner = k % 2 === 0;
    annulus(rng, inner ? 0 : 0.7, inner ? 0.5 : 1, p);
    return inner ? 1 : 0;
  },
  // Each coordinate uniform in [0.05, 1] in absolute value with a random sign; class 1 when x y > 0.
  xor: (rng, _k, _n, p) => {
    for (let i = 0; i < 2; i++) {
      const m = 0.05 + 0.95 * rng.next();
      p[i] = rng.next() < 0.5 ? -m : m;
    }
    return p[0]! * p[1]! > 0 ? 1 : 0;
  },
  // Class 1 around (0.5, 0.5), class 0 around (-0.5, -0.5), standard deviation 0.25.
  gaussians: (rng, k, _n, p) => {
    const c = k % 2 === 0 ? 0.5 : -0.5;
    p[0] = c + 0.25 * rng.normal();
    p[1] = c + 0.25 * rng.normal();
    return k % 2 === 0 ? 1 : 0;
  },
  // Two interleaved arms r = t, angle 3.5 pi t (+ pi for class 0), t evenly spaced in [0.05, 1].
  spiral: (_rng, k, n, p) => {
    const half = Math.ceil(n / 2);
    const i = k >> 1;
    const t = 0.05 + (0.95 * i) / Math.max(1, half - 1);
    detSinCos(3.5 * Math.PI * t + (k % 2 === 0 ? 0 : Math.PI), sc);
    p[0] = t * sc[1]!;
    p[1] = t * sc[0]!;
    return k % 2 === 0 ? 1 : 0;
  },
  // Two half circles of radius 1, (cos a, sin a) and (1 - cos a, 0.5 - sin a), a uniform in [0, pi],
  // moved by (-0.5, -0.25) and scaled by 2/3.
  moons: (rng, k, _n, p) => {
    detSinCos(Math.PI * rng.next(), sc);
    const upper = k % 2 === 0;
    const x = upper ? sc[1]! : 1 - sc[1]!;
    const y = upper ? sc[0]! : 0.5 - sc[0]!;
    p[0] = ((x - 0.5) * 2) / 3;
    p[1] = ((y - 0.25) * 2) / 3;
    return upper ? 1 : 0;
  },
  // Uniform in [-1, 1]^2 on a 4 x 4 board of cells 0.5 wide; class 1 on the cells whose indices sum to even.
  checkerboard: (rng, _k, _n, p) => {
    p[0] = 2 * rng.next() - 1;
    p[1] = 2 * rng.next() - 1;
    const cx = Math.min(3, Math.floor((p[0]! + 1) * 2));
    const cy = Math.min(3, Math.floor((p[1]! + 1) * 2));
    return (cx + cy) % 2 === 0 ? 1 : 0;
  },
  // Three bands, radius in [0, 0.28], [0.38, 0.62] and [0.72, 1]; classes 1, 0, 1 (band chosen by index).
  rings: (rng, k, _n, p) => {
    const band = k % 3;
    const r0 = band === 0 ? 0 : band === 1 ? 0.38 : 0.72;
    const r1 = band === 0 ? 0.28 : band === 1 ? 0.62 : 1;
    annulus(rng, r0, r1, p);
    return band === 1 ? 0 : 1;
  },
  // Uniform in [-1, 1]^2; target 0.6 x - 0.4 y.
  plane: (rng, _k, _n, p) => {
    p[0] = 2 * rng.next() - 1;
    p[1] = 2 * rng.next() - 1;
    return 0.6 * p[0]! - 0.4 * p[1]!;
  },
  // Uniform in [-1, 1]^2; four Gaussian bumps of width 0.3 at (+-0.5, +-0.5), +1 on the diagonal, -1 off it.
  bump: (rng, _k, _n, p) => {
    p[0] = 2 * rng.next() - 1;
    p[1] = 2 * rng.next() - 1;
    let t = 0;
    for (let b = 0; b < 4; b++) {
      const cx = b & 1 ? 0.5 : -0.5;
      const cy = b & 2 ? 0.5 : -0.5;
      const dx = p[0]! - cx;
      const dy = p[1]! - cy;
      t += (cx * cy > 0 ? 1 : -1) * detExp(-(dx * dx + dy * dy) / (2 * 0.3 * 0.3));
    }
    return t;
  },
  // Uniform in [-1, 1]^2; a triangle wave in x of period 0.5 between -1 and 1: 4 |frac(2x) - 1/2| - 1.
  sawtooth: (rng, _k, _n, p) => {
    p[0] = 2 * rng.next() - 1;
    p[1] = 2 * rng.next() - 1;
    const u = 2 * p[0]!;
    return 4 * Math.abs(u - Math.floor(u) - 0.5) - 1;
  },
};

/** All points of a built-in dataset before the split (see the module comment); a message on bad settings. */
export function generatePoints(opts: DatasetOptions): PointSet | string {
  const n = opts.points ?? DATASET_DEFAULTS.points;
  const noise = opts.noise ?? DATASET_DEFAULTS.noise;
  const extent = opts.extent ?? DATASET_DEFAULTS.extent;
  if (!isDatasetName(opts.name))
    return `unknown dataset "${String(opts.name)}": expected ${DATASETS.join(', ')}`;
  if (!Number.isInteger(n) || n < 2 || n > 1_000_000)
    return `the number of points is ${n}, expected an integer from 2 to 1000000`;
  if (!(noise >= 0 && noise <= 10)) return `the noise is ${noise}, expected a number from 0 to 10`;
  if (!(extent > 0 && extent <= 1e6)) return `the extent is ${extent}, expected a number in (0, 1e6]`;
  const gen = GENERATORS[opts.name];
  const regression = datasetKind(opts.name) === 'regression';
  const rng = new Rng(opts.seed ?? DATASET_DEFAULTS.seed);
  const x = new Float64Array(2 * n);
  const y = new Float64Array(n);
  const p = new Float64Array(2);
  for (let k = 0; k < n; k++) {
    let v = gen(rng, k, n, p);
    if (noise > 0) {
      if (regression) v += noise * rng.normal();
      else {
        p[0] = p[0]! + noise * rng.normal();
        p[1] = p[1]! + noise * rng.normal();
      }
    }
    x[2 * k] = extent * p[0]!;
    x[2 * k + 1] = extent * p[1]!;
    y[k] = v;
  }
  return { inputDim: 2, count: n, x, y };
}

/**
 * A built-in dataset, generated and split (the split uses a generator seeded from `seed` too, so the
 * same options always give the same train and test points). Returns a message on bad settings.
 */
export function generateDataset(opts: DatasetOptions): Dataset | string {
  const points = generatePoints(opts);
  if (typeof points === 'string') return points;
  const seed = opts.seed ?? DATASET_DEFAULTS.seed;
  return makeDataset(
    points,
    datasetKind(opts.name),
    opts.split ?? DATASET_DEFAULTS.split,
    (new Rng(seed).nextUint32() ^ 0x5851f42d) >>> 0,
  );
}
