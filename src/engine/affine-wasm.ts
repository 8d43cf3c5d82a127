/**
 * The enumeration's W h + b (face-maps.ts affineLayer, and face-maps-dd.ts affineLayerDD in double-double)
 * and its siblings' columns (addColumn) through the WebAssembly SIMD kernels of affine-kernels.ts, which
 * compute the JavaScript loops' numbers bit for bit, W h + b about four times as fast. Where WebAssembly or its SIMD is missing, or a Content-Security-Policy
 * refuses to compile the module, the JavaScript loops run.
 *
 * The layers of one enumeration are copied into the module's memory at its start ({@link placeLayers}); a
 * later enumeration (also one started from inside a callback of the first) takes the memory over, and the
 * layers placed before fall back to the JavaScript loop, so that no enumeration reads another's weights.
 */
import { kernelModuleBytes } from './affine-kernels.ts';
import type { PreparedLayer } from './face-maps.ts';
import { noteSums } from './kernel-sums.ts';

/** Where one layer lives in the module's memory (byte offsets), for the placement `generation`. */
export interface WasmLayer {
  generation: number;
  /** W in row pairs: pair p, input i at w + p * rowBytes + 16 i holds (W[2p][i], W[2p + 1][i]). */
  w: number;
  /** Dekker's split of W in the same layout (double-double placements only, else -1). */
  wh: number;
  wl: number;
  /** (b[2p], b[2p + 1]) and (|b[2p]|, |b[2p + 1]|) at b + 16 p and ab + 16 p. */
  b: number;
  ab: number;
  /** Row pairs (the last one padded with a zero row when outDim is odd), and inDim * 16. */
  pairs: number;
  rowBytes: number;
  /**
   * Float64 placements only (else -1): (W[j][i], |W[j][i]|) at wta + 16 (i outDim + j), the columns. The
   * maps of the last W h + b call's outputs (the first piece's, from which the siblings' columns start) at
   * ref + 64 j: (u, v, c, m) and four zeros, or in double-double (u, v, c, m, lu, lv, lc, 0).
   */
  wta: number;
  ref: number;
  /** Double-double placements only (else -1): column i of W, |W|, W's high and low parts at wdd + 64 pairs i. */
  wdd: number;
  /** Views of the memory: the outDim rows (8 numbers each) at ref and at sibAt. */
  refRows: Float64Array;
  sibRows: Float64Array;
  /** The activation's pieces: (s, |s|, t, |t|) of state k of neuron j at pc + 96 j + 32 k. */
  pc: number;
}

type Kernel = (...args: number[]) => void;
type Classify = (...args: number[]) => number;

interface Instance {
  kernel: Kernel;
  kernelDD: Kernel;
  kernelColumns: Kernel;
  kernelClassify: Classify;
  kernelGather: Classify;
  kernelColumnsDD: Kernel;
  memory: WebAssembly.Memory;
  f64: Float64Array;
  i32: Int32Array;
}

let [instance, enabled, generation]: [Instance | null | undefined, boolean, number] = [undefined, true, 0];
/**
 * Scratch offsets of the current placement: input indices, input maps, output vectors; and of the columns
 * kernel: column offsets, their maps' differences, the sibling's maps; of the walk's kernels: the states,
 * the listed neurons, the gathered sum of squares.
 */
let [idxAt, haAt, outAt, colsAt, dAt, sibAt, statesAt, listAt, ssAt, sumsAt] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

/** The module, compiled on first use; null where it cannot be (no WebAssembly SIMD, or a policy refuses). */
function wasm(): Instance | null {
  if (instance !== undefined) return instance;
  instance = null;
  try {
    if (typeof WebAssembly === 'undefined') return null;
    const bytes = kernelModuleBytes();
    if (!WebAssembly.validate(bytes)) return null;
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    const memory = inst.exports.memory as WebAssembly.Memory;
    instance = {
      kernel: inst.exports.affine as Kernel,
      kernelDD: inst.exports.affineDD as Kernel,
      kernelColumns: inst.exports.columns as Kernel,
      kernelClassify: inst.exports.classify as Classify,
      kernelGather: inst.exports.gather as Classify,
      kernelColumnsDD: inst.exports.columnsDD as Kernel,
      memory,
      f64: new Float64Array(memory.buffer),
      i32: new Int32Array(memory.buffer),
    };
  } catch {
    instance = null;
  }
  return instance;
}

/** Turn the kernel off (false) or on again, for comparisons and benchmarks; returns the previous setting. */
export function useWasmAffine(on: boolean): boolean {
  const was = enabled;
  enabled = on;
  return was;
}

/** True when the kernel is compiled and switched on. */
export function wasmAffineAvailable(): boolean {
  return enabled && wasm() !== null;
}

/** The most memory the layers may take (bytes); larger networks keep the JavaScript loops. */
const MAX_BYTES = 512 * 2 ** 20;
/** Bytes per active input in the scratch (double-double's 13 numbers), per row pair of the double-double output (seven vectors). */
const [HA_BYTES, OUT_BYTES] = [104, 112];

/**
 * Copy the layers of one enumeration into the module's memory and mark them (P.wasm), with Dekker's split of
 * the weights for double-double (`dd`: all layers, or the first `dd`, each with its P.split made, face-maps.ts
 * splitWeights); earlier placements' layers lose theirs. Nothing happens where the kernels are unavailable
 * or off, the layers too large, or a split is missing.
 */
export function placeLayers(prepared: readonly PreparedLayer[], ddLayers: boolean | number = false): void {
  generation++;
  for (const P of prepared) P.wasm = null;
  const ins = enabled ? wasm() : null;
  if (!ins) return;
  let maxIn = 0;
  let maxOut = 0;
  let maxPairs = 0;
  let bytes = 0;
  const nDD = ddLayers === true ? prepared.length : ddLayers === false ? 0 : ddLayers;
  if (prepared.some((P, l) => l < nDD && P.split === null)) return;
  for (const [l, P] of prepared.entries()) {
    const { inDim, outDim } = P.layer;
    const pairs = (outDim + 1) >> 1;
    maxIn = Math.max(maxIn, inDim);
    maxOut = Math.max(maxOut, outDim);
    maxPairs = Math.max(maxPairs, pairs);
    bytes +=
      2 * pairs * 16 +
      96 * outDim +
      128 * pairs +
      (l < nDD ? 3 * pairs * inDim * 16 + 64 * pairs * inDim : pairs * inDim * 16 + 16 * inDim * outDim);
  }
  const round = (n: number) => Math.ceil(n / 16) * 16;
  const scratch =
    round(4 * maxIn) +
    HA_BYTES * maxIn +
    OUT_BYTES * maxPairs +
    round(4 * maxIn) +
    112 * maxIn +
    128 * maxPairs +
    round(maxOut + 1) +
    round(4 * maxOut) +
    128;
  // The classify kernel may read one neuron past the last layer's maps.
  const total = scratch + bytes + 64;
  if (total > MAX_BYTES) return;
  if (total > ins.memory.buffer.byteLength) {
    try {
      ins.memory.grow(Math.ceil((total - ins.memory.buffer.byteLength) / 65536));
    } catch {
      return;
    }
    ins.f64 = new Float64Array(ins.memory.buffer);
    ins.i32 = new Int32Array(ins.memory.buffer);
  }
  idxAt = 0;
  haAt = round(4 * maxIn);
  outAt = haAt + HA_BYTES * maxIn;
  colsAt = outAt + OUT_BYTES * maxPairs;
  dAt = colsAt + round(4 * maxIn);
  sibAt = dAt + 112 * maxIn;
  statesAt = sibAt + 128 * maxPairs;
  listAt = statesAt + round(maxOut + 1);
  ssAt = listAt + round(4 * maxOut);
  sumsAt = ssAt + 96;
  let at = sumsAt + 32;
  fillWalkSlots(ins);
  const f64 = ins.f64;
  for (const [l, P] of prepared.entries()) {
    const { inDim, outDim, weights, bias } = P.layer;
    const dd = l < nDD;
    const pairs = (outDim + 1) >> 1;
    const rowBytes = 16 * inDim;
    const size = pairs * rowBytes;
    const L: WasmLayer = {
      generation,
      w: at,
      wh: -1,
      wl: -1,
      b: 0,
      ab: 0,
      pairs,
      rowBytes,
      wta: -1,
      ref: -1,
      wdd: -1,
      pc: 0,
      refRows: f64,
      sibRows: f64,
    };
    at += size;
    if (dd) {
      L.wh = at;
      L.wl = at + size;
      at += 2 * size;
    }
    L.b = at;
    L.ab = at + 16 * pairs;
    L.pc = L.ab + 16 * pairs;
    at = L.pc + 96 * outDim;
    if (dd) {
      L.wdd = at;
      at += 64 * pairs * inDim;
    } else {
      L.wta = at;
      at += 16 * inDim * outDim;
    }
    L.ref = at;
    at += 128 * pairs;
    L.refRows = f64.subarray(L.ref >> 3, (L.ref >> 3) + 8 * outDim);
    L.sibRows = f64.subarray(sibAt >> 3, (sibAt >> 3) + 8 * outDim);
    f64.fill(0, L.w / 8, at / 8);
    const split = dd ? P.split : null;
    for (let j = 0; j < outDim; j++) {
      const lane = j & 1;
      const row = (j >> 1) * rowBytes;
      for (let i = 0; i < inDim; i++) {
        const k = j * inDim + i;
        const slot = (row + 16 * i) / 8 + lane;
        f64[L.w / 8 + slot] = weights[k]!;
        if (split) {
          f64[L.wh / 8 + slot] = split.wHi[k]!;
          f64[L.wl / 8 + slot] = split.wLo[k]!;
        }
      }
      for (let i = 0; split && i < inDim; i++) {
        const c = L.wdd / 8 + 8 * pairs * i + j;
        f64[c] = weights[j * inDim + i]!;
        f64[c + 2 * pairs] = Math.abs(weights[j * inDim + i]!);
        f64[c + 4 * pairs] = split.wHi[j * inDim + i]!;
        f64[c + 6 * pairs] = split.wLo[j * inDim + i]!;
      }
      if (L.wta >= 0)
        for (let i = 0; i < inDim; i++) {
          f64[L.wta / 8 + 2 * (i * outDim + j)] = weights[j * inDim + i]!;
          f64[L.wta / 8 + 2 * (i * outDim + j) + 1] = Math.abs(weights[j * inDim + i]!);
        }
      for (let k = 0; k < 12; k++) {
        const x = P.pieces[6 * j + 2 * (k >> 2) + ((k >> 1) & 1)]!;
        f64[L.pc / 8 + 12 * j + k] = k & 1 ? Math.abs(x) : x;
      }
      f64[L.b / 8 + 2 * (j >> 1) + lane] = bias[j]!;
      f64[L.ab / 8 + 2 * (j >> 1) + lane] = Math.abs(bias[j]!);
    }
    P.wasm = L;
  }
}

/** True when P's weights in the module are those of the latest placement. */
function current(L: WasmLayer | null): L is WasmLayer {
  return L !== null && L.generation === generation && enabled;
}

/**
 * Where the inputs of a kernel call go in the module's memory: per input a, an int at i32[idx + a] and its
 * numbers from f64[d + k a] (k numbers each), for a = 0 .. n - 1 in increasing order.
 */
export interface WasmSlots {
  f64: Float64Array;
  i32: Int32Array;
  idx: number;
  d: number;
}
const slots: WasmSlots = { f64: new Float64Array(0), i32: new Int32Array(0), idx: 0, d: 0 };

function slotsAt(idxByte: number, dByte: number): WasmSlots {
  const ins = instance!;
  slots.f64 = ins.f64;
  slots.i32 = ins.i32;
  slots.idx = idxByte >> 2;
  slots.d = dByte >> 3;
  return slots;
}

/**
 * The slots of {@link runAffineWasm} (with `dd`: of {@link runAffineWasmDD}) when P was placed for it by the
 * latest {@link placeLayers}, else null: input i's 16 i and its (hu, hv, hc, hm), k = 4 (double-double: the
 * 13 numbers of face-maps.ts gatherDD).
 */
export function wasmInputs(P: PreparedLayer, dd = false): WasmSlots | null {
  const L = P.wasm;
  if (!current(L) || (dd && L.wh < 0)) return null;
  return slotsAt(idxAt, haAt);
}

/**
 * The slots of {@link runColumnsWasm} when P was placed for float64 by the latest placement, else null:
 * column i's 16 outDim i (i: the neuron of the layer below) and its (du, dv, dc, dm), k = 4.
 */
export function wasmColumns(P: PreparedLayer): WasmSlots | null {
  const L = P.wasm;
  if (!current(L) || L.wta < 0) return null;
  return slotsAt(colsAt, dAt);
}

/**
 * out[o..] = W h + b (face-maps.ts STRIDE per neuron, the kernel's rows copied as one block) for the n inputs
 * written in {@link wasmInputs}' slots.
 */
export function runAffineWasm(P: PreparedLayer, n: number, out: Float64Array, o: number): void {
  const L = P.wasm!;
  const ins = instance!;
  // Rows (u, v, c, m) at the layer's ref, where the columns kernel of its siblings and the walk's kernels
  // find the first piece's maps.
  ins.kernel(L.w, L.b, L.ab, L.pairs, L.rowBytes, idxAt, haAt, n, L.ref, sumsAt, P.layer.outDim & 1);
  out.set(L.refRows, o);
  noteSums(out, o, ins.f64, sumsAt >> 3);
}

/**
 * out[o + STRIDE j .. + 4) = the maps of P's last float64 kernel call (the first piece's) plus the n columns
 * written in {@link wasmColumns}' slots, one after another: face-maps.ts addColumn's numbers, bit for bit.
 */
export function runColumnsWasm(P: PreparedLayer, n: number, out: Float64Array, o: number): void {
  const L = P.wasm!;
  const ins = instance!;
  const outDim = P.layer.outDim;
  ins.kernelColumns(L.wta, outDim, colsAt, dAt, n, L.ref, sibAt, sumsAt);
  out.set(L.sibRows, o);
  noteSums(out, o, ins.f64, sumsAt >> 3);
}

/**
 * Where the float64 kernels left the maps of P's neurons, (u, v, c, m) at 64 j from the address returned: the
 * first piece's after W h + b (`sibling` false), a sibling's after its columns; -1 when P is not in the
 * latest float64 placement (the JavaScript loops made them).
 */
export function mapsAt(P: PreparedLayer, sibling: boolean): number {
  const L = P.wasm;
  return current(L) && L.wta >= 0 ? (sibling ? sibAt : L.ref) : -1;
}

/**
 * The walk's kernels, the double-double ones (W h + b and the columns, columns-dd-kernel.ts), the memory's
 * views and the byte offsets of the states, listed neurons, gathered inputs' indices and maps, their sum of
 * squares (classify's parameters at ss + 16), outputs; the columns' offsets and numbers, the sibling's maps.
 */
export interface WalkSlots {
  classify: Classify;
  gather: Classify;
  kernelDD: Kernel;
  columnsDD: Kernel;
  u8: Uint8Array;
  i32: Int32Array;
  f64: Float64Array;
  states: number;
  list: number;
  idx: number;
  ha: number;
  ss: number;
  out: number;
  cols: number;
  d: number;
  sib: number;
}
const walk: WalkSlots = {
  classify: () => 0,
  gather: () => 0,
  kernelDD: () => {},
  columnsDD: () => {},
  u8: new Uint8Array(0),
  i32: new Int32Array(0),
  f64: new Float64Array(0),
  ...{ states: 0, list: 0, idx: 0, ha: 0, ss: 0, out: 0, cols: 0, d: 0, sib: 0 },
};

/** The walk's slots while P is in the latest placement (maps left there by its kernels still valid), else null. */
export function walkSlots(P: PreparedLayer): WalkSlots | null {
  return current(P.wasm) ? walk : null;
}

/** Point the walk's slots at a placement's scratch (its memory grown, if it was, before). */
function fillWalkSlots(ins: Instance): void {
  const k = walk;
  if (k.u8.buffer !== ins.memory.buffer) k.u8 = new Uint8Array(ins.memory.buffer);
  k.classify = ins.kernelClassify;
  k.gather = ins.kernelGather;
  k.kernelDD = ins.kernelDD;
  k.columnsDD = ins.kernelColumnsDD;
  k.i32 = ins.i32;
  k.f64 = ins.f64;
  k.states = statesAt;
  k.list = listAt;
  k.idx = idxAt;
  k.ha = haAt;
  k.ss = ssAt;
  k.out = outAt;
  k.cols = colsAt;
  k.d = dAt;
  k.sib = sibAt;
}
