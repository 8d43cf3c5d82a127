/**
 * The double-double variants of piece-maps.ts (face-maps-dd.ts: the arithmetic): the next layer's maps of
 * the first piece of a cut face in full, and every other piece's from the first piece's plus the columns
 * of the neurons whose states differ, through the WebAssembly kernels where the layers are placed there.
 */
import { walkSlots as walkSlots_, wasmInputs as wasmInputs_ } from './affine-wasm.ts';
import {
  gatherDD as gatherDD_,
  PIECES as PIECES_,
  type PreparedLayer,
  STRIDE,
  splitHigh as splitHigh_,
} from './face-maps.ts';
import {
  addColumnDD as addColumnDD_,
  affineLayerDD as affineLayerDD_,
  ddCombine as ddCombine_,
  pieceMapDD as pieceMapDD_,
} from './face-maps-dd.ts';
import { changedStates as changedStates_, stateAt as stateAt_ } from './packed-states.ts';

// Local copies of imported bindings (see face-walk.ts: tsx turns each access to an import into a getter call).
const walkSlots = walkSlots_;
const wasmInputs = wasmInputs_;
const gatherDD = gatherDD_;
const PIECES = PIECES_;
const addColumnDD = addColumnDD_;
const affineLayerDD = affineLayerDD_;
const ddCombine = ddCombine_;
const pieceMapDD = pieceMapDD_;
const stateAt = stateAt_;
const changedStates = changedStates_;
const splitHigh = splitHigh_;
const S = STRIDE;
/** Scratch of {@link firstPieceMapsDD}: the first piece's post-activation maps. */
let href = new Float64Array(S * 256);

/** piece-maps.ts firstPieceMaps in double-double (face-maps-dd.ts); returns 0 (no error bound is needed). */
export function firstPieceMapsDD(
  pieces: Float64Array,
  z: Float64Array,
  outDim: number,
  pat: Uint8Array,
  po: number,
  next: PreparedLayer | null,
  out: Float64Array,
): number {
  if (href.length < S * outDim) href = new Float64Array(S * outDim);
  for (let j = 0; j < outDim; j++) {
    const q = PIECES * j + 2 * stateAt(pat, po + j);
    pieceMapDD(z, S * j, pieces[q]!, pieces[q + 1]!, href, S * j);
  }
  if (!next) {
    for (let k = 0; k < out.length; k++) out[k] = href[k]!;
    return 0;
  }
  // The WebAssembly kernel where the layer is placed there (the same numbers), else the JavaScript loop.
  if (next.wasm === null || !affineLayerWasmDD(next, href, S, out, 0)) affineLayerDD(next, href, out, 0);
  return 0;
}

/**
 * affineLayerDD through the double-double kernel (affine-wasm.ts) when P was placed with `dd` by the latest
 * placement: returns false (and does nothing) otherwise. Inputs as in affineLayerDD (stride numbers per
 * input), outputs STRIDE per neuron.
 */
export function affineLayerWasmDD(
  P: PreparedLayer,
  h: Float64Array,
  stride: number,
  out: Float64Array,
  o: number,
): boolean {
  const at = wasmInputs(P, true);
  if (at === null) return false;
  const n = gatherDD(h, stride, P.layer.inDim, at.f64, at.d, at.i32, at.idx, 16);
  runAffineWasmDD(P, n, out, o);
  return true;
}

/**
 * out[o..] = W h + b in double-double (the layout of face-maps-dd.ts affineLayerDD) for the n inputs written
 * in affine-wasm.ts wasmInputs' slots (with `dd`: 13 numbers per input, those of affineLayerDD's scratch).
 */
function runAffineWasmDD(P: PreparedLayer, n: number, out: Float64Array, o: number): void {
  const L = P.wasm!;
  const k = walkSlots(P)!;
  k.kernelDD(L.w, L.wh, L.wl, L.b, L.ab, L.pairs, L.rowBytes, k.idx, k.ha, n, k.out);
  const f64 = k.f64;
  const r = k.out >> 3;
  // Renormalised as affineLayerDD's store does (hi = s + l, lo = l - (hi - s)) into the rows at L.ref,
  // where the columns kernel of the siblings starts from them, and copied from there.
  for (let j = 0; j < P.layer.outDim; j++) {
    const q = r + 14 * (j >> 1) + (j & 1);
    const k = (L.ref >> 3) + 8 * j;
    for (let c = 0; c < 3; c++) {
      const s = f64[q + 4 * c]!;
      const l = f64[q + 4 * c + 2]!;
      const hi = s + l;
      f64[k + c] = hi;
      f64[k + 4 + c] = l - (hi - s);
    }
    f64[k + 3] = f64[q + 12]!;
    f64[k + 7] = 0;
  }
  out.set(L.refRows, o);
}

/** Scratch of {@link siblingMapsDD}: one neuron's post-activation maps in the two pieces. */
const mine = new Float64Array(S);
const theirs = new Float64Array(S);
const diff = new Float64Array(S);
/** Scratch of {@link siblingMapsDD}: the neurons whose states differ. */
let changed = new Int32Array(256);

/** piece-maps.ts siblingMaps in double-double (face-maps-dd.ts); returns 0. */
export function siblingMapsDD(
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
  // With the next layer in the double-double kernels, the columns go to its columns kernel, which starts
  // from the first piece's maps where its W h + b left them (the same numbers as addColumnDD's).
  const L = next === null ? null : next.wasm;
  const k = L !== null && L.wdd >= 0 ? walkSlots(next!) : null;
  if (k === null) out.set(ref, o);
  if (changed.length < outDim) changed = new Int32Array(outDim);
  const list = changed;
  const nc = changedStates(pat, po, poRef, outDim, cand, nCand, list);
  let n = 0;
  for (let w = 0; w < nc; w++) {
    const j = list[w]!;
    const s = stateAt(pat, po + j);
    const sr = stateAt(pat, poRef + j);
    const q = PIECES * j + 2 * s;
    const qr = PIECES * j + 2 * sr;
    pieceMapDD(z, S * j, pieces[q]!, pieces[q + 1]!, mine, 0);
    pieceMapDD(z, S * j, pieces[qr]!, pieces[qr + 1]!, theirs, 0);
    ddCombine(mine, 0, theirs, 0, -1, diff, 0);
    // The magnitude of the terms of both pieces (not of their difference) bounds the rounding of diff.
    const dm = mine[3]! + theirs[3]!;
    if (k !== null) {
      // Column j's byte offset and its numbers in the kernel's slots.
      k.i32[(k.cols >> 2) + n] = L!.wdd + 64 * L!.pairs * j;
      columnDD(diff, dm, k.f64, (k.d >> 3) + 14 * n++);
    } else if (next)
      addColumnDD(next, j, diff[0]!, diff[4]!, diff[1]!, diff[5]!, diff[2]!, diff[6]!, dm, out, o);
    else {
      ddCombine(out, o + S * j, diff, 0, 1, out, o + S * j);
      out[o + S * j + 3] = out[o + S * j + 3]! + dm;
    }
  }
  if (k !== null) {
    k.columnsDD(L!.pairs, k.cols, k.d, n, L!.ref, k.sib);
    out.set(L!.sibRows, o);
  }
  return 0;
}

/**
 * The 14 numbers of one column of the double-double columns kernel at f64[d ..]: the difference (du, dul),
 * (dv, dvl), (dc, dcl), each followed by Dekker's split of its high part, as addColumnDD makes it, and dm.
 */
function columnDD(diff: Float64Array, dm: number, f64: Float64Array, d: number): void {
  for (let c = 0; c < 3; c++) {
    const x = diff[c]!;
    const h = splitHigh(x);
    f64[d + 4 * c] = x;
    f64[d + 4 * c + 1] = diff[4 + c]!;
    f64[d + 4 * c + 2] = h;
    f64[d + 4 * c + 3] = x - h;
  }
  f64[d + 12] = dm;
}
