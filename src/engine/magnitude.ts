/**
 * Bounds on the magnitude of every pre-activation over a box of inputs, used to scale the tolerance of the
 * sign predicates: a float64 value computed as b + sum w h carries a rounding error proportional to
 * |b| + sum |w| |h| (the terms before cancellation), not to the value itself. Near a point far from the
 * origin, or where several neurons' lines meet at a point that is not a float, that is what matters.
 */
import { pieceOf } from './activations.ts';
import type { Network } from './model.ts';

/**
 * For each layer l, a bound M[l][j] >= |b_j| + sum_i |w_ji| |h_i| over every input x with |x_i| <= inputBound[i]
 * (interval propagation through the layers, valid for every activation state).
 */
export function preactivationBounds(net: Network, inputBound: ArrayLike<number>): Float64Array[] {
  const out: Float64Array[] = [];
  let a = Float64Array.from(inputBound, Math.abs);
  const piece = new Float64Array(2);
  for (const L of net.layers) {
    const m = new Float64Array(L.outDim);
    const next = new Float64Array(L.outDim);
    for (let j = 0; j < L.outDim; j++) {
      let s = Math.abs(L.bias[j]!);
      for (let i = 0; i < L.inDim; i++) s += Math.abs(L.weights[j * L.inDim + i]!) * a[i]!;
      m[j] = s;
      // The largest |h| over the neuron's states: |slope| m + |intercept|.
      let h = 0;
      for (let st = 0; st < 3; st++) {
        pieceOf(L.activation, st, L.alpha[j]!, piece);
        h = Math.max(h, Math.abs(piece[0]!) * s + Math.abs(piece[1]!));
      }
      next[j] = L.activation === 'hardtanh' ? Math.min(h, Math.max(1, s)) : h;
    }
    out.push(m);
    a = next;
  }
  return out;
}
