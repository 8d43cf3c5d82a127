/**
 * The next layer's affine maps of the pieces of one cut face (regions.ts): the first piece's maps in full
 * (its post-activations piece(z), then W h + b), and every other piece's as the first piece's plus the
 * columns of the few neurons whose states differ (those whose lines cross the face).
 */
import {
  runAffineWasm as runAffineWasm_,
  runColumnsWasm as runColumnsWasm_,
  walkSlots as walkSlots_,
  wasmColumns as wasmColumns_,
  wasmInputs as wasmInputs_,
} from './affine-wasm.ts';
import { centreBand, doubleDoubleSafe, doubleDoubleTolerance } from './dd-choice.ts';
import { type ErrorNorms, errorNorms } from './face-error.ts';
import {
  addColumn as addColumn_,
  affineLayer as affineLayer_,
  affineLayer as affineLayerExport,
  PIECES as PIECES_,
  type PreparedLayer,
  STRIDE,
} from './face-maps.ts';
import { affineLayerDD as affineLayerDDExport, inputMaps } from './face-maps-dd.ts';
import type { Network } from './model.ts';
import {
  changedStates as changedStates_,
  scratchStates as scratchStates_,
  stateAt as stateAt_,
  unpackStates as unpackStates_,
} from './packed-states.ts';
import { firstPieceMapsDD, siblingMapsDD } from './piece-maps-dd.ts';
import type { PlaneMap, Window } from './plane.ts';

// Local copies of imported bindings (see face-walk.ts: tsx turns each access to an import into a getter call).
const addColumn = addColumn_;
const changedStates = changedStates_;
const affineLayer = affineLayer_;
const walkSlots = walkSlots_;
const runAffineWasm = runAffineWasm_;
const wasmInputs = wasmInputs_;
const runColumnsWasm = runColumnsWasm_;
const wasmColumns = wasmColumns_;
const S = STRIDE;
const unpackStates = unpackStates_;
const stateAt = stateAt_;
const scratchStates = scratchStates_;
const PIECES = PIECES_;
let href = new Float64Array(S * 256);
/** Scratch of {@link siblingMaps}: the neurons whose states differ. */
let changed = new Int32Array(256);

/**
 * dst[g .. g + 4) = the post-activation map of neuron j in state `state` (its pre-activation map at z[k ..];
 * `pieces`: the layer's table, face-maps.ts PreparedLayer.pieces): the piece's slope times the map plus its
 * intercept, and its magnitude. Returns false when all four vanish.
 */
function postMap(
  pieces: Float64Array,
  j: number,
  state: number,
  z: Float64Array,
  k: number,
  dst: Float64Array,
  g: number,
): boolean {
  const s = pieces[PIECES * j + 2 * state]!;
  const t = pieces[PIECES * j + 2 * state + 1]!;
  const hu = s * z[k]!;
  const hv = s * z[k + 1]!;
  const hc = s * z[k + 2]! + t;
  const hm = Math.abs(s) * z[k + 3]! + Math.abs(t);
  dst[g] = hu;
  dst[g + 1] = hv;
  dst[g + 2] = hc;
  dst[g + 3] = hm;
  return hu !== 0 || hv !== 0 || hc !== 0 || hm !== 0;
}

/**
 * Write into out[0 .. next layer's size) the next layer's maps of the piece whose states of this layer are at
 * slots po .. po + outDim of pat (packed-states.ts): W h + b for h = piece(z) with the maps z of this layer's
 * pre-activations (STRIDE per neuron), or h itself when `next` is null (the last layer). Returns the sum of the
 * squares of h's coefficients (face-error.ts). zAt, here: where the kernels left z in their memory
 * (affine-wasm.ts mapsAt), and the layer of z (its pieces placed there), or -1 and null.
 */
export function firstPieceMaps(
  pieces: Float64Array,
  z: Float64Array,
  outDim: number,
  pat: Uint8Array,
  po: number,
  next: PreparedLayer | null,
  out: Float64Array,
  zAt = -1,
  here: PreparedLayer | null = null,
): number {
  // Where the kernels made z (at zAt in their memory, `here` the layer), the gather kernel takes the post-
  // activation maps to the next layer's inputs (the same numbers as the loops below).
  const k = zAt >= 0 && here !== null && next !== null ? walkSlots(here) : null;
  if (k !== null && wasmInputs(next!) !== null) {
    unpackStates(pat, po, outDim, k.u8, k.states, k.i32);
    const n = k.gather(zAt, outDim, k.states, here!.wasm!.pc, k.idx, k.ha, k.ss);
    runAffineWasm(next!, n, out, 0);
    return k.f64[k.ss >> 3]!;
  }
  let ss = 0;
  const states = scratchStates(pat, po, outDim);
  // With the layer in the WebAssembly kernel, the post-activation maps go straight to its inputs (the same
  // numbers as href's below, the vanishing ones dropped as affineLayer drops them).
  const at = next !== null && next.wasm !== null ? wasmInputs(next) : null;
  if (at !== null) {
    let g = at.d;
    let n = 0;
    for (let j = 0; j < outDim; j++) {
      const st = states[j]!;
      // A piece of slope and intercept 0 (ReLU off) adds nothing: the maps z are finite (checked when made).
      if (pieces[PIECES * j + 2 * st] === 0 && pieces[PIECES * j + 2 * st + 1] === 0) continue;
      if (!postMap(pieces, j, st, z, S * j, at.f64, g)) continue;
      ss += at.f64[g]! * at.f64[g]! + at.f64[g + 1]! * at.f64[g + 1]! + at.f64[g + 2]! * at.f64[g + 2]!;
      at.i32[at.idx + n] = 16 * j;
      g += 4;
      n++;
    }
    runAffineWasm(next!, n, out, 0);
    return ss;
  }
  if (href.length < S * outDim) href = new Float64Array(S * outDim);
  for (let j = 0; j < outDim; j++) {
    postMap(pieces, j, states[j]!, z, S * j, href, S * j);
    const k = S * j;
    ss += href[k]! * href[k]! + href[k + 1]! * href[k + 1]! + href[k + 2]! * href[k + 2]!;
  }
  if (next) affineLayer(next, href, out, 0);
  else for (let k = 0; k < out.length; k++) out[k] = href[k]!;
  return ss;
}

/**
 * Write into out[o .. o + ref.length) the maps of the piece with states at slots po .. of pat, from those of
 * the first piece (ref, states at slots poRef ..): for each neuron whose state differs, add its column times
 * the difference of the two pieces' post-activation maps. cand[0 .. nCand), where given: the only neurons
 * whose states may differ, in increasing order (modulo outDim: a neuron may be listed once per threshold).
 * Returns the sum of the squares of those differences' coefficients (face-error.ts).
 */
export function siblingMaps(
  pieces: Float64Array,
  z: Float64Array,
  outDim: number,
  pat: Uint8Array,
  po: number,
  poRef: number,
  next: PreparedLayer | null,
  ref: Float64Array,
  out: Float64Array,
  o: number,
  cand: Int32Array | null = null,
  nCand = 0,
): number {
  let ss = 0;
  // With the next layer in the WebAssembly kernels, the columns go to its columns kernel, which starts from
  // its copy of the first piece's maps (the same numbers as addColumn's, one column after another).
  const at = next !== null && next.wasm !== null ? wasmColumns(next) : null;
  if (at === null) out.set(ref, o);
  if (changed.length < outDim) changed = new Int32Array(outDim);
  const list = changed;
  const nc = changedStates(pat, po, poRef, outDim, cand, nCand, list);
  let n = 0;
  for (let w = 0; w < nc; w++) {
    const j = list[w]!;
    const s = stateAt(pat, po + j);
    const sr = stateAt(pat, poRef + j);
    const slope = pieces[PIECES * j + 2 * s]!;
    const icpt = pieces[PIECES * j + 2 * s + 1]!;
    const slopeRef = pieces[PIECES * j + 2 * sr]!;
    const icptRef = pieces[PIECES * j + 2 * sr + 1]!;
    const ds = slope - slopeRef;
    const du = ds * z[S * j]!;
    const dv = ds * z[S * j + 1]!;
    const dc = ds * z[S * j + 2]! + icpt - icptRef;
    // A sibling's maps are the reference's plus this difference: their rounding error is bounded by the
    // reference's magnitude plus the difference's, so m only grows here.
    const dm = Math.abs(ds) * z[S * j + 3]! + Math.abs(icpt - icptRef);
    ss += du * du + dv * dv + dc * dc;
    if (at !== null) {
      at.i32[at.idx + n] = 16 * next!.layer.outDim * j;
      at.f64[at.d + 4 * n] = du;
      at.f64[at.d + 4 * n + 1] = dv;
      at.f64[at.d + 4 * n + 2] = dc;
      at.f64[at.d + 4 * n + 3] = dm;
      n++;
    } else if (next) addColumn(next, j, du, dv, dc, dm, out, o);
    else {
      out[o + S * j] = out[o + S * j]! + du;
      out[o + S * j + 1] = out[o + S * j + 1]! + dv;
      out[o + S * j + 2] = out[o + S * j + 2]! + dc;
      out[o + S * j + 3] = out[o + S * j + 3]! + dm;
    }
  }
  if (at !== null) runColumnsWasm(next!, n, out, o);
  return ss;
}

/**
 * How an enumeration composes its maps: the input maps, the tolerances and the functions of its mode. The
 * first `ddLayers` layers' maps are composed in double-double (face-maps-dd.ts, piece-maps-dd.ts), the
 * others in float64.
 */
export interface Composition {
  /** Double-double in every layer. */
  dd: boolean;
  /** Layers 0 .. ddLayers - 1 have double-double maps (all of them when dd). */
  ddLayers: number;
  /** The input maps (face-maps-dd.ts, inputMaps). */
  h0: Float64Array;
  /** Relative tolerance of a line's evaluation at a vertex, per unit of |a_u| + |a_v| + |c| + |threshold|. */
  evalTol: number;
  /** Per layer: the relative error of its composed coefficients per unit of m. */
  compTols: Float64Array;
  /**
   * Where the bound m is wide: the constants of the spectral error bound (face-error.ts) of the float64
   * layers (from ddLayers on), whose value per face the maps carry in slot 7 of their first neuron; else null.
   */
  errors: ErrorNorms | null;
  layerMaps: typeof affineLayerExport;
  /** Per layer l: the functions that make layer l + 1's maps (the outputs for the last layer). */
  firstMaps: (typeof firstPieceMaps)[];
  sibMaps: (typeof siblingMaps)[];
}

/**
 * Choose the composition of an enumeration of `net` on `window`. Float64 with the tolerance relTol m where
 * that is narrow at the window's centre (dd-choice.ts centreBand below band / 32); else the spectral bound
 * of face-error.ts as well, with the fewest first layers in double-double (none, some, or all: where it is
 * safe) that bring the centre's band below band / 8 (float64's rounding in the early layers is what the
 * later ones amplify most). `force` true asks for double-double in every layer (still only where safe),
 * false for float64 in every layer. `relTol` is the float64 relative tolerance.
 */
export function composition(
  net: Network,
  prepared: readonly PreparedLayer[],
  map: PlaneMap,
  window: Window,
  relTol: number,
  force: boolean | undefined,
  band = 2 ** -19,
): Composition {
  const hf = inputMaps(map, window, false);
  const L = net.layers.length;
  const safe = force !== false && doubleDoubleSafe(net, hf);
  const ddTol = doubleDoubleTolerance(net);
  let errors: ErrorNorms | null = null;
  let k = safe && force === true ? L : 0;
  const mBand = force === true ? 0 : centreBand(net, prepared, hf, relTol, null);
  // The spectral bound costs a few products of each layer's Gram matrix: only where the band is not narrow
  // already (where it also spares most of the exact decisions, e.g. 377 of 2 -> 64 x 8's to 11).
  if (!(mBand <= band / 32)) {
    errors = errorNorms(
      net,
      prepared.map((P) => P.pieces),
    );
    // Otherwise the fewest first layers in double-double that bring the band of the rest to band / 8: a
    // narrower goal buys more double-double layers than it saves exact decisions (2 -> 64 x 16: k = 6 and 225
    // exact decisions at 12 s; band alone, k = 4 and 1,515 at 16 s; band / 64, k = 8 and 25 at 14 s).
    if (safe && force === undefined && !(mBand <= band))
      while (k < L && !(centreBand(net, prepared, hf, relTol, errors, k, ddTol) <= band / 8)) k++;
  }
  const all = k === L && k > 0;
  const inDD = (l: number) => all || l + 1 < k;
  return {
    dd: all,
    ddLayers: k,
    h0: k > 0 ? inputMaps(map, window, true) : hf,
    evalTol: all ? 4096 * Number.EPSILON : relTol,
    compTols: Float64Array.from(net.layers, (_, l) => (l < k ? ddTol : relTol)),
    errors: all ? null : errors,
    layerMaps: k > 0 ? affineLayerDDExport : affineLayerExport,
    firstMaps: net.layers.map((_, l) => (inDD(l) ? firstPieceMapsDD : firstPieceMaps)),
    sibMaps: net.layers.map((_, l) => (inDD(l) ? siblingMapsDD : siblingMaps)),
  };
}
