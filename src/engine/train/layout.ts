/**
 * The trainable parameters of a network as one flat Float64Array, and the engine's {@link Network} as views
 * into it. Layer l's weights (outDim x inDim, row-major as in model.ts), then its biases, then (prelu
 * only) its per-neuron negative slopes, layer after layer. A Network built by {@link networkView} shares
 * the array: the trainer updates the parameters in place and the network is always the current one; a
 * Web Worker can post the array (or a copy) and the page rebuild the same network with networkView.
 */
import type { ActivationName } from '../activations.ts';
import { DEFAULT_LEAKY_ALPHA, type Layer, type Network } from '../model.ts';

/** Where one layer's parameters sit in the flat array. */
export interface LayerSlots {
  /** Number of inputs. */
  readonly inDim: number;
  /** Number of neurons. */
  readonly outDim: number;
  /** The activation of the layer. */
  readonly activation: ActivationName;
  /** Offset of the weights (outDim * inDim entries). */
  readonly weights: number;
  /** Offset of the biases (outDim entries). */
  readonly bias: number;
  /** Offset of the trainable negative slopes (prelu; outDim entries), or -1 when they are not trained. */
  readonly alpha: number;
  /** The fixed negative slope of leaky_relu (0 for other activations). */
  readonly fixedAlpha: number;
}

/** The shape of a trainable network: its layers' slots and the total parameter count. */
export interface ParamLayout {
  /** Input dimension. */
  readonly inputDim: number;
  /** One entry per layer, first to last. */
  readonly layers: readonly LayerSlots[];
  /** Length of the flat parameter array. */
  readonly size: number;
  /** The widest layer (inputs included), for scratch buffers. */
  readonly maxWidth: number;
}

/**
 * The layout of `net`'s parameters (its widths and activations; prelu slopes are trainable, leaky_relu's
 * are fixed at the network's first neuron's value). Throws nothing; a network from parseModel is valid.
 */
export function layoutOf(net: Network): ParamLayout {
  const layers: LayerSlots[] = [];
  let off = 0;
  let maxWidth = net.inputDim;
  for (const L of net.layers) {
    const weights = off;
    off += L.inDim * L.outDim;
    const bias = off;
    off += L.outDim;
    let alpha = -1;
    if (L.activation === 'prelu') {
      alpha = off;
      off += L.outDim;
    }
    const fixedAlpha = L.activation === 'leaky_relu' ? (L.alpha[0] ?? DEFAULT_LEAKY_ALPHA) : 0;
    layers.push({
      inDim: L.inDim,
      outDim: L.outDim,
      activation: L.activation,
      weights,
      bias,
      alpha,
      fixedAlpha,
    });
    maxWidth = Math.max(maxWidth, L.outDim);
  }
  return { inputDim: net.inputDim, layers, size: off, maxWidth };
}

/** Copy `net`'s weights, biases and prelu slopes into `params` (length layout.size); returns params. */
export function writeParams(net: Network, layout: ParamLayout, params: Float64Array): Float64Array {
  net.layers.forEach((L, l) => {
    const s = layout.layers[l]!;
    params.set(L.weights, s.weights);
    params.set(L.bias, s.bias);
    if (s.alpha >= 0) params.set(L.alpha, s.alpha);
  });
  return params;
}

/**
 * The network whose weights, biases and prelu slopes are views of `params` (no copy: later changes to
 * params show in the network). leaky_relu layers get their fixed slope; other layers zeros, as model.ts
 * does. `params` must have layout.size entries.
 */
export function networkView(layout: ParamLayout, params: Float64Array, name?: string): Network {
  const layers: Layer[] = layout.layers.map((s) => {
    const n = s.outDim;
    let alpha: Float64Array;
    if (s.alpha >= 0) alpha = params.subarray(s.alpha, s.alpha + n);
    else {
      alpha = new Float64Array(n);
      if (s.activation === 'leaky_relu') alpha.fill(s.fixedAlpha);
    }
    return {
      inDim: s.inDim,
      outDim: n,
      weights: params.subarray(s.weights, s.weights + n * s.inDim),
      bias: params.subarray(s.bias, s.bias + n),
      activation: s.activation,
      alpha,
    };
  });
  return { inputDim: layout.inputDim, layers, ...(name ? { name } : {}) };
}

/** A copy of `net` that shares nothing with it (for keeping a snapshot while training goes on). */
export function copyNetwork(net: Network): Network {
  return {
    inputDim: net.inputDim,
    layers: net.layers.map((L) => ({
      ...L,
      weights: L.weights.slice(),
      bias: L.bias.slice(),
      alpha: L.alpha.slice(),
    })),
    ...(net.name ? { name: net.name } : {}),
  };
}
