/**
 * When the enumeration composes its maps in double-double (face-maps-dd.ts), and the tolerance it then uses:
 * the a-priori overflow bound that makes the mode safe, the probe at the window's centre that makes it worth
 * its cost, and the error bound of the composition itself.
 */
import { pieceOf, stateOf } from './activations.ts';
import { ddMapsError, type ErrorNorms, firstPieceError, inputError, mapsNorm } from './face-error.ts';
import { affineLayer, type PreparedLayer, STRIDE } from './face-maps.ts';
import type { Network } from './model.ts';

const S = STRIDE;

/**
 * The relative error of the double-double composition per unit of m, summed over the layers: the dot
 * products' (fan-in + 2)^2 eps^2 with a safety factor of 4, plus the terms eps * |W| |lo| (each lo is at most
 * eps of its hi). Many orders of magnitude below the float64 tolerance: for 2 -> 64 x 16 about 1e-26.
 */
export function doubleDoubleTolerance(net: Network): number {
  const eps = Number.EPSILON;
  let t = 0;
  for (const L of net.layers) {
    const n = L.inDim + 2;
    t += 4 * (n * n + n) * eps * eps;
  }
  return t;
}

/**
 * Whether double-double composition is safe for `net` from the input maps `h0`: every magnitude the
 * composition can meet, bounded a priori with every neuron on, stays below 2^900, so that neither Dekker's
 * split nor a product overflows.
 */
export function doubleDoubleSafe(net: Network, h0: Float64Array): boolean {
  let m = 0;
  for (let k = 3; k < h0.length; k += S) m = Math.max(m, h0[k]!);
  for (const L of net.layers) {
    let next = 0;
    for (let j = 0; j < L.outDim; j++) {
      let s = Math.abs(L.bias[j]!);
      for (let i = 0; i < L.inDim; i++) s += Math.abs(L.weights[j * L.inDim + i]!) * Math.max(m, 1);
      next = Math.max(next, s);
    }
    let slope = 1;
    for (const a of L.alpha) slope = Math.max(slope, Math.abs(a));
    m = next * slope + 1;
    if (!(m < 2 ** 900)) return false;
  }
  return true;
}

/**
 * How wide float64's band is on the face of the window's centre (its maps composed in float64 through the
 * centre's own pattern, as the enumeration would): the largest ratio of a neuron's tolerance to the size of
 * its map, with the tolerance relTol m (face-maps.ts) and, given `norms`, the smaller of that and the
 * spectral bound (face-error.ts). With `ddLayers` k, the first k layers' maps count as composed in
 * double-double (tolerance ddTol m and their rounding to float64), and the spectral bound starts from theirs.
 * Infinity when a magnitude comes near the end of the float64 range (where Dekker's split would overflow).
 * `h0` are the input maps, `prepared` the layers.
 */
export function centreBand(
  net: Network,
  prepared: readonly PreparedLayer[],
  h0: Float64Array,
  relTol: number,
  norms: ErrorNorms | null,
  ddLayers = 0,
  ddTol = 0,
): number {
  let h = h0;
  let worst = 0;
  const piece = new Float64Array(2);
  let e = norms && ddLayers === 0 ? inputError(norms, h0, S) : 0;
  for (let l = 0; l < net.layers.length; l++) {
    const L = net.layers[l]!;
    const z = new Float64Array(S * L.outDim);
    affineLayer(prepared[l]!, h, z, 0);
    const next = new Float64Array(S * L.outDim);
    for (let j = 0; j < L.outDim; j++) {
      const k = S * j;
      const scale = Math.abs(z[k]!) + Math.abs(z[k + 1]!) + Math.abs(z[k + 2]!);
      if (!(z[k + 3]! < 2 ** 900)) return Number.POSITIVE_INFINITY;
      const m = z[k + 3]!;
      const tol = l < ddLayers ? ddTol * m : norms ? Math.min(relTol * m, Math.sqrt(3) * e) : relTol * m;
      // The low parts a double-double composition would carry: at most half an ulp of each high part.
      for (let c = 0; c < 3; c++) z[k + 4 + c] = l < ddLayers ? Math.abs(z[k + c]!) * Number.EPSILON : 0;
      if (scale > 0) worst = Math.max(worst, tol / scale);
      pieceOf(L.activation, stateOf(L.activation, z[k + 2]! + 0.5 * (z[k]! + z[k + 1]!)), L.alpha[j]!, piece);
      next[k] = piece[0]! * z[k]!;
      next[k + 1] = piece[0]! * z[k + 1]!;
      next[k + 2] = piece[0]! * z[k + 2]! + piece[1]!;
      next[k + 3] = Math.abs(piece[0]!) * z[k + 3]! + Math.abs(piece[1]!);
    }
    if (norms && l + 1 < net.layers.length && l + 1 >= ddLayers) {
      const eIn = l < ddLayers ? ddMapsError(z, L.outDim, ddTol) : e;
      e = firstPieceError(norms, l, eIn, mapsNorm(z, 0, L.outDim, S), mapsNorm(next, 0, L.outDim, S));
    }
    h = next;
  }
  return worst;
}
