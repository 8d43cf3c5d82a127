/**
 * The float64 reference forward pass: output, activation pattern, local affine map and gradient.
 *
 * This is the truth every GPU picture is checked against. Hot paths use a preallocated
 * {@link ForwardWorkspace} and write into output parameters, so evaluating a grid allocates nothing per point.
 */
import { pieceOf, stateOf } from './activations.ts';
import { type Network, neuronCount, outputDim } from './model.ts';
import { type PlaneMap, pointAt } from './plane.ts';

/** Scratch buffers for {@link forwardInto}; create once per network with {@link createWorkspace}. */
export interface ForwardWorkspace {
  /** Activations of the current layer (max width). */
  readonly a: Float64Array;
  /** Activations of the next layer (max width). */
  readonly b: Float64Array;
  /** Affine-piece scratch [slope, intercept]. */
  readonly piece: Float64Array;
  /** Network output (outputDim). */
  readonly output: Float64Array;
  /** Full activation pattern: one state per neuron of every layer, first layer first. */
  readonly pattern: Uint8Array;
  /** Input point scratch (inputDim). */
  readonly x: Float64Array;
}

/** Allocate the scratch buffers for evaluating `net` point by point. */
export function createWorkspace(net: Network): ForwardWorkspace {
  let maxW = net.inputDim;
  for (const L of net.layers) maxW = Math.max(maxW, L.outDim);
  return {
    a: new Float64Array(maxW),
    b: new Float64Array(maxW),
    piece: new Float64Array(2),
    output: new Float64Array(outputDim(net)),
    pattern: new Uint8Array(neuronCount(net)),
    x: new Float64Array(net.inputDim),
  };
}

/**
 * Evaluate the network at input `x` (length inputDim) into the workspace: `ws.output` and `ws.pattern`
 * are filled. Returns `ws.output`. Allocates nothing.
 */
export function forwardInto(net: Network, x: ArrayLike<number>, ws: ForwardWorkspace): Float64Array {
  let cur = ws.a;
  let nxt = ws.b;
  for (let i = 0; i < net.inputDim; i++) cur[i] = x[i]!;
  let off = 0;
  for (const L of net.layers) {
    const { inDim, outDim, weights, bias, activation, alpha } = L;
    for (let j = 0; j < outDim; j++) {
      let z = bias[j]!;
      const row = j * inDim;
      for (let i = 0; i < inDim; i++) z += weights[row + i]! * cur[i]!;
      const s = stateOf(activation, z);
      ws.pattern[off + j] = s;
      pieceOf(activation, s, alpha[j]!, ws.piece);
      nxt[j] = ws.piece[0]! * z + ws.piece[1]!;
    }
    off += outDim;
    const t = cur;
    cur = nxt;
    nxt = t;
  }
  const out = ws.output;
  for (let k = 0; k < out.length; k++) out[k] = cur[k]!;
  return out;
}

/** Everything the engine knows about the network at one point. */
export interface PointEvaluation {
  /** The network's outputs. */
  output: Float64Array;
  /** One state per neuron of every layer (see activations.ts for the state numbering). */
  pattern: Uint8Array;
  /** Jacobian of the local affine map, outputDim x inputDim, row-major. */
  jacobian: Float64Array;
  /** Offset of the local affine map: f(x) = jacobian . x + offset on the point's region. */
  offset: Float64Array;
  /** Gradient of output 0 (row 0 of the jacobian), length inputDim. */
  gradient: Float64Array;
}

/**
 * Evaluate at `x`: output, pattern and the local affine map f(x) = J x + c valid on the closed region of
 * the pattern. Allocates its result; for grids use {@link forwardInto} or {@link evaluateGrid}.
 */
export function evaluatePoint(net: Network, x: ArrayLike<number>): PointEvaluation {
  const ws = createWorkspace(net);
  forwardInto(net, x, ws);
  const n0 = net.inputDim;
  // Propagate the affine map [J | c] layer by layer using each neuron's piece in its state.
  let J = new Float64Array(n0 * n0);
  let c = new Float64Array(n0);
  for (let i = 0; i < n0; i++) J[i * n0 + i] = 1;
  let off = 0;
  for (const L of net.layers) {
    const { inDim, outDim, weights, bias, activation, alpha } = L;
    const J2 = new Float64Array(outDim * n0);
    const c2 = new Float64Array(outDim);
    for (let j = 0; j < outDim; j++) {
      pieceOf(activation, ws.pattern[off + j]!, alpha[j]!, ws.piece);
      const slope = ws.piece[0]!;
      let cz = bias[j]!;
      for (let i = 0; i < inDim; i++) cz += weights[j * inDim + i]! * c[i]!;
      c2[j] = slope * cz + ws.piece[1]!;
      if (slope === 0) continue;
      for (let k = 0; k < n0; k++) {
        let v = 0;
        for (let i = 0; i < inDim; i++) v += weights[j * inDim + i]! * J[i * n0 + k]!;
        J2[j * n0 + k] = slope * v;
      }
    }
    off += outDim;
    J = J2;
    c = c2;
  }
  return {
    output: Float64Array.from(ws.output),
    pattern: Uint8Array.from(ws.pattern),
    jacobian: J,
    offset: c,
    gradient: J.slice(0, n0),
  };
}

/**
 * The constants of the pattern hash, the one source for the engine and the shaders (programs.ts writes
 * them into the GLSL as #defines): the multipliers and shifts of {@link hash32}, the key of a neuron in
 * a state (KEY_STATES x neuron + state) and the mask and offset of the high word's key (see {@link neuronKey}).
 */
export const HASH = {
  shift1: 16,
  mul1: 0x7feb352d,
  shift2: 15,
  mul2: 0x846ca68b,
  shift3: 16,
  keyStates: 4,
  hiXor: 0x68e31da4,
  hiAdd: 0x1b873593,
} as const;

/**
 * The 32-bit integer hash ("lowbias32", C. Wellons) used to key neuron states. Mirrored exactly in the
 * shaders (GLSL uint arithmetic wraps like Math.imul).
 */
export function hash32(x: number): number {
  x >>>= 0;
  x ^= x >>> HASH.shift1;
  x = Math.imul(x, HASH.mul1);
  x ^= x >>> HASH.shift2;
  x = Math.imul(x, HASH.mul2);
  x ^= x >>> HASH.shift3;
  return x >>> 0;
}

/**
 * The 64-bit key of neuron `k` (global index over all layers) in state `s` (> 0), as two 32-bit words.
 * A pattern's hash is the XOR of the keys of its neurons in a non-zero state.
 */
export function neuronKey(k: number, s: number): [number, number] {
  const base = (k * HASH.keyStates + s) >>> 0;
  return [hash32(base), hash32((base ^ HASH.hiXor) + HASH.hiAdd)];
}

/**
 * The 64-bit hash of an activation pattern (XOR of {@link neuronKey} over neurons in a non-zero state),
 * restricted to the first `neurons` entries (default: all) of the pattern at pattern[start ..]. Writes [lo, hi]
 * into `out` at `at`. Two different patterns collide with probability 2^-64.
 */
export function patternHashInto(
  pattern: ArrayLike<number>,
  out: Uint32Array,
  at = 0,
  neurons = pattern.length,
  start = 0,
): void {
  let lo = 0;
  let hi = 0;
  for (let k = 0; k < neurons; k++) {
    const s = pattern[start + k]!;
    if (s === 0) continue;
    const base = (k * HASH.keyStates + s) >>> 0;
    lo ^= hash32(base);
    hi ^= hash32((base ^ HASH.hiXor) + HASH.hiAdd);
  }
  out[at] = lo >>> 0;
  out[at + 1] = hi >>> 0;
}

/** The 64-bit key hi << 32 | lo of a pattern hash's two 32-bit words, for sets and maps. */
export function hashKey(lo: number, hi: number): bigint {
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** The pattern hash as a BigInt (hi << 32 | lo, {@link hashKey}), convenient for sets and maps. */
export function patternHash(pattern: ArrayLike<number>, neurons = pattern.length): bigint {
  const w = new Uint32Array(2);
  patternHashInto(pattern, w, 0, neurons);
  return hashKey(w[0]!, w[1]!);
}

/** Per-pixel reference data of a grid; see {@link evaluateGrid}. */
export interface GridEvaluation {
  /** Width of the grid in pixels. */
  width: number;
  /** Height of the grid in pixels. */
  height: number;
  /** Pattern hash per pixel: words [lo, hi] at 2 * (j * width + i). */
  ids: Uint32Array;
  /** Output per pixel: outputDim values at outputDim * (j * width + i). */
  output: Float64Array;
  /** |grad f| of output `gradientOutput` per pixel. */
  gradientNorm: Float64Array;
}

/** Options of {@link evaluateGrid}. */
export interface GridOptions {
  /** Hash only the neurons of the first `layers` layers (partition after layer k). Default: all layers. */
  layers?: number;
  /** Output whose gradient magnitude is reported (default 0). */
  gradientOutput?: number;
}

/**
 * Evaluate the network at every pixel centre of a width x height grid over the window [x0,x1] x [y0,y1] of
 * plane coordinates: pixel (i, j), row 0 at the top, samples s = x0 + (i + 0.5)(x1 - x0)/width,
 * t = y1 - (j + 0.5)(y1 - y0)/height. This is the CPU reference image of the GPU renderer.
 * The gradient magnitude is |J^T e_k| of the local map in plane coordinates (s, t).
 */
export function evaluateGrid(
  net: Network,
  map: PlaneMap,
  view: { x0: number; x1: number; y0: number; y1: number },
  width: number,
  height: number,
  opts: GridOptions = {},
): GridEvaluation {
  const ws = createWorkspace(net);
  const nOut = outputDim(net);
  const ids = new Uint32Array(2 * width * height);
  const output = new Float64Array(nOut * width * height);
  const gradientNorm = new Float64Array(width * height);
  const layersHashed = opts.layers ?? net.layers.length;
  let hashNeurons = 0;
  for (let l = 0; l < Math.min(layersHashed, net.layers.length); l++) hashNeurons += net.layers[l]!.outDim;
  const gk = opts.gradientOutput ?? 0;
  const grad = new PlaneGradient(net, map);
  for (let j = 0; j < height; j++) {
    const t = view.y1 - ((j + 0.5) * (view.y1 - view.y0)) / height;
    for (let i = 0; i < width; i++) {
      const s = view.x0 + ((i + 0.5) * (view.x1 - view.x0)) / width;
      pointAt(map, s, t, ws.x);
      forwardInto(net, ws.x, ws);
      const p = j * width + i;
      patternHashInto(ws.pattern, ids, 2 * p, hashNeurons);
      for (let k = 0; k < nOut; k++) output[p * nOut + k] = ws.output[k]!;
      gradientNorm[p] = grad.normAt(ws.pattern, gk);
    }
  }
  return { width, height, ids, output, gradientNorm };
}

/**
 * Gradient of one output with respect to plane coordinates (s, t), given a pattern: backpropagates the
 * 2-column tangent map through the pattern's pieces. Reuses its buffers (no allocation per call).
 */
export class PlaneGradient {
  private readonly u: Float64Array;
  private readonly v: Float64Array;
  private readonly piece = new Float64Array(2);

  /** Prepare buffers for `net` and the plane `map`. */
  constructor(
    private readonly net: Network,
    private readonly map: PlaneMap,
  ) {
    let maxW = net.inputDim;
    for (const L of net.layers) maxW = Math.max(maxW, L.outDim);
    this.u = new Float64Array(2 * maxW);
    this.v = new Float64Array(2 * maxW);
  }

  /** Write (d f_k/ds, d f_k/dt) into `out` for the region of `pattern`; returns `out`. */
  gradientAt(pattern: ArrayLike<number>, k: number, out: Float64Array): Float64Array {
    const { net, map, piece } = this;
    let cur = this.u;
    let nxt = this.v;
    for (let i = 0; i < net.inputDim; i++) {
      cur[2 * i] = map.ds[i]!;
      cur[2 * i + 1] = map.dt[i]!;
    }
    let off = 0;
    for (const L of net.layers) {
      const { inDim, outDim, weights, activation, alpha } = L;
      for (let j = 0; j < outDim; j++) {
        pieceOf(activation, pattern[off + j]!, alpha[j]!, piece);
        let gs = 0;
        let gt = 0;
        const slope = piece[0]!;
        if (slope !== 0) {
          const row = j * inDim;
          for (let i = 0; i < inDim; i++) {
            const w = weights[row + i]!;
            gs += w * cur[2 * i]!;
            gt += w * cur[2 * i + 1]!;
          }
        }
        nxt[2 * j] = slope * gs;
        nxt[2 * j + 1] = slope * gt;
      }
      off += outDim;
      const tmp = cur;
      cur = nxt;
      nxt = tmp;
    }
    out[0] = cur[2 * k]!;
    out[1] = cur[2 * k + 1]!;
    return out;
  }

  private readonly g2 = new Float64Array(2);
  /** |grad f_k| in plane coordinates for the region of `pattern`. */
  normAt(pattern: ArrayLike<number>, k: number): number {
    this.gradientAt(pattern, k, this.g2);
    return Math.hypot(this.g2[0]!, this.g2[1]!);
  }
}
