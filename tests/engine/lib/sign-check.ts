/**
 * The "no skipped cut" check: on every enumerated region, every neuron's pre-activation (composed through
 * the region's own pattern, so that it is one affine function of (s, t) on the region) must keep one sign
 * at all the region's vertices and its centroid, up to the rounding error of evaluating it. A region whose
 * vertices disagree in sign beyond that holds a piece of the neuron's zero set: a cut the enumeration
 * skipped. Independent of the engine: the composition is redone here from the weights, point by point.
 */
import { pieceOf, thresholds } from '../../../src/engine/activations.ts';
import type { Network } from '../../../src/engine/model.ts';
import type { PlaneMap } from '../../../src/engine/plane.ts';
import type { Region } from '../../../src/engine/regions.ts';

/** One neuron that changes sign inside one region. */
export interface SignViolation {
  /** Index of the region in the list checked. */
  region: number;
  /** Layer (0-based) and neuron of the layer. */
  layer: number;
  neuron: number;
  /** The threshold crossed (0 for ReLU-like, -1 or 1 for hardtanh). */
  threshold: number;
  /** The smallest and largest z - threshold over the vertices and the centroid. */
  min: number;
  max: number;
  /** The rounding scale the values were compared with. */
  tol: number;
}

/**
 * z - threshold and its rounding scale (sum of |terms|) for every neuron at plane point (s, t), composing
 * the layers with the region's pattern. Returns one [values, scales] pair per layer.
 */
function preacts(
  net: Network,
  map: PlaneMap,
  pattern: Uint8Array,
  s: number,
  t: number,
): Array<[Float64Array, Float64Array]> {
  const n0 = net.inputDim;
  let h = new Float64Array(n0);
  let m = new Float64Array(n0);
  for (let i = 0; i < n0; i++) {
    h[i] = map.origin[i]! + s * map.ds[i]! + t * map.dt[i]!;
    m[i] = Math.abs(map.origin[i]!) + Math.abs(s * map.ds[i]!) + Math.abs(t * map.dt[i]!);
  }
  const out: Array<[Float64Array, Float64Array]> = [];
  const piece = new Float64Array(2);
  let off = 0;
  for (const L of net.layers) {
    const z = new Float64Array(L.outDim);
    const mz = new Float64Array(L.outDim);
    const nh = new Float64Array(L.outDim);
    const nm = new Float64Array(L.outDim);
    for (let j = 0; j < L.outDim; j++) {
      let v = L.bias[j]!;
      let a = Math.abs(v);
      for (let i = 0; i < L.inDim; i++) {
        const w = L.weights[j * L.inDim + i]!;
        v += w * h[i]!;
        a += Math.abs(w) * m[i]!;
      }
      z[j] = v;
      mz[j] = a;
      pieceOf(L.activation, pattern[off + j]!, L.alpha[j]!, piece);
      nh[j] = piece[0]! * v + piece[1]!;
      nm[j] = Math.abs(piece[0]!) * a + Math.abs(piece[1]!);
    }
    out.push([z, mz]);
    h = nh;
    m = nm;
    off += L.outDim;
  }
  return out;
}

/**
 * Every (region, neuron) whose pre-activation takes values of both signs beyond `relTol` times its rounding
 * scale at the region's vertices and centroid. `relTol` defaults to 1e-9: far above float64 rounding
 * (about 1e-13 relative even for deep nets), far below a skipped cut's typical size.
 */
export function signViolations(
  net: Network,
  map: PlaneMap,
  regions: readonly Region[],
  relTol = 1e-9,
): SignViolation[] {
  const out: SignViolation[] = [];
  regions.forEach((r, ri) => {
    const pts: Array<[number, number]> = [r.centroid];
    for (let i = 0; i < r.polygon.length; i += 2) pts.push([r.polygon[i]!, r.polygon[i + 1]!]);
    const vals = pts.map(([s, t]) => preacts(net, map, r.pattern, s, t));
    net.layers.forEach((L, l) => {
      for (const th of thresholds(L.activation)) {
        for (let j = 0; j < L.outDim; j++) {
          let min = Infinity;
          let max = -Infinity;
          let scale = Math.abs(th);
          for (const v of vals) {
            const z = v[l]![0][j]! - th;
            if (z < min) min = z;
            if (z > max) max = z;
            scale = Math.max(scale, v[l]![1][j]!);
          }
          const tol = relTol * scale;
          if (min < -tol && max > tol)
            out.push({ region: ri, layer: l, neuron: j, threshold: th, min, max, tol });
        }
      }
    });
  });
  return out;
}
