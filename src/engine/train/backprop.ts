/**
 * Forward and backward passes on a flat parameter array (layout.ts), one sample at a time, into buffers
 * allocated once. The forward pass performs the same float64 operations in the same order as forward.ts'
 * forwardInto, so the outputs seen in training are the outputs of the network the engine enumerates.
 *
 * Subgradient convention: at a kink, the derivative is the slope of the affine piece that activations.ts
 * assigns to the point (its state), so every gradient is the gradient of the local affine map of the closed
 * region the engine puts the point in. relu'(0) = 0 and leaky_relu'(0) = prelu'(0) = alpha (as PyTorch);
 * abs'(0) = -1 (PyTorch: 0); hardtanh'(-1) = hardtanh'(1) = 1 (PyTorch: 0). A prelu slope alpha_j gets
 * dL/dalpha_j = dL/da_j * z_j where the neuron is in its negative state (z_j <= 0), else 0.
 */
import { pieceOf, stateOf } from '../activations.ts';
import type { PointSet } from './data.ts';
import type { ParamLayout } from './layout.ts';
import { isCorrect, type LossName, sampleLoss } from './losses.ts';

/** Loss and accuracy of a point set (see {@link Backprop.evaluate}). */
export interface Evaluation {
  /** Mean loss over the points (NaN for an empty set). */
  loss: number;
  /** Fraction of points classified correctly (NaN for an empty set or for mse). */
  accuracy: number;
}

/** The passes for one layout; every buffer is allocated in the constructor. */
export class Backprop {
  /** The layout this instance was made for. */
  readonly layout: ParamLayout;
  /** Number of network outputs. */
  readonly outputs: number;
  private readonly act: Float64Array;
  private readonly pre: Float64Array;
  private readonly slope: Float64Array;
  private readonly state: Uint8Array;
  private readonly actOff: Int32Array;
  private readonly preOff: Int32Array;
  private readonly piece = new Float64Array(2);
  private readonly dA: Float64Array;
  private readonly dB: Float64Array;
  private readonly dOut: Float64Array;
  private readonly out: Float64Array;

  /** Allocate the buffers for networks of `layout`. */
  constructor(layout: ParamLayout) {
    this.layout = layout;
    const L = layout.layers;
    this.outputs = L[L.length - 1]!.outDim;
    this.actOff = new Int32Array(L.length + 1);
    this.preOff = new Int32Array(L.length + 1);
    let a = layout.inputDim;
    let z = 0;
    L.forEach((s, l) => {
      this.actOff[l + 1] = a;
      this.preOff[l] = z;
      a += s.outDim;
      z += s.outDim;
    });
    this.preOff[L.length] = z;
    this.act = new Float64Array(a);
    this.pre = new Float64Array(z);
    this.slope = new Float64Array(z);
    this.state = new Uint8Array(z);
    this.dA = new Float64Array(layout.maxWidth);
    this.dB = new Float64Array(layout.maxWidth);
    this.dOut = new Float64Array(this.outputs);
    this.out = this.act.subarray(this.actOff[L.length]!);
  }

  /**
   * Evaluate the network at point `p` of `xs` (inputs xs[p * inputDim ...]); returns a view of the outputs
   * (valid until the next call). Allocates nothing.
   */
  forward(params: Float64Array, xs: Float64Array, p: number): Float64Array {
    const { act, pre, slope, state, piece, layout } = this;
    const d = layout.inputDim;
    for (let i = 0; i < d; i++) act[i] = xs[p * d + i]!;
    let inOff = 0;
    let z0 = 0;
    for (let l = 0; l < layout.layers.length; l++) {
      const s = layout.layers[l]!;
      const outOff = this.actOff[l + 1]!;
      const { inDim, outDim, activation } = s;
      for (let j = 0; j < outDim; j++) {
        let z = params[s.bias + j]!;
        const row = s.weights + j * inDim;
        for (let i = 0; i < inDim; i++) z += params[row + i]! * act[inOff + i]!;
        const st = stateOf(activation, z);
        pieceOf(activation, st, s.alpha >= 0 ? params[s.alpha + j]! : s.fixedAlpha, piece);
        pre[z0 + j] = z;
        state[z0 + j] = st;
        slope[z0 + j] = piece[0]!;
        act[outOff + j] = piece[0]! * z + piece[1]!;
      }
      inOff = outOff;
      z0 += outDim;
    }
    return this.out;
  }

  /**
   * Back-propagate dL/d(outputs) `dOut` through the pass last made by {@link forward}, adding dL/d(params)
   * into `grad` (length layout.size). Allocates nothing.
   */
  backward(params: Float64Array, dOut: Float64Array, grad: Float64Array): void {
    const { act, pre, slope, state, layout } = this;
    let dA = this.dA;
    let dB = this.dB;
    const last = layout.layers.length - 1;
    for (let k = 0; k < this.outputs; k++) dA[k] = dOut[k]!;
    for (let l = last; l >= 0; l--) {
      const s = layout.layers[l]!;
      const { inDim, outDim } = s;
      const z0 = this.preOff[l]!;
      const inOff = this.actOff[l]!;
      if (l > 0) for (let i = 0; i < inDim; i++) dB[i] = 0;
      for (let j = 0; j < outDim; j++) {
        const g = dA[j]!;
        if (s.alpha >= 0 && state[z0 + j] === 0) grad[s.alpha + j] = grad[s.alpha + j]! + g * pre[z0 + j]!;
        const dz = g * slope[z0 + j]!;
        if (dz === 0) continue;
        grad[s.bias + j] = grad[s.bias + j]! + dz;
        const row = s.weights + j * inDim;
        for (let i = 0; i < inDim; i++) grad[row + i] = grad[row + i]! + dz * act[inOff + i]!;
        if (l > 0) for (let i = 0; i < inDim; i++) dB[i] = dB[i]! + dz * params[row + i]!;
      }
      const t = dA;
      dA = dB;
      dB = t;
    }
  }

  /**
   * The mean loss of the points `order[from..from+count)` of `set`, and (when `grad` is given) its gradient
   * with respect to the parameters written into `grad` (which is overwritten). Allocates nothing.
   */
  batch(
    params: Float64Array,
    set: PointSet,
    order: Uint32Array,
    from: number,
    count: number,
    loss: LossName,
    grad: Float64Array | null,
  ): number {
    if (grad) grad.fill(0);
    const inv = 1 / count;
    let total = 0;
    for (let k = 0; k < count; k++) {
      const p = order[from + k]!;
      const f = this.forward(params, set.x, p);
      total += sampleLoss(loss, f, this.outputs, set.y[p]!, this.dOut);
      if (!grad) continue;
      for (let o = 0; o < this.outputs; o++) this.dOut[o] = this.dOut[o]! * inv;
      this.backward(params, this.dOut, grad);
    }
    return total * inv;
  }

  /** Mean loss and accuracy over every point of `set`, written into `out` and returned. */
  evaluate(params: Float64Array, set: PointSet, loss: LossName, out: Evaluation): Evaluation {
    let total = 0;
    let correct = 0;
    for (let p = 0; p < set.count; p++) {
      const f = this.forward(params, set.x, p);
      const y = set.y[p]!;
      total += sampleLoss(loss, f, this.outputs, y, this.dOut);
      if (isCorrect(loss, f, this.outputs, y)) correct++;
    }
    out.loss = set.count > 0 ? total / set.count : Number.NaN;
    out.accuracy = set.count > 0 && loss !== 'mse' ? correct / set.count : Number.NaN;
    return out;
  }
}
