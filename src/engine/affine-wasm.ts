/**
 * The enumeration's W h + b (face-maps.ts affineLayer, and face-maps-dd.ts affineLayerDD in double-double)
 * through the WebAssembly SIMD kernels of affine-kernels.ts, which compute the JavaScript loops' numbers bit
 * for bit, about four times as fast. Where WebAssembly or its SIMD is missing, or a Content-Security-Policy
 * refuses to compile the module, the JavaScript loops run.
 *
 * The layers of one enumeration are copied into the module's memory at its start ({@link placeLayers}); a
 * later enumeration (also one started from inside a callback of the first) takes the memory over, and the
 * layers placed before fall back to the JavaScript loop, so that no enumeration reads another's weights.
 */
import { kernelModuleBytes } from './affine-kernels.ts';
import type { PreparedLayer } from './face-maps.ts';

/** Where one layer lives in the module's memory (byte offsets), for the placement `generation`. */
export interface WasmLayer {
  generation: number;
  /** W in row pairs: pair p, input i at w + p * rowBytes + 16 i holds (W[2p][i], W[2p + 1][i]). */
  w: number;
  /** |W| in the same layout. */
  aw: number;
  /** Dekker's split of W in the same layout (double-double placements only, else -1). */
  wh: number;
  wl: number;
  /** (b[2p], b[2p + 1]) and (|b[2p]|, |b[2p + 1]|) at b + 16 p and ab + 16 p. */
  b: number;
  ab: number;
  /** Row pairs (the last one padded with a zero row when outDim is odd), and inDim * 16. */
  pairs: number;
  rowBytes: number;
}

type Kernel = (...args: number[]) => void;

interface Instance {
  kernel: Kernel;
  kernelDD: Kernel;
  memory: WebAssembly.Memory;
  f64: Float64Array;
  i32: Int32Array;
}

let instance: Instance | null | undefined;
let enabled = true;
let generation = 0;
/** Scratch offsets of the current placement: input indices, input maps, output vectors. */
let idxAt = 0;
let haAt = 0;
let outAt = 0;

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
/** Bytes per active input in the scratch (double-double's 13 numbers) and per row pair of the output. */
const HA_BYTES = 104;
const OUT_BYTES = 112;

/**
 * Copy the layers of one enumeration into the module's memory and mark them (P.wasm), with Dekker's split
 * of the weights for double-double composition (`dd`: every P.split made, face-maps.ts splitWeights);
 * layers of earlier placements lose theirs. Nothing happens where the kernels are unavailable or off, the
 * layers too large, or a split is missing.
 */
export function placeLayers(prepared: readonly PreparedLayer[], dd = false): void {
  generation++;
  for (const P of prepared) P.wasm = null;
  const ins = enabled ? wasm() : null;
  if (!ins) return;
  let maxIn = 0;
  let maxPairs = 0;
  let bytes = 0;
  const matrices = dd ? 4 : 2;
  if (dd && prepared.some((P) => P.split === null)) return;
  for (const P of prepared) {
    const { inDim, outDim } = P.layer;
    const pairs = (outDim + 1) >> 1;
    maxIn = Math.max(maxIn, inDim);
    maxPairs = Math.max(maxPairs, pairs);
    bytes += matrices * pairs * inDim * 16 + 2 * pairs * 16;
  }
  const round = (n: number) => Math.ceil(n / 16) * 16;
  const scratch = round(4 * maxIn) + HA_BYTES * maxIn + OUT_BYTES * maxPairs;
  const total = scratch + bytes;
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
  let at = outAt + OUT_BYTES * maxPairs;
  const f64 = ins.f64;
  for (const P of prepared) {
    const { inDim, outDim, weights, bias } = P.layer;
    const pairs = (outDim + 1) >> 1;
    const rowBytes = 16 * inDim;
    const size = pairs * rowBytes;
    const L: WasmLayer = { generation, w: at, aw: at + size, wh: -1, wl: -1, b: 0, ab: 0, pairs, rowBytes };
    at += 2 * size;
    if (dd) {
      L.wh = at;
      L.wl = at + size;
      at += 2 * size;
    }
    L.b = at;
    L.ab = at + 16 * pairs;
    at += 32 * pairs;
    f64.fill(0, L.w / 8, at / 8);
    const split = dd ? P.split : null;
    for (let j = 0; j < outDim; j++) {
      const lane = j & 1;
      const row = (j >> 1) * rowBytes;
      for (let i = 0; i < inDim; i++) {
        const k = j * inDim + i;
        const slot = (row + 16 * i) / 8 + lane;
        f64[L.w / 8 + slot] = weights[k]!;
        f64[L.aw / 8 + slot] = Math.abs(weights[k]!);
        if (split) {
          f64[L.wh / 8 + slot] = split.wHi[k]!;
          f64[L.wl / 8 + slot] = split.wLo[k]!;
        }
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
 * The module's memory where the inputs of the float64 kernel go, when P was placed by the latest
 * {@link placeLayers} (else null): write input a's 16 i at i32[idx + a] and its (hu, hv, hc, hm) at
 * f64[ha + 4a .. ha + 4a + 4), for a = 0 .. n - 1 in increasing i, then call {@link runAffineWasm}.
 */
export interface WasmInputs {
  f64: Float64Array;
  i32: Int32Array;
  idx: number;
  ha: number;
}
const inputsView: WasmInputs = { f64: new Float64Array(0), i32: new Int32Array(0), idx: 0, ha: 0 };

export function wasmInputs(P: PreparedLayer): WasmInputs | null {
  if (!current(P.wasm)) return null;
  const ins = instance!;
  inputsView.f64 = ins.f64;
  inputsView.i32 = ins.i32;
  inputsView.idx = idxAt >> 2;
  inputsView.ha = haAt >> 3;
  return inputsView;
}

/** out[o..] = W h + b (STRIDE `stride` per neuron) for the n inputs written as {@link wasmInputs} says. */
export function runAffineWasm(
  P: PreparedLayer,
  n: number,
  stride: number,
  out: Float64Array,
  o: number,
): void {
  const L = P.wasm!;
  const ins = instance!;
  ins.kernel(L.w, L.aw, L.b, L.ab, L.pairs, L.rowBytes, idxAt, haAt, n, outAt);
  const f64 = ins.f64;
  const r = outAt >> 3;
  const outDim = P.layer.outDim;
  for (let j = 0; j < outDim; j++) {
    const q = r + 8 * (j >> 1) + (j & 1);
    const k = o + stride * j;
    out[k] = f64[q]!;
    out[k + 1] = f64[q + 2]!;
    out[k + 2] = f64[q + 4]!;
    out[k + 3] = f64[q + 6]!;
  }
}

/**
 * affineLayer through the kernel when P was placed by the latest {@link placeLayers}: returns false (and
 * does nothing) otherwise. h: STRIDE numbers per input (u, v, c, m first); out: STRIDE per neuron from o.
 * The inputs whose four numbers are zero are dropped, as affineLayer drops them.
 */
export function affineLayerWasm(
  P: PreparedLayer,
  h: Float64Array,
  stride: number,
  out: Float64Array,
  o: number,
): boolean {
  const at = wasmInputs(P);
  if (at === null) return false;
  const { f64, i32 } = at;
  let ha = at.ha;
  let n = 0;
  for (let i = 0; i < P.layer.inDim; i++) {
    const hu = h[stride * i]!;
    const hv = h[stride * i + 1]!;
    const hc = h[stride * i + 2]!;
    const hm = h[stride * i + 3]!;
    if (hu === 0 && hv === 0 && hc === 0 && hm === 0) continue;
    i32[at.idx + n] = 16 * i;
    f64[ha] = hu;
    f64[ha + 1] = hv;
    f64[ha + 2] = hc;
    f64[ha + 3] = hm;
    ha += 4;
    n++;
  }
  runAffineWasm(P, n, stride, out, o);
  return true;
}

/** Dekker's splitting constant 2^27 + 1 (face-maps.ts SPLITTER). */
const SPLIT = 134217729;

/**
 * affineLayerDD through the double-double kernel when P was placed with `dd` by the latest placement:
 * returns false (and does nothing) otherwise. Inputs and outputs as in affineLayerDD (low parts in 4..6).
 */
export function affineLayerWasmDD(
  P: PreparedLayer,
  h: Float64Array,
  stride: number,
  out: Float64Array,
  o: number,
): boolean {
  const L = P.wasm;
  if (!current(L) || L.wh < 0) return false;
  const ins = instance!;
  const { inDim, outDim } = P.layer;
  const f64 = ins.f64;
  const i32 = ins.i32;
  const ia = idxAt >> 2;
  let g = haAt >> 3;
  let n = 0;
  for (let i = 0; i < inDim; i++) {
    const b = stride * i;
    const hu = h[b]!;
    const hv = h[b + 1]!;
    const hc = h[b + 2]!;
    const hm = h[b + 3]!;
    if (hu === 0 && hv === 0 && hc === 0 && hm === 0) continue;
    i32[ia + n] = 16 * i;
    // The scratch of affineLayerDD: each coefficient with its split, then m and the low parts.
    let c = SPLIT * hu;
    let x = c - (c - hu);
    f64[g] = hu;
    f64[g + 1] = x;
    f64[g + 2] = hu - x;
    c = SPLIT * hv;
    x = c - (c - hv);
    f64[g + 3] = hv;
    f64[g + 4] = x;
    f64[g + 5] = hv - x;
    c = SPLIT * hc;
    x = c - (c - hc);
    f64[g + 6] = hc;
    f64[g + 7] = x;
    f64[g + 8] = hc - x;
    f64[g + 9] = hm;
    f64[g + 10] = h[b + 4]!;
    f64[g + 11] = h[b + 5]!;
    f64[g + 12] = h[b + 6]!;
    g += 13;
    n++;
  }
  ins.kernelDD(L.w, L.wh, L.wl, L.aw, L.b, L.ab, L.pairs, L.rowBytes, idxAt, haAt, n, outAt);
  const r = outAt >> 3;
  for (let j = 0; j < outDim; j++) {
    const q = r + 14 * (j >> 1) + (j & 1);
    const k = o + stride * j;
    // Renormalised as affineLayerDD's store does: hi = s + l, lo = l - (hi - s).
    for (let c = 0; c < 3; c++) {
      const s = f64[q + 4 * c]!;
      const l = f64[q + 4 * c + 2]!;
      const hi = s + l;
      out[k + c] = hi;
      out[k + 4 + c] = l - (hi - s);
    }
    out[k + 3] = f64[q + 12]!;
  }
  return true;
}
