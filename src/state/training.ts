/**
 * The training settings of the explorer (dataset and its settings, optimiser and its settings) and their
 * URL-hash fields as one table: each row names its key, writes its value and reads it back with a check,
 * so that encode and decode cannot drift apart. The architecture, activation and seed of the run are the
 * architecture's own fields (`arch`, `act`, `seed`); a link with these fields reproduces a run step for step.
 */
import { DATASET_DEFAULTS, DATASETS, type DatasetName, isDatasetName } from '../engine/train/datasets.ts';
import { isOptimizerName, type OptimizerName } from '../engine/train/optimizers.ts';
import { TRAINER_DEFAULTS } from '../engine/train/trainer.ts';

/**
 * The `dataset` value of a run on the points of the map (a CSV loaded, points set through the API or added
 * by clicks) rather than a built-in dataset. Those points are not in the URL: a link with `data=user` says
 * that the run used them, and reproduces it only where the same points are loaded.
 */
export const USER_DATASET = 'user';

/** A built-in dataset, or {@link USER_DATASET} for the points on the map. */
export type TrainingDataName = DatasetName | typeof USER_DATASET;

/** Everything that determines a training run besides the architecture and its seed. */
export interface TrainingSettings {
  /** The built-in dataset trained on, or `user`: the points on the map (split and seeded by `split`, `dataSeed`). */
  dataset: TrainingDataName;
  /** Standard deviation of the Gaussian noise (input units before scaling; the target for regression). */
  noise: number;
  /** Number of points, train and test together. */
  points: number;
  /** Fraction of the points used for training (the rest are the test set). */
  split: number;
  /** Seed of the points and of the split. */
  dataSeed: number;
  /** adam or sgd (with momentum). */
  optimizer: OptimizerName;
  /** Learning rate. */
  learningRate: number;
  /** Points per mini-batch. */
  batchSize: number;
  /** L2 coefficient on the weights. */
  l2: number;
  /** Momentum of SGD (unused by Adam). */
  momentum: number;
}

/** A fresh copy of the default training settings: spiral with noise 0.03, Adam, lr 0.01, batch 32. */
export function defaultTraining(): TrainingSettings {
  return {
    dataset: 'spiral',
    noise: 0.03,
    points: DATASET_DEFAULTS.points,
    split: DATASET_DEFAULTS.split,
    dataSeed: DATASET_DEFAULTS.seed,
    optimizer: TRAINER_DEFAULTS.optimizer,
    learningRate: TRAINER_DEFAULTS.learningRate,
    batchSize: TRAINER_DEFAULTS.batchSize,
    l2: TRAINER_DEFAULTS.l2,
    momentum: TRAINER_DEFAULTS.momentum,
  };
}

/** Most points a dataset of the explorer may have. */
export const MAX_TRAINING_POINTS = 100_000;

/** One URL-hash field of the training settings. */
interface TrainingField {
  /** The key in the hash. */
  key: string;
  /** The value as written in the hash. */
  write(t: TrainingSettings): string;
  /** Set the field from `value`, or return what was expected (the settings are then unchanged). */
  read(t: TrainingSettings, value: string): string | null;
}

const finite = (v: string): number | null => {
  const x = v.trim() === '' ? Number.NaN : Number(v);
  return Number.isFinite(x) ? x : null;
};

/** A numeric field: `ok` decides whether a value is allowed, `expected` says what is. */
function numberField(
  key: string,
  name: 'noise' | 'points' | 'split' | 'dataSeed' | 'learningRate' | 'batchSize' | 'l2' | 'momentum',
  ok: (x: number) => boolean,
  expected: string,
): TrainingField {
  return {
    key,
    write: (t) => String(t[name]),
    read(t, value) {
      const x = finite(value);
      if (x === null || !ok(x)) return expected;
      t[name] = x;
      return null;
    },
  };
}

const isInt = (x: number, lo: number, hi: number) => Number.isInteger(x) && x >= lo && x <= hi;

/** The training fields of the URL hash, in the order they are written. */
export const TRAINING_FIELDS: readonly TrainingField[] = [
  {
    key: 'data',
    write: (t) => t.dataset,
    read(t, value) {
      if (value !== USER_DATASET && !isDatasetName(value))
        return `one of ${DATASETS.join(', ')}, or ${USER_DATASET} (the points on the map)`;
      t.dataset = value;
      return null;
    },
  },
  numberField('noise', 'noise', (x) => x >= 0 && x <= 10, 'a noise level from 0 to 10'),
  numberField(
    'pts',
    'points',
    (x) => isInt(x, 2, MAX_TRAINING_POINTS),
    `an integer from 2 to ${MAX_TRAINING_POINTS}`,
  ),
  numberField('split', 'split', (x) => x > 0 && x <= 1, 'a train fraction in (0, 1]'),
  numberField('dseed', 'dataSeed', (x) => isInt(x, 0, 0xffffffff), 'an integer from 0 to 4294967295'),
  {
    key: 'opt',
    write: (t) => t.optimizer,
    read(t, value) {
      if (!isOptimizerName(value)) return 'adam or sgd';
      t.optimizer = value;
      return null;
    },
  },
  numberField('lr', 'learningRate', (x) => x > 0 && x <= 1000, 'a learning rate in (0, 1000]'),
  numberField('batch', 'batchSize', (x) => isInt(x, 1, 1_000_000), 'an integer from 1 to 1000000'),
  numberField('l2', 'l2', (x) => x >= 0 && x <= 1000, 'an L2 coefficient in [0, 1000]'),
  numberField('mom', 'momentum', (x) => x >= 0 && x < 1, 'a momentum in [0, 1)'),
];

/**
 * The hash fields `key=value` of `t` that differ from the defaults (a hash without them means the
 * defaults, so older links read as they did).
 */
export function encodeTraining(t: TrainingSettings): string[] {
  const d = defaultTraining();
  const out: string[] = [];
  for (const f of TRAINING_FIELDS) {
    const v = f.write(t);
    if (v !== f.write(d)) out.push(`${f.key}=${encodeURIComponent(v)}`);
  }
  return out;
}

/**
 * Read the hash field `key` into `t`: returns null when `key` is no training field, true when it was read,
 * or the text of what was expected when the value is malformed (`t` is then unchanged).
 */
export function decodeTrainingField(t: TrainingSettings, key: string, value: string): true | string | null {
  const f = TRAINING_FIELDS.find((x) => x.key === key);
  if (!f) return null;
  return f.read(t, value) ?? true;
}

/** A copy of `t`. */
export function cloneTraining(t: TrainingSettings): TrainingSettings {
  return { ...t };
}
