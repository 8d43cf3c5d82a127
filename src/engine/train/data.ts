/**
 * Point sets for training: inputs, labels or targets, and the seeded train/test split.
 */
import { Rng } from '../rng.ts';

/** Classification (integer labels 0..classes-1) or regression (real targets). */
export type TaskKind = 'classification' | 'regression';

/** A set of points: `count` inputs of `inputDim` numbers each and one label or target per point. */
export interface PointSet {
  /** Number of input coordinates per point (>= 1). */
  readonly inputDim: number;
  /** Number of points (>= 0). */
  readonly count: number;
  /** Inputs, row-major: x[p * inputDim + i] is coordinate i of point p. */
  readonly x: Float64Array;
  /** One label (an integer stored as a double) or target per point. */
  readonly y: Float64Array;
}

/** A training problem: the task, its class count, and the train and test points. */
export interface Dataset {
  /** Classification or regression. */
  readonly kind: TaskKind;
  /** Number of classes (max label + 1, at least 2) for classification; 0 for regression. */
  readonly classes: number;
  /** Number of input coordinates per point. */
  readonly inputDim: number;
  /** The points the optimiser sees (never empty). */
  readonly train: PointSet;
  /** The held-out points (may be empty, e.g. with split 1). */
  readonly test: PointSet;
}

/** Copy the points of `src` at `indices[from..to)` into a new point set. */
function pick(src: PointSet, indices: Uint32Array, from: number, to: number): PointSet {
  const d = src.inputDim;
  const n = to - from;
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const p = indices[from + k]!;
    for (let i = 0; i < d; i++) x[k * d + i] = src.x[p * d + i]!;
    y[k] = src.y[p]!;
  }
  return { inputDim: d, count: n, x, y };
}

/**
 * A seeded Fisher-Yates permutation of 0..n-1 into `out` (length n), using `rng`; returns `out`.
 */
export function shuffleInto(out: Uint32Array, rng: Rng): Uint32Array {
  for (let i = 0; i < out.length; i++) out[i] = i;
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}

/**
 * Split `points` into train and test sets: a seeded permutation, then the first round(split * count) points
 * (at least one) train and the rest test. `split` is the train fraction in (0, 1]; returns a message for
 * an empty set or a split outside (0, 1].
 */
export function splitPoints(
  points: PointSet,
  split: number,
  seed: number,
): { train: PointSet; test: PointSet } | string {
  if (points.count === 0) return 'there are no points';
  if (!(split > 0 && split <= 1)) return `the split is ${split}, expected a train fraction in (0, 1]`;
  const order = shuffleInto(new Uint32Array(points.count), new Rng(seed));
  const nTrain = Math.max(1, Math.min(points.count, Math.round(split * points.count)));
  return { train: pick(points, order, 0, nTrain), test: pick(points, order, nTrain, points.count) };
}

/**
 * Make a dataset from points: classification when `kind` says so (labels must be integers >= 0; the class
 * count is max label + 1, at least 2), else regression. Returns a message when a label is not a
 * non-negative integer or the split fails.
 */
export function makeDataset(points: PointSet, kind: TaskKind, split: number, seed: number): Dataset | string {
  let classes = 0;
  if (kind === 'classification') {
    let max = 0;
    for (let p = 0; p < points.count; p++) {
      const v = points.y[p]!;
      if (!Number.isInteger(v) || v < 0 || v > 65_535)
        return `point ${p + 1} has label ${v}, expected an integer class from 0 to 65535`;
      if (v > max) max = v;
    }
    classes = Math.max(2, max + 1);
  }
  const s = splitPoints(points, split, seed);
  if (typeof s === 'string') return s;
  return { kind, classes, inputDim: points.inputDim, train: s.train, test: s.test };
}
