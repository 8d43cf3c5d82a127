/**
 * An emulation of the region-map shader's float32 arithmetic (src/render/programs.ts, the delta formulation
 * of src/engine/pack.ts), one Math.fround per operation, on the identity plane of a 2-D network: for each
 * pixel centre of a grid over `rect`, with the view centred on `view`, every neuron's float32 pre-activation
 * zc + dz against the float64 one of the same point, and the pattern of states of each. An independent check
 * of src/engine/float32.ts: it shares no code with it but the activations' states and pieces.
 */
import { pieceOf, stateOf } from '../../../src/engine/activations.ts';
import type { Network } from '../../../src/engine/model.ts';
import type { ViewRect } from '../../../src/engine/range.ts';

const f = Math.fround;

export interface Float32Emulation {
  /** Fraction of the grid's pixels whose float32 pattern equals the float64 one. */
  agreement: number;
  /** Per neuron (global order): the largest |z32 - z64| over the grid. */
  maxError: Float64Array;
}

export function emulateFloat32(
  net: Network,
  view: ViewRect,
  n: number,
  rect: ViewRect = view,
): Float32Emulation {
  if (net.inputDim !== 2) throw new Error('the emulation takes 2-D networks on the identity plane');
  const cs = (view.x0 + view.x1) / 2;
  const ct = (view.y0 + view.y1) / 2;
  const piece = new Float64Array(2);
  // Pre-activations at the view centre, in float64 (as pack.ts computes them), and the slope and intercept
  // of each neuron's centre state.
  const zc: Float64Array[] = [];
  const centreSlope: Float64Array[] = [];
  const centreIntercept: Float64Array[] = [];
  let h = Float64Array.from([cs, ct]);
  for (const L of net.layers) {
    const z = new Float64Array(L.outDim);
    const slope = new Float64Array(L.outDim);
    const intercept = new Float64Array(L.outDim);
    const next = new Float64Array(L.outDim);
    for (let j = 0; j < L.outDim; j++) {
      let s = L.bias[j]!;
      for (let i = 0; i < L.inDim; i++) s += L.weights[j * L.inDim + i]! * h[i]!;
      z[j] = s;
      pieceOf(L.activation, stateOf(L.activation, s), L.alpha[j]!, piece);
      slope[j] = piece[0]!;
      intercept[j] = piece[1]!;
      next[j] = piece[0]! * s + piece[1]!;
    }
    zc.push(z);
    centreSlope.push(slope);
    centreIntercept.push(intercept);
    h = next;
  }
  const neurons = net.layers.reduce((a, L) => a + L.outDim, 0);
  const maxError = new Float64Array(neurons);
  let same = 0;
  for (let py = 0; py < n; py++) {
    for (let px = 0; px < n; px++) {
      const s = rect.x0 + ((px + 0.5) * (rect.x1 - rect.x0)) / n;
      const t = rect.y0 + ((py + 0.5) * (rect.y1 - rect.y0)) / n;
      const u = f(s - cs);
      const v = f(t - ct);
      let h64 = Float64Array.from([s, t]);
      let dh: number[] = [];
      let k = 0;
      let agree = true;
      for (let l = 0; l < net.layers.length; l++) {
        const L = net.layers[l]!;
        const next64 = new Float64Array(L.outDim);
        const next: number[] = [];
        for (let j = 0; j < L.outDim; j++, k++) {
          let z64 = L.bias[j]!;
          for (let i = 0; i < L.inDim; i++) z64 += L.weights[j * L.inDim + i]! * h64[i]!;
          let dz = 0;
          if (l === 0) {
            dz = f(f(f(L.weights[2 * j]!) * u) + f(f(L.weights[2 * j + 1]!) * v));
          } else {
            for (let i = 0; i < L.inDim; i++) dz = f(dz + f(f(L.weights[j * L.inDim + i]!) * dh[i]!));
          }
          const c32 = f(zc[l]![j]!);
          const z32 = f(c32 + dz);
          const s64 = stateOf(L.activation, z64);
          const s32 = stateOf(L.activation, z32);
          if (s64 !== s32) agree = false;
          maxError[k] = Math.max(maxError[k]!, Math.abs(z32 - z64));
          pieceOf(L.activation, s64, L.alpha[j]!, piece);
          next64[j] = piece[0]! * z64 + piece[1]!;
          pieceOf(L.activation, s32, L.alpha[j]!, piece);
          const sc = centreSlope[l]![j]!;
          const ic = centreIntercept[l]![j]!;
          // dh = slope dz + (slope - slope_c) zc + (intercept - intercept_c), as the shader writes it.
          next.push(f(f(f(piece[0]! * dz) + f(f(piece[0]! - sc) * c32)) + f(piece[1]! - ic)));
        }
        h64 = next64;
        dh = next;
      }
      if (agree) same++;
    }
  }
  return { agreement: same / (n * n), maxError };
}
