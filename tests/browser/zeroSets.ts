/**
 * Which pixels lie within a given distance of some neuron's zero set, computed in float64 independently of
 * the engine's forward pass: at each pixel centre every neuron's pre-activation z and its gradient g in
 * plane coordinates are propagated (forward mode), and the pixel is "near" when |z - threshold| < r |g| for
 * some neuron and threshold. On the pixel's region every z is affine, so |z - c| / |g| is the exact distance
 * to the line z = c there; the first zero set met along any ray from the centre is such a line, so a pixel
 * that is not "near" has a disc of radius r free of every zero set.
 */
import type { Network } from '../../src/engine/model.ts';
import type { PlaneMap } from '../../src/engine/plane.ts';

/** One byte per pixel (row 0 at the top): 1 when within `radius` (plane units) of a zero set, else 0. */
export function nearZeroSets(
  net: Network,
  map: PlaneMap,
  view: { x0: number; x1: number; y0: number; y1: number },
  width: number,
  height: number,
  radius: number,
): Uint8Array {
  const near = new Uint8Array(width * height);
  let maxW = net.inputDim;
  for (const L of net.layers) maxW = Math.max(maxW, L.outDim);
  const h = new Float64Array(maxW);
  const hs = new Float64Array(maxW);
  const ht = new Float64Array(maxW);
  const z = new Float64Array(maxW);
  const zs = new Float64Array(maxW);
  const zt = new Float64Array(maxW);
  for (let j = 0; j < height; j++) {
    const t = view.y1 - ((j + 0.5) * (view.y1 - view.y0)) / height;
    for (let i = 0; i < width; i++) {
      const s = view.x0 + ((i + 0.5) * (view.x1 - view.x0)) / width;
      for (let k = 0; k < net.inputDim; k++) {
        h[k] = map.origin[k]! + s * map.ds[k]! + t * map.dt[k]!;
        hs[k] = map.ds[k]!;
        ht[k] = map.dt[k]!;
      }
      let isNear = false;
      for (const L of net.layers) {
        for (let o = 0; o < L.outDim; o++) {
          let a = L.bias[o]!;
          let as = 0;
          let at = 0;
          for (let k = 0; k < L.inDim; k++) {
            const w = L.weights[o * L.inDim + k]!;
            a += w * h[k]!;
            as += w * hs[k]!;
            at += w * ht[k]!;
          }
          z[o] = a;
          zs[o] = as;
          zt[o] = at;
          const g = Math.hypot(as, at);
          const ths = L.activation === 'linear' ? [] : L.activation === 'hardtanh' ? [-1, 1] : [0];
          for (const c of ths) if (Math.abs(a - c) <= radius * g) isNear = true;
        }
        for (let o = 0; o < L.outDim; o++) {
          const a = z[o]!;
          let slope = 1;
          let icpt = 0;
          switch (L.activation) {
            case 'relu':
              slope = a > 0 ? 1 : 0;
              break;
            case 'leaky_relu':
            case 'prelu':
              slope = a > 0 ? 1 : L.alpha[o]!;
              break;
            case 'abs':
              slope = a > 0 ? 1 : -1;
              break;
            case 'hardtanh':
              if (a < -1) [slope, icpt] = [0, -1];
              else if (a > 1) [slope, icpt] = [0, 1];
              break;
            case 'linear':
              break;
          }
          h[o] = slope * a + icpt;
          hs[o] = slope * zs[o]!;
          ht[o] = slope * zt[o]!;
        }
      }
      if (isNear) near[j * width + i] = 1;
    }
  }
  return near;
}
