/**
 * Seeded initialisation of networks of any widths, reproducible bit for bit from the seed.
 */
import { type ActivationName, isActivationName } from './activations.ts';
import { DEFAULT_LEAKY_ALPHA, DEFAULT_PRELU_ALPHA, type Layer, type Network } from './model.ts';
import { Rng } from './rng.ts';

/** Weight initialisation schemes: He (normal, std sqrt(2/in)), Glorot (normal, std sqrt(2/(in+out))), uniform. */
export const INIT_SCHEMES = ['he', 'glorot', 'uniform'] as const;
/** One initialisation scheme name. */
export type InitScheme = (typeof INIT_SCHEMES)[number];

/** True when `s` is one of {@link INIT_SCHEMES}. */
export function isInitScheme(s: unknown): s is InitScheme {
  return typeof s === 'string' && (INIT_SCHEMES as readonly string[]).includes(s);
}

/** Options of {@link initNetwork}. */
export interface InitOptions {
  /** Layer widths, input dimension first and output dimension last, e.g. [2, 16, 16, 1]. */
  widths: readonly number[];
  /** Activation of every hidden layer, or one per hidden layer. The output layer is always linear. */
  activation: ActivationName | readonly ActivationName[];
  /** Negative slope for leaky_relu / prelu (defaults 0.01 / 0.25). */
  alpha?: number;
  /** Weight scheme (default he). */
  init?: InitScheme;
  /** Seed of the generator (default 0). */
  seed?: number;
  /** Multiplier applied to every weight after the scheme (default 1). */
  weightScale?: number;
  /** Standard deviation of the normal biases before weightScale is applied (default 0.5). */
  biasStd?: number;
  /** Optional display name. */
  name?: string;
}

/**
 * Create a network with seeded random weights. Biases are normal with standard deviation `biasStd`
 * (default 0.5, times weightScale), so that neurons' zero sets cross the region around the origin.
 * Throws a RangeError on widths shorter than 2 entries or containing non-positive integers.
 */
export function initNetwork(opts: InitOptions): Network {
  const { widths } = opts;
  if (widths.length < 2) throw new RangeError('widths needs at least an input and an output size');
  for (const w of widths) {
    if (!Number.isInteger(w) || w < 1) throw new RangeError(`widths has ${w}, expected positive integers`);
  }
  const hidden = widths.length - 2;
  const acts: ActivationName[] = [];
  for (let l = 0; l < hidden; l++) {
    const a = typeof opts.activation === 'string' ? opts.activation : opts.activation[l];
    if (!isActivationName(a)) throw new RangeError(`activation for hidden layer ${l} is missing or unknown`);
    acts.push(a);
  }
  const rng = new Rng(opts.seed ?? 0);
  const scheme = opts.init ?? 'he';
  const scale = opts.weightScale ?? 1;
  const biasStd = (opts.biasStd ?? 0.5) * scale;
  const layers: Layer[] = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    const inDim = widths[l]!;
    const outDim = widths[l + 1]!;
    const activation: ActivationName = l < hidden ? acts[l]! : 'linear';
    const weights = new Float64Array(inDim * outDim);
    const std = scheme === 'glorot' ? Math.sqrt(2 / (inDim + outDim)) : Math.sqrt(2 / inDim);
    for (let k = 0; k < weights.length; k++) {
      weights[k] =
        scale * (scheme === 'uniform' ? rng.uniform(-1, 1) * Math.sqrt(3) * std : rng.normal() * std);
    }
    const bias = new Float64Array(outDim);
    for (let j = 0; j < outDim; j++) bias[j] = rng.normal() * biasStd;
    const alpha = new Float64Array(outDim);
    if (activation === 'leaky_relu') alpha.fill(opts.alpha ?? DEFAULT_LEAKY_ALPHA);
    if (activation === 'prelu') alpha.fill(opts.alpha ?? DEFAULT_PRELU_ALPHA);
    layers.push({ inDim, outDim, weights, bias, activation, alpha });
  }
  return { inputDim: widths[0]!, layers, ...(opts.name ? { name: opts.name } : {}) };
}
