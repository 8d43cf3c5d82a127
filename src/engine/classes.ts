/**
 * The class view of a network with several outputs, as the GPU's argmax and margin channels compute it:
 * the argmax class is the first index of the largest output (ties go to the lower index), and the margin
 * is the largest output minus the second largest (0 on a decision boundary; for one output, that output).
 */

/** The argmax class of `outputs` (the first largest; 0 for an empty array or all NaN). */
export function argmaxClass(outputs: ArrayLike<number>): number {
  let best = Number.NEGATIVE_INFINITY;
  let index = 0;
  for (let k = 0; k < outputs.length; k++) {
    if (outputs[k]! > best) {
      best = outputs[k]!;
      index = k;
    }
  }
  return index;
}

/** The margin of `outputs`: the largest minus the second largest (>= 0); the output itself for one output. */
export function classMargin(outputs: ArrayLike<number>): number {
  if (outputs.length === 1) return outputs[0]!;
  let best = Number.NEGATIVE_INFINITY;
  let second = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < outputs.length; k++) {
    const f = outputs[k]!;
    if (f > best) {
      second = best;
      best = f;
    } else if (f > second) second = f;
  }
  return best - second;
}
