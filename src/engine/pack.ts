/**
 * The GPU layout of a network: what the renderer uploads, computed here in float64 and tested in Node.
 *
 * Precision scheme ("delta formulation"). The shader never sees absolute input coordinates. For a view
 * centred at (cs, ct) of the (s, t) plane, the CPU evaluates every neuron's pre-activation at the centre
 * in float64 (`zc`), and the shader propagates only differences from the centre:
 *
 *   layer 0:  dz_j = a_j u + b_j v                  (a = W0 ds, b = W0 dt folded on the CPU in float64)
 *   layer l:  dz_j = sum_i W_ji dh_i
 *   state:    s_j = state(zc_j + dz_j)              (exactly as activations.ts numbers states)
 *   delta:    dh_j = slope(s_j) dz_j + (slope(s_j) - slope(sc_j)) zc_j + (icpt(s_j) - icpt(sc_j))
 *
 * where (u, v) is the pixel's offset from the view centre. Rounding errors are then proportional to the
 * size of the view rather than to the size of the coordinates, so a 1e-5 window is as sharp as a unit one:
 * a neuron whose zero set crosses the view has |zc| of the order of the view, and the state of a neuron
 * whose zero set is far away is decided with a large margin.
 */
import { ACTIVATION_CODES as ACT } from './activations.ts';
import type { Network } from './model.ts';
import type { PlaneMap } from './plane.ts';

export { ACTIVATION_CODES } from './activations.ts';

/** Texels per row of the packed weight texture (WebGL2's guaranteed minimum MAX_TEXTURE_SIZE is 2048). */
export const PACK_TEXTURE_WIDTH = 1024;

/** The layout of one layer inside a {@link PackedNetwork}. */
export interface PackedLayer {
  /** Inputs of the layer. */
  readonly inDim: number;
  /** Neurons of the layer. */
  readonly outDim: number;
  /** Texels (vec4) per weight row: ceil(inDim / 4); rows are zero-padded to a multiple of 4 floats. */
  readonly rowTexels: number;
  /** Index of the layer's first weight texel (-1 for layer 0, whose weights are folded per view). */
  readonly baseTexel: number;
  /** Global index of the layer's first neuron. */
  readonly neuronOffset: number;
  /** Activation code ({@link ACTIVATION_CODES}). */
  readonly activation: number;
}

/** A network packed for the GPU: weights of layers 1.. as RGBA32F texels, plus the layout constants. */
export interface PackedNetwork {
  /** Weight texels, 4 floats each, PACK_TEXTURE_WIDTH texels per row, zero-padded to whole rows. */
  readonly weights: Float32Array;
  /** Width of the weight texture in texels. */
  readonly textureWidth: number;
  /** Height of the weight texture in texels (>= 1). */
  readonly textureHeight: number;
  /** Weight texels in use (before the padding of the last row); 0 for a one-layer network. */
  readonly weightTexels: number;
  /** Per-layer layout. */
  readonly layers: readonly PackedLayer[];
  /** Total number of neurons (all layers, the outputs included). */
  readonly neuronCount: number;
  /** Largest layer width. */
  readonly maxWidth: number;
  /** Multiply-adds per pixel of one forward pass (first layer counted as 2 per neuron). */
  readonly macsPerPixel: number;
  /**
   * A string that identifies the architecture (widths and activations): the key of the compiled-program
   * cache. Two networks with the same key share programs; their weights are data.
   */
  readonly architectureKey: string;
}

/**
 * Pack the weights of layers 1.. of `net` (layer 0 is folded per view by {@link packView}). Row j of layer l
 * (l >= 1) occupies texels baseTexel + j * rowTexels + [0, rowTexels). Allocates the result, except that
 * the weight array of `reuse` is written over (and shared) when `reuse` has the same architecture key (its
 * padding is then already zero); never throws.
 */
export function packNetwork(net: Network, reuse: PackedNetwork | null = null): PackedNetwork {
  const layers: PackedLayer[] = [];
  let texels = 0;
  let neuronOffset = 0;
  let maxWidth = 0;
  let macs = 0;
  for (let l = 0; l < net.layers.length; l++) {
    const L = net.layers[l]!;
    const rowTexels = Math.ceil(L.inDim / 4);
    layers.push({
      inDim: L.inDim,
      outDim: L.outDim,
      rowTexels,
      baseTexel: l === 0 ? -1 : texels,
      neuronOffset,
      activation: ACT[L.activation],
    });
    if (l > 0) texels += rowTexels * L.outDim;
    neuronOffset += L.outDim;
    maxWidth = Math.max(maxWidth, L.outDim);
    macs += l === 0 ? 2 * L.outDim : L.inDim * L.outDim;
  }
  const textureWidth = PACK_TEXTURE_WIDTH;
  const textureHeight = Math.max(1, Math.ceil(texels / textureWidth));
  const architectureKey = `${net.inputDim}|${layers.map((p) => `${p.outDim}${'labth'[p.activation]}`).join(',')}`;
  const n = textureWidth * textureHeight * 4;
  const weights =
    reuse && reuse.architectureKey === architectureKey && reuse.weights.length === n
      ? reuse.weights
      : new Float32Array(n);
  for (let l = 1; l < net.layers.length; l++) {
    const L = net.layers[l]!;
    const P = layers[l]!;
    for (let j = 0; j < L.outDim; j++) {
      const dst = (P.baseTexel + j * P.rowTexels) * 4;
      for (let i = 0; i < L.inDim; i++) weights[dst + i] = L.weights[j * L.inDim + i]!;
    }
  }
  return {
    weights,
    textureWidth,
    textureHeight,
    weightTexels: texels,
    layers,
    neuronCount: neuronOffset,
    maxWidth,
    macsPerPixel: macs,
    architectureKey,
  };
}

/**
 * Texels per row of the per-view neuron texture: one texel (zc, alpha, a, b) per neuron, in global neuron
 * order; `a`, `b` are only meaningful for layer 0.
 */
export const VIEW_TEXTURE_WIDTH = 1024;

/**
 * The per-view data of the delta formulation (see the module comment), one vec4 per neuron:
 * (zc = pre-activation at the view centre, alpha = negative slope, a = dz/du, b = dz/dv), a and b for the
 * first layer only. `centre` is (cs, ct) in plane coordinates. Writes into `out` when it is large enough
 * (VIEW_TEXTURE_WIDTH * rows * 4 floats), else allocates; returns the array written.
 */
export function packView(
  net: Network,
  map: PlaneMap,
  centre: readonly [number, number],
  out?: Float32Array,
): Float32Array {
  let n = 0;
  let maxW = net.inputDim;
  for (const L of net.layers) {
    n += L.outDim;
    maxW = Math.max(maxW, L.outDim);
  }
  const size = viewTextureRows(n) * VIEW_TEXTURE_WIDTH * 4;
  const data = out && out.length >= size ? out : new Float32Array(size);
  let cur = new Float64Array(maxW);
  let nxt = new Float64Array(maxW);
  for (let i = 0; i < net.inputDim; i++) {
    cur[i] = map.origin[i]! + centre[0] * map.ds[i]! + centre[1] * map.dt[i]!;
  }
  let k = 0;
  for (let l = 0; l < net.layers.length; l++) {
    const L = net.layers[l]!;
    for (let j = 0; j < L.outDim; j++, k++) {
      let z = L.bias[j]!;
      let a = 0;
      let b = 0;
      for (let i = 0; i < L.inDim; i++) {
        const w = L.weights[j * L.inDim + i]!;
        z += w * cur[i]!;
        if (l === 0) {
          a += w * map.ds[i]!;
          b += w * map.dt[i]!;
        }
      }
      data[4 * k] = z;
      data[4 * k + 1] = L.alpha[j]!;
      data[4 * k + 2] = a;
      data[4 * k + 3] = b;
      nxt[j] = activateCode(ACT[L.activation], z, L.alpha[j]!);
    }
    const t = cur;
    cur = nxt;
    nxt = t;
  }
  return data;
}

/** Rows of the per-view neuron texture for `neurons` neurons (>= 1). */
export function viewTextureRows(neurons: number): number {
  return Math.max(1, Math.ceil(neurons / VIEW_TEXTURE_WIDTH));
}

/** Value of the activation with code `code` (see {@link ACTIVATION_CODES}) at z. */
export function activateCode(code: number, z: number, alpha: number): number {
  switch (code) {
    case ACT.relu:
      return Math.max(z, 0);
    case ACT.leaky_relu:
      return z > 0 ? z : alpha * z;
    case ACT.abs:
      return Math.abs(z);
    case ACT.hardtanh:
      return Math.max(-1, Math.min(1, z));
    default:
      return z;
  }
}

/** State of a neuron with activation `code` at z, numbered as in activations.ts. */
export function stateOfCode(code: number, z: number): number {
  if (code === ACT.linear) return 0;
  if (code === ACT.hardtanh) return z < -1 ? 0 : z > 1 ? 2 : 1;
  return z > 0 ? 1 : 0;
}

/** Slope of the activation `code` in state `s` (alpha: negative slope of leaky/prelu). */
export function slopeOfCode(code: number, s: number, alpha: number): number {
  switch (code) {
    case ACT.relu:
      return s === 1 ? 1 : 0;
    case ACT.leaky_relu:
      return s === 1 ? 1 : alpha;
    case ACT.abs:
      return s === 1 ? 1 : -1;
    case ACT.hardtanh:
      return s === 1 ? 1 : 0;
    default:
      return 1;
  }
}

/** Intercept of the activation `code` in state `s` (non-zero only for saturated hardtanh: -1 or +1). */
export function interceptOfCode(code: number, s: number): number {
  if (code !== ACT.hardtanh || s === 1) return 0;
  return s === 0 ? -1 : 1;
}
