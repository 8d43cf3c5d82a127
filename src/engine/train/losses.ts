/**
 * The losses, per sample, with their gradients with respect to the network's outputs:
 * - `bce`: binary cross-entropy with logits, one output f and a label y in {0, 1}:
 *   L = softplus(f) - y f = max(f, 0) - y f + log(1 + e^-|f|); dL/df = sigmoid(f) - y.
 * - `softmax`: softmax cross-entropy, K >= 2 outputs and a label y in 0..K-1:
 *   L = log(sum_k e^(f_k - m)) + m - f_y with m = max f; dL/df_k = softmax(f)_k - [k = y].
 * - `mse`: squared error, one output and a real target t: L = (f - t)^2; dL/df = 2 (f - t).
 * A batch's loss is the mean of its samples' losses (PyTorch's default reduction). All exponentials and
 * logarithms come from detmath.ts.
 */
import { detExp, detLog, detSoftplus } from './detmath.ts';

/** The loss names. */
export const LOSSES = ['bce', 'softmax', 'mse'] as const;
/** One loss name. */
export type LossName = (typeof LOSSES)[number];

/**
 * The loss of one sample with outputs `f` (length outputs) and label or target `y`, with its gradient
 * with respect to f written into `grad` (length outputs). Returns the loss. Allocates nothing.
 */
export function sampleLoss(
  loss: LossName,
  f: Float64Array,
  outputs: number,
  y: number,
  grad: Float64Array,
): number {
  switch (loss) {
    case 'bce': {
      const z = f[0]!;
      const e = detExp(-Math.abs(z));
      // sigmoid(z) from the same e^-|z|: 1 / (1 + e) for z >= 0, e / (1 + e) below.
      grad[0] = (z >= 0 ? 1 / (1 + e) : e / (1 + e)) - y;
      return detSoftplus(z) - y * z;
    }
    case 'softmax': {
      let m = f[0]!;
      for (let k = 1; k < outputs; k++) if (f[k]! > m) m = f[k]!;
      let s = 0;
      for (let k = 0; k < outputs; k++) {
        const e = detExp(f[k]! - m);
        grad[k] = e;
        s += e;
      }
      for (let k = 0; k < outputs; k++) grad[k] = grad[k]! / s - (k === y ? 1 : 0);
      return detLog(s) + m - f[y]!;
    }
    case 'mse': {
      const d = f[0]! - y;
      grad[0] = 2 * d;
      return d * d;
    }
  }
}

/**
 * Whether outputs `f` classify the sample as `y`: for bce, f > 0 means class 1; for softmax, the first
 * largest output is the class. Always false for mse (no classes).
 */
export function isCorrect(loss: LossName, f: Float64Array, outputs: number, y: number): boolean {
  if (loss === 'bce') return (f[0]! > 0 ? 1 : 0) === y;
  if (loss === 'softmax') {
    let best = 0;
    for (let k = 1; k < outputs; k++) if (f[k]! > f[best]!) best = k;
    return best === y;
  }
  return false;
}
