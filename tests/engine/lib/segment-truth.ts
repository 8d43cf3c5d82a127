/**
 * The exact linear pieces of a network along a segment x(u) = X0 + u (X1 - X0), u in [0, 1], in rational
 * arithmetic: layer by layer, each piece is split at the exact roots of its neurons' thresholds strictly
 * inside it, states are read at exact midpoints, and neighbouring pieces with equal patterns are merged.
 */
import { stateCount, thresholds } from '../../../src/engine/activations.ts';
import type { Network } from '../../../src/engine/model.ts';
import { add, cmp, div, fromDouble, mul, ONE, type Q, q, sign, sub, ZERO } from './rational.ts';

/** One exact piece: [u0, u1] and the full pattern there. */
export interface ExactSegmentPiece {
  u0: Q;
  u1: Q;
  pattern: number[];
}

type Lin = readonly [Q, Q]; // a u + c

function stateAt(act: Network['layers'][number]['activation'], z: Q): number {
  if (act === 'linear') return 0;
  if (act === 'hardtanh') return cmp(z, q(-1)) < 0 ? 0 : cmp(z, ONE) > 0 ? 2 : 1;
  return sign(z) > 0 ? 1 : 0;
}

/** The exact pieces of `net` along the segment from input point X0 to X1 (float64 values, taken exactly). */
export function exactSegmentPieces(
  net: Network,
  X0: ArrayLike<number>,
  X1: ArrayLike<number>,
): ExactSegmentPiece[] {
  const start: Lin[] = [];
  for (let i = 0; i < net.inputDim; i++) {
    const a = fromDouble(X0[i]!);
    start.push([sub(fromDouble(X1[i]!), a), a]);
  }
  let pieces: Array<{ u0: Q; u1: Q; pattern: number[]; inputs: Lin[] }> = [
    { u0: ZERO, u1: ONE, pattern: [], inputs: start },
  ];
  for (const L of net.layers) {
    const W = Array.from(L.weights, fromDouble);
    const b = Array.from(L.bias, fromDouble);
    const alpha = Array.from(L.alpha, fromDouble);
    const next: typeof pieces = [];
    for (const pc of pieces) {
      const z: Lin[] = [];
      for (let j = 0; j < L.outDim; j++) {
        let a = ZERO;
        let c = b[j]!;
        for (let i = 0; i < L.inDim; i++) {
          const w = W[j * L.inDim + i]!;
          a = add(a, mul(w, pc.inputs[i]![0]));
          c = add(c, mul(w, pc.inputs[i]![1]));
        }
        z.push([a, c]);
      }
      const cuts: Q[] = [pc.u0, pc.u1];
      if (stateCount(L.activation) > 1) {
        for (const zj of z) {
          if (sign(zj[0]) === 0) continue;
          for (const thr of thresholds(L.activation)) {
            const u = div(sub(fromDouble(thr), zj[1]), zj[0]);
            if (cmp(u, pc.u0) > 0 && cmp(u, pc.u1) < 0) cuts.push(u);
          }
        }
      }
      cuts.sort(cmp);
      for (let k = 0; k + 1 < cuts.length; k++) {
        const u0 = cuts[k]!;
        const u1 = cuts[k + 1]!;
        if (cmp(u0, u1) === 0) continue;
        const mid = div(add(u0, u1), q(2));
        const states = z.map((zj) => stateAt(L.activation, add(mul(zj[0], mid), zj[1])));
        const inputs = z.map((zj, j): Lin => {
          const s = states[j]!;
          const act = L.activation;
          if (act === 'linear') return zj;
          if (act === 'hardtanh') return s === 1 ? zj : [ZERO, s === 0 ? q(-1) : ONE];
          const m = s === 1 ? ONE : act === 'relu' ? ZERO : act === 'abs' ? q(-1) : alpha[j]!;
          return [mul(m, zj[0]), mul(m, zj[1])];
        });
        next.push({ u0, u1, pattern: [...pc.pattern, ...states], inputs });
      }
    }
    pieces = next;
  }
  const merged: ExactSegmentPiece[] = [];
  for (const p of pieces) {
    const last = merged[merged.length - 1];
    if (last && last.pattern.join() === p.pattern.join()) last.u1 = p.u1;
    else merged.push({ u0: p.u0, u1: p.u1, pattern: p.pattern });
  }
  return merged;
}
