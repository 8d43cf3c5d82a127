/** Small hand-built and seeded random networks for the engine tests. */
import type { ActivationName } from '../../../src/engine/activations.ts';
import { type Network, parseModelOrThrow } from '../../../src/engine/model.ts';
import { Rng } from '../../../src/engine/rng.ts';

/** One layer in model-file form. */
export interface LayerSpec {
  weights: number[][];
  bias: number[];
  activation: ActivationName;
  alpha?: number | number[];
}

/** A validated network from layer specs (throws on a malformed spec: a bug in the test). */
export function makeNet(inputDim: number, layers: LayerSpec[]): Network {
  return parseModelOrThrow({ inputDim, layers });
}

/**
 * One hidden layer whose neuron k has pre-activation a s + b t + c for lines[k] = [a, b, c], then a linear
 * output (weights 1, 2, 3, ...).
 */
export function linesNet(
  lines: ReadonlyArray<readonly [number, number, number]>,
  activation: ActivationName = 'relu',
): Network {
  return makeNet(2, [
    { weights: lines.map((l) => [l[0], l[1]]), bias: lines.map((l) => l[2]), activation },
    { weights: [lines.map((_, k) => k + 1)], bias: [0], activation: 'linear' },
  ]);
}

/**
 * The sawtooth network of depth L: each hidden layer applies the tent map T(x) = 2 relu(x) - 4 relu(x - 1/2)
 * to x (and, for two inputs, to y separately). On [0, 1] the depth-L map has 2^L pieces per axis, so
 * 2^L intervals (one input) or 4^L regions of the unit square (two inputs).
 */
export function sawtooth(depth: number, inputDim: 1 | 2): Network {
  const layers: LayerSpec[] = [];
  for (let l = 0; l < depth; l++) {
    const rows: number[][] = [];
    const bias: number[] = [];
    for (let axis = 0; axis < inputDim; axis++) {
      for (const b of [0, -0.5]) {
        const row = new Array<number>(l === 0 ? inputDim : 2 * inputDim).fill(0);
        if (l === 0) row[axis] = 1;
        else {
          row[2 * axis] = 2;
          row[2 * axis + 1] = -4;
        }
        rows.push(row);
        bias.push(b);
      }
    }
    layers.push({ weights: rows, bias, activation: 'relu' });
  }
  const out = new Array<number>(2 * inputDim).fill(0).map((_, k) => (k % 2 === 0 ? 2 : -4));
  layers.push({ weights: [out], bias: [0], activation: 'linear' });
  return makeNet(inputDim, layers);
}

const ACTS: ActivationName[] = ['relu', 'relu', 'relu', 'leaky_relu', 'prelu', 'abs', 'hardtanh'];

/**
 * A seeded random small network: 2 inputs (or `inputDim`), 1-3 hidden layers of width 2-6, one output.
 * `kind` 'int' uses integer weights in [-2, 2] and biases in [-2, 2] (concurrent, parallel, duplicated,
 * zero and dead neurons are common); 'half' uses multiples of 1/2; 'float' uses normal weights.
 * Activations are mostly relu, with leaky_relu (alpha 0.5), prelu (0.25), abs and hardtanh mixed in when
 * `mixed` is true.
 */
export function randomSmallNet(
  seed: number,
  kind: 'int' | 'half' | 'float',
  mixed: boolean,
  inputDim = 2,
): Network {
  const rng = new Rng(seed);
  const depth = 1 + rng.int(3);
  const layers: LayerSpec[] = [];
  let inDim = inputDim;
  const draw = () =>
    kind === 'int'
      ? rng.int(5) - 2
      : kind === 'half'
        ? (rng.int(9) - 4) / 2
        : Math.round(rng.normal() * 2 ** 20) / 2 ** 20;
  for (let l = 0; l <= depth; l++) {
    const out = l === depth ? 1 : 2 + rng.int(5);
    const activation: ActivationName = l === depth ? 'linear' : mixed ? ACTS[rng.int(ACTS.length)]! : 'relu';
    const spec: LayerSpec = {
      weights: Array.from({ length: out }, () => Array.from({ length: inDim }, draw)),
      bias: Array.from({ length: out }, draw),
      activation,
    };
    if (activation === 'leaky_relu') spec.alpha = 0.5;
    if (activation === 'prelu') spec.alpha = 0.25;
    layers.push(spec);
    inDim = out;
  }
  return makeNet(inputDim, layers);
}
