/**
 * The one protocol between the training session (app/trainingSession.ts) and the training worker
 * (workers/train.worker.ts), and the job both sides agree on: {@link createTrainingHost} is the worker's
 * loop, and {@link startRun} builds the same trainer that the worker steps, so Node tests and the page can
 * recompute any step of a run.
 *
 * Every run has a generation id chosen by the page. The host ignores control messages of any other
 * generation and tags everything it sends with the generation of the run it comes from; the page drops
 * messages of older generations, so a reset, a change of architecture or settings, or a resume from an
 * earlier step never shows weights of the run it replaced.
 *
 * Determinism: what a run computes depends only on its {@link TrainRun}; how the steps are cut into
 * updates (speed, pauses, the host's clock) changes when weights are posted, never which weights.
 * Records (metrics) are taken at multiples of `recordEvery` steps and snapshots at multiples of
 * `snapshotEvery`, whatever the updates' sizes.
 */
import type { Network } from '../engine/model.ts';
import { type Dataset, makeDataset, type PointSet, type TaskKind } from '../engine/train/data.ts';
import { generateDataset } from '../engine/train/datasets.ts';
import { layoutOf, networkView, type ParamLayout, writeParams } from '../engine/train/layout.ts';
import { createTrainer, type Trainer, type TrainMetrics, widthsOf } from '../engine/train/trainer.ts';
import type { Architecture } from '../state/appState.ts';
import { type TrainingSettings, USER_DATASET } from '../state/training.ts';
import { networkOf } from './network.ts';

/** Everything that determines a run, and the cadence of its records. */
export interface TrainRun {
  /** The architecture trained (its seed seeds the initial weights and the batch order). */
  architecture: Architecture;
  /** The dataset and optimiser settings. */
  training: TrainingSettings;
  /** Steps between records (metrics); at least 1. */
  recordEvery: number;
  /** Steps between snapshots (weights kept for the timeline); a multiple of recordEvery. */
  snapshotEvery: number;
  /** Train to this step before the first update (resuming from an earlier step); default 0. */
  atStep?: number;
  /**
   * The points of a run on user data (`training.dataset` is `user`): the map's points, split into train and
   * test by `training.split` and `training.dataSeed`. Unused for a built-in dataset.
   */
  points?: UserPoints;
  /**
   * The loaded model a run trains (fine-tunes), in place of the generated network of `architecture`: the
   * run starts from its weights, copied unchanged, and its layers keep their activations. Only the
   * architecture's seed is used then (the batch order).
   */
  model?: Network;
}

/** The points the user put on the map (a CSV, the API, clicks), with their task. */
export interface UserPoints {
  /** Classification (labels 0, 1, ...) or regression (targets). */
  kind: TaskKind;
  /** The points. */
  points: PointSet;
}

/** The message for a run on user data without points. */
export const NO_USER_POINTS =
  'there are no points on the map to train on: load a CSV (Data folder, a dropped file or setData) or add points by clicking in edit mode (e)';

/**
 * The dataset of `run`: the built-in dataset generated from its settings, or the user's points split by its
 * split and data seed. A message when the settings or the points do not make one.
 */
export function runDataset(run: TrainRun): Dataset | string {
  const t = run.training;
  if (t.dataset === USER_DATASET) {
    if (!run.points || run.points.points.count === 0) return NO_USER_POINTS;
    return makeDataset(run.points.points, run.points.kind, t.split, t.dataSeed);
  }
  return generateDataset({
    name: t.dataset,
    noise: t.noise,
    points: t.points,
    split: t.split,
    seed: t.dataSeed,
  });
}

/** The metrics of one step, and the weights at that step when it is a snapshot step. */
export interface TrainRecord {
  /** Step of the record. */
  step: number;
  /** Loss and accuracy there. */
  metrics: TrainMetrics;
  /** The parameters at that step (snapshot steps only). */
  params?: Float64Array;
}

/** Messages to the training worker; each names the generation of the run it is meant for. */
export type ToTrainer =
  | { type: 'start'; gen: number; run: TrainRun }
  | { type: 'play'; gen: number; stepsPerUpdate: number }
  | { type: 'pause'; gen: number }
  | { type: 'step'; gen: number; steps: number; id: number }
  | { type: 'speed'; gen: number; stepsPerUpdate: number }
  /** New user points (edited on the map): trained on from the next step (the page has checked them). */
  | { type: 'data'; gen: number; points: UserPoints };

/** Messages from the training worker. */
export type FromTrainer =
  | {
      /** The weights after `step` steps, with the records taken since the previous update. */
      type: 'update';
      gen: number;
      step: number;
      params: Float64Array;
      records: TrainRecord[];
      /** True while the worker keeps training (false after a pause, a finished step or a resume). */
      playing: boolean;
      /** The id of the `step` message whose steps end here (set on the update that ends them, or a pause). */
      ack?: number;
    }
  | { type: 'error'; gen: number; message: string };

/** A run's trainer and the parameter layout of its network. */
export interface StartedRun {
  /** The trainer, at step 0. */
  trainer: Trainer;
  /** The layout of its parameters (for networkView on the page). */
  layout: ParamLayout;
}

/**
 * The parameters of a run's step 0 in `layout` (a fresh array): its loaded model's weights, or the
 * generated network of its architecture.
 */
export function stepZero(run: TrainRun, layout: ParamLayout): Float64Array {
  return writeParams(run.model ?? networkOf(run.architecture), layout, new Float64Array(layout.size));
}

/**
 * The trainer of `run` at step 0: its dataset ({@link runDataset}), the initial weights exactly
 * the explorer's generated network of `run.architecture` (networkOf, weight scale included), or the run's
 * loaded model's. A message when the settings do not fit (widths against the data, a bad setting, a model
 * the trainer cannot represent or whose inputs or outputs do not fit the data).
 */
export function startRun(run: TrainRun): StartedRun | string {
  const t = run.training;
  const a = run.architecture;
  const data = runDataset(run);
  if (typeof data === 'string') return data;
  const model = run.model;
  if (model && model.inputDim !== data.inputDim) {
    const n = model.inputDim;
    const hint =
      t.dataset === USER_DATASET
        ? `put points with ${n} inputs on the map, e.g. a CSV of ${n} columns and a label`
        : `the built-in datasets have 2 inputs: train it on points with ${n} inputs on the map, data=user`;
    return `the model has ${n} inputs, the data has ${data.inputDim} (${hint})`;
  }
  const made = createTrainer(
    {
      widths: model ? widthsOf(model) : a.widths,
      activation: a.activation,
      alpha: a.alpha,
      init: a.init,
      seed: a.seed,
      optimizer: t.optimizer,
      learningRate: t.learningRate,
      batchSize: t.batchSize,
      l2: t.l2,
      momentum: t.momentum,
    },
    data,
    model,
  );
  if (!made.ok) return model ? `the model cannot be trained: ${made.message}` : made.message;
  if (model) return { trainer: made.trainer, layout: made.trainer.layout };
  const init: Network = networkOf(a);
  const layout = layoutOf(init);
  const err = made.trainer.setParams(writeParams(init, layout, new Float64Array(layout.size)));
  if (err) return err;
  return { trainer: made.trainer, layout };
}

/** The network of a run's parameters (a view of `params`: no copy). */
export function runNetwork(layout: ParamLayout, params: Float64Array): Network {
  return networkView(layout, params);
}

/**
 * Milliseconds of training per update while playing at full speed (then the update is posted): about half
 * of each UPDATE_INTERVAL_MS, so that on a machine with few cores the page and the GPU process keep up.
 */
export const UPDATE_BUDGET_MS = 16;
/** Milliseconds from the start of one update to the next while playing (about 30 updates a second). */
export const UPDATE_INTERVAL_MS = 33;

/** The worker's loop; see {@link createTrainingHost}. */
export interface TrainingHost {
  /** Handle one message from the page. */
  receive(m: ToTrainer): void;
}

/**
 * The training worker's loop. `post` sends to the page; `schedule(run, ms)` runs `run` after `ms`
 * milliseconds on a later task (default setTimeout), so that messages are handled between updates;
 * `now` is the clock that bounds an update's work (default performance.now). Playing, each update takes
 * at most `stepsPerUpdate` steps (Infinity: as many as fit in UPDATE_BUDGET_MS) and posts the weights; a
 * `step` message takes that many steps (in updates of at most the budget) and posts; `start` trains to
 * `atStep` and posts, paused.
 */
export function createTrainingHost(
  post: (m: FromTrainer, transfer?: Transferable[]) => void,
  schedule: (run: () => void, ms: number) => void = (run, ms) => setTimeout(run, ms),
  now: () => number = () => performance.now(),
): TrainingHost {
  let gen = 0;
  let run: TrainRun | null = null;
  let trainer: Trainer | null = null;
  let playing = false;
  let stepsPerUpdate = Number.POSITIVE_INFINITY;
  /** Steps still to take before the next pause (finite for `step` and `start`; Infinity while playing). */
  let remaining = 0;
  /** Steps still to replay silently before a resumed run posts (its records are the page's already). */
  let replayLeft = 0;
  /** The token of the one scheduled tick (a newer token or a new run makes an older tick do nothing). */
  let token = 0;
  let scheduled = false;
  let records: TrainRecord[] = [];
  /** The id of the latest `step` message not yet acknowledged, or null. */
  let stepId: number | null = null;

  const record = (t: Trainer, r: TrainRun) => {
    const rec: TrainRecord = { step: t.steps, metrics: t.metrics() };
    if (t.steps % r.snapshotEvery === 0) rec.params = t.params.slice();
    records.push(rec);
  };

  /** Take up to `n` steps, stopping at record steps to record, until `deadline`; returns steps taken. */
  const advance = (t: Trainer, r: TrainRun, n: number, deadline: number): number => {
    let taken = 0;
    while (taken < n) {
      const toRecord = r.recordEvery - (t.steps % r.recordEvery);
      const k = Math.min(n - taken, toRecord);
      t.step(k);
      taken += k;
      if (t.steps % r.recordEvery === 0) record(t, r);
      if (now() >= deadline) break;
    }
    return taken;
  };

  const send = (t: Trainer) => {
    const params = t.params.slice();
    const m: FromTrainer = { type: 'update', gen, step: t.steps, params, records, playing: remaining > 0 };
    if (remaining <= 0 && stepId !== null) {
      m.ack = stepId;
      stepId = null;
    }
    const transfer: Transferable[] = [params.buffer];
    for (const r of records) if (r.params) transfer.push(r.params.buffer);
    records = [];
    post(m, transfer);
  };

  const tick = (k: number) => {
    if (k !== token) return;
    scheduled = false;
    if (!trainer || !run || remaining <= 0 || replayLeft > 0) return;
    const t0 = now();
    const n = Math.min(remaining, playing ? stepsPerUpdate : Number.POSITIVE_INFINITY);
    const taken = advance(trainer, run, n, t0 + UPDATE_BUDGET_MS);
    remaining -= taken;
    if (remaining <= 0) playing = false;
    send(trainer);
    if (remaining > 0) kick(playing ? Math.max(0, UPDATE_INTERVAL_MS - (now() - t0)) : 0);
  };

  const kick = (ms = 0) => {
    if (scheduled) return;
    scheduled = true;
    const k = ++token;
    schedule(() => tick(k), ms);
  };

  const replay = (g: number) => {
    if (g !== gen || !trainer || !run) return;
    const deadline = now() + UPDATE_BUDGET_MS;
    while (replayLeft > 0 && now() < deadline) {
      const k = Math.min(replayLeft, run.recordEvery);
      trainer.step(k);
      replayLeft -= k;
    }
    if (replayLeft > 0) {
      schedule(() => replay(g), 0);
      return;
    }
    records = [];
    record(trainer, run);
    send(trainer);
    if (remaining > 0) kick();
  };

  return {
    receive(m) {
      if (m.type === 'start') {
        gen = m.gen;
        playing = false;
        remaining = 0;
        replayLeft = 0;
        stepId = null;
        records = [];
        scheduled = false;
        token++;
        const made = startRun(m.run);
        if (typeof made === 'string') {
          run = null;
          trainer = null;
          post({ type: 'error', gen, message: made });
          return;
        }
        run = m.run;
        trainer = made.trainer;
        replayLeft = Math.max(0, Math.floor(m.run.atStep ?? 0));
        if (replayLeft > 0) replay(gen);
        else {
          record(trainer, run);
          send(trainer);
        }
        return;
      }
      if (m.gen !== gen || !trainer) return;
      switch (m.type) {
        case 'play':
          stepsPerUpdate = m.stepsPerUpdate;
          playing = true;
          remaining = Number.POSITIVE_INFINITY;
          kick();
          break;
        case 'speed':
          stepsPerUpdate = m.stepsPerUpdate;
          break;
        case 'data': {
          if (!run) break;
          run = { ...run, points: m.points };
          const data = runDataset(run);
          const err = typeof data === 'string' ? data : trainer.setData(data);
          if (err) post({ type: 'error', gen, message: err });
          break;
        }
        case 'pause':
          if (remaining > 0) {
            playing = false;
            remaining = 0;
            if (replayLeft === 0) send(trainer);
          }
          break;
        case 'step': {
          if (playing) break;
          const n = Math.max(0, Math.floor(m.steps));
          stepId = m.id;
          remaining += n;
          if (remaining > 0) kick();
          else if (replayLeft === 0) send(trainer);
          break;
        }
      }
    },
  };
}
