/**
 * The trainer: a network, a dataset, a loss and an optimiser, stepped by mini-batches. Pure and
 * synchronous, with no DOM and no clock, so the same object runs in the command line, in tests and in a
 * Web Worker (which calls step(n) between messages and posts `params`, rebuilt on the page with
 * layout.ts' networkView).
 *
 * Determinism: the initial network is initNetwork's from `seed` (the same as `relu-origami init` with that
 * seed), or a given network (a loaded model, copied unchanged: see {@link createTrainer}); mini-batches are
 * consecutive slices of seeded permutations of the training points (a new permutation each time one is
 * used up, the slices running across the seam), and every operation is an
 * IEEE-754 basic operation or a function of detmath.ts. The same settings therefore give the same
 * parameters bit for bit on every engine. Nothing is allocated per step.
 */
import { type ActivationName, isActivationName } from '../activations.ts';
import { type InitScheme, initNetwork } from '../init.ts';
import type { Network } from '../model.ts';
import { Rng } from '../rng.ts';
import { Backprop, type Evaluation } from './backprop.ts';
import { type Dataset, shuffleInto } from './data.ts';
import { layoutOf, networkView, type ParamLayout, writeParams } from './layout.ts';
import type { LossName } from './losses.ts';
import { isOptimizerName, Optimizer, type OptimizerName, type OptimizerSettings } from './optimizers.ts';

/** Settings of a training run (every field but widths and activation has a default, see TRAINER_DEFAULTS). */
export interface TrainerConfig {
  /** Layer widths, input dimension first and output dimension last, e.g. [2, 16, 16, 16, 1]. */
  widths: readonly number[];
  /** Activation of every hidden layer (the output layer is linear). */
  activation: ActivationName;
  /** Negative slope of leaky_relu, or the initial slope of prelu (defaults 0.01 and 0.25). */
  alpha?: number;
  /** Weight initialisation scheme (default he). */
  init?: InitScheme;
  /** adam or sgd (default adam). */
  optimizer?: OptimizerName;
  /** Learning rate (default 0.01). */
  learningRate?: number;
  /** Points per mini-batch (default 32). */
  batchSize?: number;
  /** L2 coefficient on weights (default 0). */
  l2?: number;
  /** SGD momentum (default 0.9). */
  momentum?: number;
  /** Adam's beta1, beta2 and epsilon (defaults 0.9, 0.999, 1e-8). */
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Seed of the initial weights and of the batch order (default 1). */
  seed?: number;
}

/** The defaults of {@link TrainerConfig}. */
export const TRAINER_DEFAULTS = {
  optimizer: 'adam',
  learningRate: 0.01,
  batchSize: 32,
  l2: 0,
  momentum: 0.9,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  seed: 1,
} as const;

/** Loss and accuracy on the train and test sets after `step` steps (null where undefined). */
export interface TrainMetrics {
  /** Steps taken since the start or the last reset. */
  step: number;
  /** Mean loss over the training points (without the L2 penalty). */
  trainLoss: number;
  /** Mean loss over the test points; null when there are none. */
  testLoss: number | null;
  /** Fraction of training points classified correctly; null for regression. */
  trainAccuracy: number | null;
  /** Fraction of test points classified correctly; null for regression or without test points. */
  testAccuracy: number | null;
}

/**
 * The loss for a task and an output width: bce for one output and two classes, softmax for as many
 * outputs as classes or more, mse for regression with one output. A message when they do not fit.
 */
export function lossFor(data: Dataset, outputs: number): LossName | string {
  if (data.kind === 'regression') {
    return outputs === 1 ? 'mse' : `a regression target needs 1 output, the network has ${outputs}`;
  }
  if (outputs === 1) {
    return data.classes === 2
      ? 'bce'
      : `${data.classes} classes need ${data.classes} outputs (softmax), the network has 1`;
  }
  return outputs >= data.classes
    ? 'softmax'
    : `${data.classes} classes need at least ${data.classes} outputs, the network has ${outputs}`;
}

function settingsError(c: Required<Omit<TrainerConfig, 'alpha' | 'init'>>): string | null {
  const w = c.widths;
  if (w.length < 2) return 'the widths need at least an input and an output size';
  for (const v of w)
    if (!Number.isInteger(v) || v < 1 || v > 65_536) return `a width is ${v}, expected 1 to 65536`;
  if (!isActivationName(c.activation)) return `the activation is "${String(c.activation)}", unknown`;
  if (!isOptimizerName(c.optimizer)) return `the optimizer is "${String(c.optimizer)}", expected adam or sgd`;
  if (!(c.learningRate > 0 && c.learningRate <= 1e3))
    return `the learning rate is ${c.learningRate}, expected (0, 1000]`;
  if (!Number.isInteger(c.batchSize) || c.batchSize < 1 || c.batchSize > 1_000_000)
    return `the batch size is ${c.batchSize}, expected an integer from 1 to 1000000`;
  if (!(c.l2 >= 0 && c.l2 <= 1e3)) return `the L2 coefficient is ${c.l2}, expected [0, 1000]`;
  for (const [name, v] of [
    ['momentum', c.momentum],
    ['beta1', c.beta1],
    ['beta2', c.beta2],
  ] as const) {
    if (!(v >= 0 && v < 1)) return `${name} is ${v}, expected [0, 1)`;
  }
  if (!(c.epsilon > 0 && c.epsilon < 1)) return `epsilon is ${c.epsilon}, expected (0, 1)`;
  if (!Number.isInteger(c.seed) || c.seed < 0 || c.seed > 2 ** 32 - 1)
    return `the seed is ${c.seed}, expected an integer from 0 to 4294967295`;
  return null;
}

/** A training run in progress; see the module comment. Create it with {@link createTrainer}. */
export class Trainer {
  private dataset: Dataset;
  /** The loss in use. */
  readonly loss: LossName;
  /** Where each layer's parameters sit in {@link params}. */
  readonly layout: ParamLayout;
  /** The current parameters, updated in place by step and reset. */
  readonly params: Float64Array;
  /** The current network: views of {@link params}, so it always shows the latest weights. */
  readonly network: Network;
  /** The full settings, defaults filled in. */
  readonly config: Readonly<Required<Omit<TrainerConfig, 'alpha' | 'init'>>> &
    Pick<TrainerConfig, 'alpha' | 'init'>;
  private readonly initial: Float64Array;
  private readonly grad: Float64Array;
  private readonly backprop: Backprop;
  private readonly optimizer: Optimizer;
  private order: Uint32Array;
  private readonly batchIdx: Uint32Array;
  private readonly shuffleSeed: number;
  private rng: Rng;
  private pos: number;
  private taken = 0;
  private lastBatchLoss = Number.NaN;
  private readonly evalOut: Evaluation = { loss: 0, accuracy: 0 };

  /**
   * Use {@link createTrainer}, which checks the settings; this constructor trusts them. `initial` is the
   * network to start from (its widths are config.widths); by default initNetwork's of the config.
   */
  constructor(config: Trainer['config'], data: Dataset, loss: LossName, initial?: Network) {
    this.config = config;
    this.dataset = data;
    this.loss = loss;
    const net =
      initial ??
      initNetwork({
        widths: config.widths,
        activation: config.activation,
        seed: config.seed,
        ...(config.alpha !== undefined ? { alpha: config.alpha } : {}),
        ...(config.init !== undefined ? { init: config.init } : {}),
      });
    this.layout = layoutOf(net);
    this.initial = writeParams(net, this.layout, new Float64Array(this.layout.size));
    this.params = this.initial.slice();
    this.network = networkView(this.layout, this.params);
    this.grad = new Float64Array(this.layout.size);
    this.backprop = new Backprop(this.layout);
    const decay = new Uint8Array(this.layout.size);
    for (const s of this.layout.layers) decay.fill(1, s.weights, s.weights + s.inDim * s.outDim);
    const settings: OptimizerSettings = config;
    this.optimizer = new Optimizer(settings, this.layout.size, decay);
    this.order = new Uint32Array(data.train.count);
    this.batchIdx = new Uint32Array(config.batchSize);
    this.shuffleSeed = (new Rng(config.seed).nextUint32() ^ 0x2545f491) >>> 0;
    this.rng = new Rng(this.shuffleSeed);
    this.pos = this.order.length;
  }

  /** The dataset being fitted (the one given to createTrainer, or the latest {@link setData}'s). */
  get data(): Dataset {
    return this.dataset;
  }

  /**
   * Fit `data` from the next step on (points edited while training runs): the weights, the optimiser state
   * and the step count go on, and the next mini-batch starts a fresh permutation of the new training points
   * (from the same batch-order generator, so a run with the same edits at the same steps is the same run).
   * Returns a message, and keeps the current data, when `data` has other inputs, no training points, or
   * needs another loss than the run's (e.g. a third class for a one-output network).
   */
  setData(data: Dataset): string | null {
    if (data.inputDim !== this.dataset.inputDim)
      return `the points have ${data.inputDim} inputs, the network has ${this.dataset.inputDim}`;
    if (data.train.count === 0) return 'there are no training points';
    const loss = lossFor(data, this.config.widths[this.config.widths.length - 1]!);
    if (loss !== this.loss)
      return ['bce', 'softmax', 'mse'].includes(loss)
        ? `the points need the ${loss} loss, the run trains with ${this.loss}`
        : loss;
    this.dataset = data;
    // Allocated here, not per step: an edit changes the number of training points.
    if (this.order.length !== data.train.count) this.order = new Uint32Array(data.train.count);
    this.pos = this.order.length;
    return null;
  }

  /** Steps taken since the start or the last reset. */
  get steps(): number {
    return this.taken;
  }

  /** The mean loss of the last mini-batch before its update (NaN before the first step). */
  get batchLoss(): number {
    return this.lastBatchLoss;
  }

  /** Take `n` optimiser steps (mini-batches); n < 1 does nothing. Allocates nothing. */
  step(n = 1): void {
    const { order, batchIdx, params, grad } = this;
    const B = batchIdx.length;
    for (let s = 0; s < n; s++) {
      for (let k = 0; k < B; k++) {
        if (this.pos === order.length) {
          shuffleInto(order, this.rng);
          this.pos = 0;
        }
        batchIdx[k] = order[this.pos++]!;
      }
      this.lastBatchLoss = this.backprop.batch(params, this.data.train, batchIdx, 0, B, this.loss, grad);
      this.optimizer.update(params, grad);
      this.taken++;
    }
  }

  /** Back to the initial weights, a fresh optimiser and the first batch order, at step 0. */
  reset(): void {
    this.params.set(this.initial);
    this.optimizer.reset();
    this.rng = new Rng(this.shuffleSeed);
    this.pos = this.order.length;
    this.taken = 0;
    this.lastBatchLoss = Number.NaN;
  }

  /**
   * Replace the parameters (e.g. weights edited by hand); the optimiser state and the batch order go on.
   * Returns a message when `params` has the wrong length or a non-finite entry (and keeps the current ones).
   */
  setParams(params: ArrayLike<number>): string | null {
    if (params.length !== this.params.length)
      return `the parameters have ${params.length} entries, expected ${this.params.length}`;
    for (let k = 0; k < params.length; k++)
      if (!Number.isFinite(params[k])) return `parameter ${k} is ${params[k]}, expected a finite number`;
    this.params.set(params);
    return null;
  }

  /** Loss and accuracy on the full train and test sets at the current weights. */
  metrics(): TrainMetrics {
    const e = this.evalOut;
    const { train, test } = this.data;
    this.backprop.evaluate(this.params, train, this.loss, e);
    const trainLoss = e.loss;
    const trainAccuracy = Number.isNaN(e.accuracy) ? null : e.accuracy;
    this.backprop.evaluate(this.params, test, this.loss, e);
    return {
      step: this.taken,
      trainLoss,
      testLoss: Number.isNaN(e.loss) ? null : e.loss,
      trainAccuracy,
      testAccuracy: Number.isNaN(e.accuracy) ? null : e.accuracy,
    };
  }
}

/** The widths of `net`: its input dimension, then every layer's width. */
export function widthsOf(net: Network): number[] {
  return [net.inputDim, ...net.layers.map((L) => L.outDim)];
}

/**
 * Why the trainer cannot start from `net` as it is, or null. Every activation trains, in every layer (the
 * output layer's too: the loss takes the last layer's outputs as they are), and prelu slopes are trained per
 * neuron; a leaky_relu layer's slope is fixed, one per layer, so a leaky_relu layer whose neurons have
 * different slopes is refused (prelu trains such slopes).
 */
export function untrainableReason(net: Network): string | null {
  for (let l = 0; l < net.layers.length; l++) {
    const L = net.layers[l]!;
    if (L.activation !== 'leaky_relu') continue;
    const a = L.alpha[0]!;
    const k = L.alpha.findIndex((v) => v !== a);
    if (k >= 0)
      return (
        `layer ${l + 1} (leaky_relu) has different negative slopes per neuron (${a} and ${L.alpha[k]}): ` +
        'the trainer keeps one fixed slope per leaky_relu layer (prelu trains one per neuron)'
      );
  }
  return null;
}

/**
 * A trainer for `config` on `data`, or a message saying which setting is wrong (widths that do not match
 * the data's inputs or classes included). With `initial` (a loaded model), training starts from that
 * network: its weights, biases and prelu slopes are copied unchanged, each layer keeps its activation
 * (config.activation, alpha and init are unused), and config.widths must be its widths (widthsOf); a
 * network the trainer cannot represent is refused ({@link untrainableReason}).
 */
export function createTrainer(
  config: TrainerConfig,
  data: Dataset,
  initial?: Network,
): { ok: true; trainer: Trainer } | { ok: false; message: string } {
  const full = { ...TRAINER_DEFAULTS, ...config };
  const err = settingsError(full);
  if (err !== null) return { ok: false, message: err };
  if (initial) {
    const w = widthsOf(initial);
    if (w.join() !== full.widths.join())
      return { ok: false, message: `the widths are ${full.widths.join('-')}, the network's ${w.join('-')}` };
    const why = untrainableReason(initial);
    if (why !== null) return { ok: false, message: why };
  }
  if (full.widths[0] !== data.inputDim)
    return { ok: false, message: `the network has ${full.widths[0]} inputs, the data has ${data.inputDim}` };
  if (data.train.count === 0) return { ok: false, message: 'there are no training points' };
  const loss = lossFor(data, full.widths[full.widths.length - 1]!);
  if (!['bce', 'softmax', 'mse'].includes(loss)) return { ok: false, message: loss };
  return { ok: true, trainer: new Trainer(full, data, loss as LossName, initial) };
}
