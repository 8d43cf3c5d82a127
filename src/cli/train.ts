/**
 * `relu-origami train --data FILE.csv | --dataset NAME [--noise N --points N --split F] --widths 2,16,16,1
 * [--activation relu] [--optimizer adam|sgd] [--lr 0.01] [--batch 32] [--l2 0] [--momentum 0.9]
 * [--steps 3000] [--seed 1] --out MODEL.json [--log-every K] [--regions-every K --window x0,x1,y0,y1]
 * [--json]`: train a network on the engine's trainer and write it as a `relu-origami/1` model. Progress is
 * one line per log step (with --json one JSON object per line). Everything is seeded and deterministic, so
 * two runs with the same arguments write the same bytes.
 */
import { writeFileSync } from 'node:fs';
import { ACTIVATIONS, isActivationName } from '../engine/activations.ts';
import { toModelJson } from '../engine/model.ts';
import type { Window } from '../engine/plane.ts';
import { parsePointsCsv } from '../engine/train/csv.ts';
import { type Dataset, makeDataset } from '../engine/train/data.ts';
import { DATASET_DEFAULTS, DATASETS, generateDataset, isDatasetName } from '../engine/train/datasets.ts';
import { isOptimizerName, OPTIMIZERS } from '../engine/train/optimizers.ts';
import {
  createTrainer,
  TRAINER_DEFAULTS,
  type TrainerConfig,
  type TrainMetrics,
} from '../engine/train/trainer.ts';
import { type ParsedArgs, parseArgs, parseInteger, parseNumber, UsageError } from './args.ts';
import { fmt, modelJsonText } from './format.ts';
import type { CliIo } from './io.ts';
import { loadWindow } from './load.ts';
import { regionsReport } from './regions.ts';

/** The options of `train`. */
export const TRAIN_OPTIONS = {
  data: 'value',
  dataset: 'value',
  noise: 'value',
  points: 'value',
  split: 'value',
  widths: 'value',
  activation: 'value',
  alpha: 'value',
  optimizer: 'value',
  lr: 'value',
  batch: 'value',
  l2: 'value',
  momentum: 'value',
  steps: 'value',
  seed: 'value',
  out: 'value',
  'log-every': 'value',
  'regions-every': 'value',
  window: 'value',
  json: 'flag',
} as const;

/** One progress record of `train --json`. */
export interface TrainLogLine {
  /** Steps taken. */
  step: number;
  /** Mean training loss over all training points. */
  loss: number;
  /** Mean test loss; null without test points. */
  testLoss: number | null;
  /** Training accuracy (null for regression). */
  trainAccuracy: number | null;
  /** Test accuracy (null for regression or without test points). */
  testAccuracy: number | null;
  /** Exact number of linear regions on --window (with --regions-every, on its steps). */
  regions?: number;
}

/** The dataset named by --data or --dataset and its settings. */
function loadData(a: ParsedArgs, io: CliIo, seed: number): { data: Dataset; label: string } {
  const file = a.values.get('data');
  const name = a.values.get('dataset');
  if ((file === undefined) === (name === undefined))
    throw new UsageError('train needs one of --data FILE.csv or --dataset NAME');
  const splitText = a.values.get('split');
  const split = splitText === undefined ? DATASET_DEFAULTS.split : parseNumber(splitText, '--split');
  if (!(split > 0 && split <= 1))
    throw new UsageError(`--split has "${splitText}", expected a fraction in (0, 1]`);
  if (file !== undefined) {
    for (const o of ['noise', 'points'])
      if (a.values.has(o)) throw new UsageError(`--${o} applies to --dataset, not to --data`);
    let text: string;
    try {
      text = io.readFile(file);
    } catch (e) {
      const code = (e as { code?: unknown } | null)?.code;
      throw new UsageError(
        `cannot read data file "${file}": ${code === 'ENOENT' ? 'no such file' : String(e)}`,
      );
    }
    const r = parsePointsCsv(text);
    if (!r.ok) {
      const n = r.issues.length;
      const more = n > 3 ? `; and ${n - 3} more` : '';
      throw new UsageError(
        `data file "${file}" has ${n}${n >= 20 ? '+' : ''} problem${n === 1 ? '' : 's'}: ${r.issues
          .slice(0, 3)
          .map((i) => i.message)
          .join('; ')}${more}`,
      );
    }
    const d = makeDataset(r.points, r.kind, split, seed);
    if (typeof d === 'string') throw new UsageError(`data file "${file}": ${d}`);
    return { data: d, label: file };
  }
  if (!isDatasetName(name))
    throw new UsageError(`--dataset has "${name}", expected one of ${DATASETS.join(', ')}`);
  const noiseText = a.values.get('noise');
  const pointsText = a.values.get('points');
  const d = generateDataset({
    name,
    split,
    seed,
    noise: noiseText === undefined ? DATASET_DEFAULTS.noise : parseNumber(noiseText, '--noise'),
    points:
      pointsText === undefined ? DATASET_DEFAULTS.points : parseInteger(pointsText, '--points', 2, 1_000_000),
  });
  if (typeof d === 'string') throw new UsageError(`--dataset ${name}: ${d}`);
  return { data: d, label: name };
}

/** The trainer settings from the command line (defaults from TRAINER_DEFAULTS). */
function loadConfig(a: ParsedArgs, seed: number): TrainerConfig {
  const widthsText = a.values.get('widths');
  if (widthsText === undefined) throw new UsageError('--widths is required, e.g. --widths 2,16,16,16,1');
  const widths = widthsText.split(',').map((w, k) => parseInteger(w, `--widths value ${k + 1}`, 1, 65_536));
  if (widths.length < 2)
    throw new UsageError('--widths needs at least an input and an output size, e.g. 2,16,1');
  const activation = a.values.get('activation') ?? 'relu';
  if (!isActivationName(activation))
    throw new UsageError(`--activation has "${activation}", expected one of ${ACTIVATIONS.join(', ')}`);
  const optimizer = a.values.get('optimizer') ?? TRAINER_DEFAULTS.optimizer;
  if (!isOptimizerName(optimizer))
    throw new UsageError(`--optimizer has "${optimizer}", expected one of ${OPTIMIZERS.join(', ')}`);
  const num = (o: string, dflt: number, ok: (v: number) => boolean, range: string): number => {
    const t = a.values.get(o);
    if (t === undefined) return dflt;
    const v = parseNumber(t, `--${o}`);
    if (!ok(v)) throw new UsageError(`--${o} has "${t}", expected ${range}`);
    return v;
  };
  const config: TrainerConfig = {
    widths,
    activation,
    optimizer,
    seed,
    learningRate: num('lr', TRAINER_DEFAULTS.learningRate, (v) => v > 0 && v <= 1e3, 'a number in (0, 1000]'),
    l2: num('l2', TRAINER_DEFAULTS.l2, (v) => v >= 0 && v <= 1e3, 'a number in [0, 1000]'),
    momentum: num('momentum', TRAINER_DEFAULTS.momentum, (v) => v >= 0 && v < 1, 'a number in [0, 1)'),
  };
  const batch = a.values.get('batch');
  config.batchSize =
    batch === undefined ? TRAINER_DEFAULTS.batchSize : parseInteger(batch, '--batch', 1, 1_000_000);
  const alpha = a.values.get('alpha');
  if (alpha !== undefined) config.alpha = parseNumber(alpha, '--alpha');
  return config;
}

function logText(m: TrainLogLine): string {
  const acc = (v: number | null) => (v === null ? '-' : `${(100 * v).toFixed(1)}%`);
  const parts = [
    `step ${m.step}`,
    `loss ${fmt(m.loss)}`,
    `test loss ${m.testLoss === null ? '-' : fmt(m.testLoss)}`,
  ];
  if (m.trainAccuracy !== null)
    parts.push(`train acc ${acc(m.trainAccuracy)}`, `test acc ${acc(m.testAccuracy)}`);
  if (m.regions !== undefined) parts.push(`regions ${m.regions}`);
  return `${parts.join('  ')}\n`;
}

/** Run `train` with the arguments after the subcommand; returns the exit status. */
export function runTrain(argv: readonly string[], io: CliIo): number {
  const a = parseArgs(argv, TRAIN_OPTIONS);
  if (a.positionals.length > 0)
    throw new UsageError(`train takes no positional argument, got "${a.positionals[0]}"`);
  const out = a.values.get('out');
  if (out === undefined) throw new UsageError('train needs --out MODEL.json');
  const seedText = a.values.get('seed');
  const seed =
    seedText === undefined ? TRAINER_DEFAULTS.seed : parseInteger(seedText, '--seed', 0, 2 ** 32 - 1);
  const config = loadConfig(a, seed);
  const stepsText = a.values.get('steps');
  const steps = stepsText === undefined ? 3000 : parseInteger(stepsText, '--steps', 0, 1e9);
  const logText0 = a.values.get('log-every');
  const logEvery =
    logText0 === undefined
      ? Math.max(1, Math.ceil(steps / 10))
      : parseInteger(logText0, '--log-every', 1, 1e9);
  const regText = a.values.get('regions-every');
  const regionsEvery = regText === undefined ? 0 : parseInteger(regText, '--regions-every', 1, 1e9);
  let window: Window | null = null;
  if (regionsEvery > 0) {
    if (!a.values.has('window')) throw new UsageError('--regions-every needs --window x0,x1,y0,y1');
    window = loadWindow(a.values.get('window'), config.widths[0] === 1);
    if (config.widths[0]! > 2)
      throw new UsageError('--regions-every counts regions of networks with 1 or 2 inputs');
  } else if (a.values.has('window')) throw new UsageError('--window is used only with --regions-every K');
  const { data, label } = loadData(a, io, seed);
  const made = createTrainer(config, data);
  if (!made.ok) throw new UsageError(`cannot train on ${label}: ${made.message}`);
  const trainer = made.trainer;
  const json = a.flags.has('json');
  const report = (m: TrainMetrics) => {
    const line: TrainLogLine = {
      step: m.step,
      loss: m.trainLoss,
      testLoss: m.testLoss,
      trainAccuracy: m.trainAccuracy,
      testAccuracy: m.testAccuracy,
    };
    if (window !== null && m.step % regionsEvery === 0)
      line.regions = regionsReport(trainer.network, window, false).regions;
    io.stdout(json ? `${JSON.stringify(line)}\n` : logText(line));
  };
  report(trainer.metrics());
  while (trainer.steps < steps) {
    const next = Math.min(steps, (Math.floor(trainer.steps / logEvery) + 1) * logEvery);
    const toRegions = regionsEvery > 0 ? (Math.floor(trainer.steps / regionsEvery) + 1) * regionsEvery : next;
    trainer.step(Math.min(next, toRegions) - trainer.steps);
    if (trainer.steps % logEvery === 0 || trainer.steps === steps || trainer.steps % regionsEvery === 0)
      report(trainer.metrics());
  }
  const model = toModelJson({ ...trainer.network, name: `${label}, ${steps} steps, seed ${seed}` });
  const write = (io as { writeFile?: (path: string, text: string) => void }).writeFile;
  try {
    (write ?? ((p: string, t: string) => writeFileSync(p, t)))(out, modelJsonText(model));
  } catch (e) {
    const code = (e as { code?: unknown } | null)?.code;
    throw new UsageError(`cannot write "${out}": ${typeof code === 'string' ? code : String(e)}`);
  }
  if (!json) io.stdout(`wrote ${out}\n`);
  return 0;
}
