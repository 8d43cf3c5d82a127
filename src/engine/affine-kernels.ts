/**
 * The WebAssembly module of affine-wasm.ts, assembled here (wasm-asm.ts: the encodings): a few kilobytes, so
 * there is no build step and no file to fetch. Three kernels of the maps' composition here, the double-double
 * columns (columns-dd-kernel.ts) and two of the region walk (walk-kernels.ts: classify and gather), each lane doing, in the same order, the float64
 * operations of the JavaScript loop it replaces (no fused multiply-add), so that the results are the same
 * bit for bit. Both W h + b kernels hold two rows of W per 128-bit vector (lane k: row 2p + k):
 *
 * - `affine(w, b, ab, pairs, rowBytes, idx, ha, n, out, sums, odd)`: face-maps.ts affineLayer. For each row pair p,
 *   the sums of W[.][i_a] (hu, hv, hc) and |W|[.][i_a] hm over a = 0 .. n - 1, started from (0, 0, b, |b|),
 *   stored as rows of the engine's stride (face-maps.ts STRIDE): row j's (u, v, c, m) at out + 64 j and
 *   zeros (the low parts) at out + 64 j + 32 (a padding row after an odd last one). idx holds 16 i_a
 *   (int32), ha (hu, hv, hc, hm) per a.
 * - `affineDD(w, wh, wl, b, ab, pairs, rowBytes, idx, ha, n, out)`: face-maps-dd.ts affineLayerDD.
 *   Per coefficient Dekker's product with the split weights (wh, wl) and inputs, Knuth's sum, the low terms
 *   accumulated apart; stored at out + 112 p as seven vectors (u, lu, v, lv, c, lc, m), the caller
 *   renormalising. ha holds per a the 13 numbers of affineLayerDD's scratch.
 * - `columns(wta, outDim, cols, d, n, ref, out, sums)`: face-maps.ts addColumn, n columns after one another. For
 *   each neuron j of the layer, (u, v) and (c, m) from ref + 64 j, plus for a = 0 .. n - 1 in order
 *   (w, w) (du, dv) and (w, |w|) (dc, dm), with (w, |w|) at wta + cols[a] + 16 j and (du, dv, dc, dm) at
 *   d + 32 a, stored at out + 64 j, zeros at out + 64 j + 32.
 *
 * Both float64 kernels also store at sums the two-lane sums of their rows ({@link addSums}): (sq even, sq
 * odd, m even, m odd); odd (1 when the layer's outDim is odd, else 0) leaves the padding row out.
 *
 * Both W h + b kernels take |W| from W's lanes (f64x2.abs, exact), so only W is read: on wide layers they
 * wait on memory.
 */

import { columnsDDSpec } from './columns-dd-kernel.ts';
import { classifySpec, gatherSpec } from './walk-kernels.ts';
import {
  type Code,
  fabs,
  fadd,
  fmul,
  fsub,
  get,
  geU,
  i32c,
  i32Params,
  iadd,
  iand,
  ieq,
  imul,
  inc,
  type KernelSpec,
  lanes,
  load128,
  loadI32,
  loopUntil,
  loopWhile,
  memarg,
  moduleBytes,
  productError,
  set,
  simd,
  store128,
  sumError,
  when,
  zero128,
} from './wasm-asm.ts';

/**
 * The rows' sums of the float64 kernels, two lanes (even neurons in lane 0, odd in lane 1) with the rows
 * (u, v, c, m) of the neurons as vectors: sq += (u u + v v) + c c, sms += m (face-error.ts sumMaps, the same
 * operations in the same order).
 */
function addSums(sq: number, sms: number, u: Code, v: Code, c: Code, m: Code): Code {
  return [...set(sq, fadd(get(sq), squares(u, v, c))), ...set(sms, fadd(get(sms), m))];
}

/** (u u + v v) + c c, lane by lane. */
function squares(u: Code, v: Code, c: Code): Code {
  return fadd(fadd(fmul(u, u), fmul(v, v)), fmul(c, c));
}

/**
 * The float64 kernel (see the file comment), two row pairs at a time: the eight accumulators are
 * independent chains (one pair's four would wait on the adder's latency), and each input's splats serve
 * both pairs. Each lane's operations are those of the one-pair loop, in the same order.
 */
function affineSpec(): KernelSpec {
  const [W, B, AB, PAIRS, ROWB, IDX, HA, N, OUT, SUMS, ODD] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const [P, A, WROW, I16, HP, IP, OP] = [11, 12, 13, 14, 15, 16, 17];
  const [U, V, C, M, WV, AV, U2, V2, C2, M2, SU, SV, SC, SM, SQ, SMS, QT, MT] = [
    18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35,
  ];
  const splat = (offset: number) => [...get(HP), ...simd(0x0a, ...memarg(3, offset))];
  const step = [...inc(A, 1), ...inc(IP, 4), ...inc(HP, 32)];
  const start = (acc: number[], p: Code): Code => [
    ...set(acc[0]!, zero128),
    ...set(acc[1]!, zero128),
    ...set(acc[2]!, load128(iadd(get(B), imul(p, i32c(16))))),
    ...set(acc[3]!, load128(iadd(get(AB), imul(p, i32c(16))))),
  ];
  // Stored as the pair's two rows, (u, v, c, m) and four zeros each: the layout the columns and walk
  // kernels read, and the engine's (STRIDE 8), so that the caller copies the rows in one block.
  const store = (acc: number[], p: Code): Code => [
    ...set(OP, iadd(get(OUT), imul(p, i32c(128)))),
    ...[0, 1].flatMap((k) => [
      ...store128(get(OP), 64 * k, lanes(get(acc[0]!), k, get(acc[1]!), k)),
      ...store128(get(OP), 64 * k + 16, lanes(get(acc[2]!), k, get(acc[3]!), k)),
      ...store128(get(OP), 64 * k + 32, zero128),
      ...store128(get(OP), 64 * k + 48, zero128),
    ]),
    ...set(QT, squares(get(acc[0]!), get(acc[1]!), get(acc[2]!))),
    ...set(MT, get(acc[3]!)),
    // The padding row of an odd layer (lane 1 of the last pair; NaN where an input is infinite) adds nothing.
    ...when(iand(ieq(iadd(p, i32c(1)), get(PAIRS)), get(ODD)), [
      ...set(QT, lanes(get(QT), 0, zero128, 0)),
      ...set(MT, lanes(get(MT), 0, zero128, 0)),
    ]),
    ...set(SQ, fadd(get(SQ), get(QT))),
    ...set(SMS, fadd(get(SMS), get(MT))),
  ];
  const begin = [
    ...set(WROW, iadd(get(W), imul(get(P), get(ROWB)))),
    ...set(A, i32c(0)),
    ...set(IP, get(IDX)),
    ...set(HP, get(HA)),
  ];
  // Pair P + k's vector at I16 (k = 0, 1: the second pair's rows follow the first's by rowBytes).
  const at = (row: number, k: number): Code =>
    k === 0 ? load128(iadd(get(row), get(I16))) : load128(iadd(iadd(get(row), get(ROWB)), get(I16)));
  const accumulate = (acc: number[], u: Code, v: Code, c: Code, m: Code): Code => [
    ...set(acc[0]!, fadd(get(acc[0]!), fmul(get(WV), u))),
    ...set(acc[1]!, fadd(get(acc[1]!), fmul(get(WV), v))),
    ...set(acc[2]!, fadd(get(acc[2]!), fmul(get(WV), c))),
    ...set(acc[3]!, fadd(get(acc[3]!), fmul(get(AV), m))),
  ];
  const one = [U, V, C, M];
  const two = [U2, V2, C2, M2];
  const single = [
    ...set(I16, loadI32(get(IP))),
    ...set(WV, at(WROW, 0)),
    ...set(AV, fabs(get(WV))),
    ...accumulate(one, splat(0), splat(8), splat(16), splat(24)),
    ...step,
  ];
  const double = [
    ...set(I16, loadI32(get(IP))),
    ...set(SU, splat(0)),
    ...set(SV, splat(8)),
    ...set(SC, splat(16)),
    ...set(SM, splat(24)),
    ...set(WV, at(WROW, 0)),
    ...set(AV, fabs(get(WV))),
    ...accumulate(one, get(SU), get(SV), get(SC), get(SM)),
    ...set(WV, at(WROW, 1)),
    ...set(AV, fabs(get(WV))),
    ...accumulate(two, get(SU), get(SV), get(SC), get(SM)),
    ...step,
  ];
  const P1 = iadd(get(P), i32c(1));
  const pairsOfTwo = [
    ...start(one, get(P)),
    ...start(two, P1),
    ...begin,
    ...loopWhile(A, N, double),
    ...store(one, get(P)),
    ...store(two, P1),
    ...inc(P, 2),
  ];
  const lastPair = [
    ...start(one, get(P)),
    ...begin,
    ...loopWhile(A, N, single),
    ...store(one, get(P)),
    ...inc(P, 1),
  ];
  return {
    params: i32Params(11),
    i32Locals: 7,
    v128Locals: 18,
    body: [
      ...set(SQ, zero128),
      ...set(SMS, zero128),
      ...set(P, i32c(0)),
      ...loopUntil(geU(P1, get(PAIRS)), pairsOfTwo),
      ...loopWhile(P, PAIRS, lastPair),
      ...store128(get(SUMS), 0, get(SQ)),
      ...store128(get(SUMS), 16, get(SMS)),
    ],
  };
}

/** The double-double kernel (see the file comment). */
function affineDDSpec(): KernelSpec {
  const [W, WH, WL, B, AB, PAIRS, ROWB, IDX, HA, N, OUT] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const [P, A, ROW, I16, HP, IP, OP] = [11, 12, 13, 14, 15, 16, 17];
  // Accumulators (hi and low sums of u, v, c; m), the row's vectors, and the scratch of one product.
  const [SU, LU, SV, LV, SC, LC, SM, WV, WHV, WLV, AV, PR, SS, BB] = [
    18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
  ];
  const splat = (slot: number) => [...get(HP), ...simd(0x0a, ...memarg(3, 8 * slot))];
  // One coefficient: p = w hx; s = S + p; bb = s - S;
  // L += S - (s - bb) + (p - bb) + (wh xh - p + wh xl + wl xh + wl xl) + w lo; S = s.
  const coefficient = (S: number, L: number, hx: number, xh: number, xl: number, lo: number): Code => {
    const e = productError(get(WHV), get(WLV), get(PR), splat(xh), splat(xl));
    const t = fadd(fadd(sumError(get(S), get(PR), get(SS), get(BB)), e), fmul(get(WV), splat(lo)));
    return [
      ...set(PR, fmul(get(WV), splat(hx))),
      ...set(SS, fadd(get(S), get(PR))),
      ...set(BB, fsub(get(SS), get(S))),
      ...set(L, fadd(get(L), t)),
      ...set(S, get(SS)),
    ];
  };
  const at = (m: number) => load128(iadd(iadd(get(m), get(ROW)), get(I16)));
  const inner = [
    ...set(I16, loadI32(get(IP))),
    ...set(WV, at(W)),
    ...set(WHV, at(WH)),
    ...set(WLV, at(WL)),
    ...set(AV, fabs(get(WV))),
    ...coefficient(SU, LU, 0, 1, 2, 10),
    ...coefficient(SV, LV, 3, 4, 5, 11),
    ...coefficient(SC, LC, 6, 7, 8, 12),
    ...set(SM, fadd(get(SM), fmul(get(AV), splat(9)))),
    ...inc(A, 1),
    ...inc(IP, 4),
    ...inc(HP, 104),
  ];
  const rows = [
    ...set(SU, zero128),
    ...set(LU, zero128),
    ...set(SV, zero128),
    ...set(LV, zero128),
    ...set(SC, load128(iadd(get(B), imul(get(P), i32c(16))))),
    ...set(LC, zero128),
    ...set(SM, load128(iadd(get(AB), imul(get(P), i32c(16))))),
    ...set(ROW, imul(get(P), get(ROWB))),
    ...set(A, i32c(0)),
    ...set(IP, get(IDX)),
    ...set(HP, get(HA)),
    ...loopWhile(A, N, inner),
    ...set(OP, iadd(get(OUT), imul(get(P), i32c(112)))),
    ...[SU, LU, SV, LV, SC, LC, SM].flatMap((acc, k) => store128(get(OP), 16 * k, get(acc))),
    ...inc(P, 1),
  ];
  return {
    params: i32Params(11),
    i32Locals: 7,
    v128Locals: 14,
    body: [...set(P, i32c(0)), ...loopWhile(P, PAIRS, rows)],
  };
}

/** The columns kernel (see the file comment), two neurons at a time (independent chains, shared loads). */
function columnsSpec(): KernelSpec {
  const [WTA, OUTDIM, COLS, D, N, REF, OUT, SUMS] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [J, A, J16, CP, DP, BASE] = [8, 9, 10, 11, 12, 13];
  const [UV, CM, UV2, CM2, DUV, DCM, SQ, SMS] = [14, 15, 16, 17, 18, 19, 20, 21];
  const splatAt = (addr: Code, offset: number): Code => [...addr, ...simd(0x0a, ...memarg(3, offset))];
  const at = (base: Code, offset: number): Code => [...base, ...simd(0x00, ...memarg(4, offset))];
  const step = [...inc(A, 1), ...inc(CP, 4), ...inc(DP, 32)];
  const single = [
    ...set(BASE, iadd(iadd(get(WTA), loadI32(get(CP))), get(J16))),
    ...set(UV, fadd(get(UV), fmul(splatAt(get(BASE), 0), at(get(DP), 0)))),
    ...set(CM, fadd(get(CM), fmul(load128(get(BASE)), at(get(DP), 16)))),
    ...step,
  ];
  // Neuron j + 1's (w, |w|) follows neuron j's by 16 bytes.
  const double = [
    ...set(BASE, iadd(iadd(get(WTA), loadI32(get(CP))), get(J16))),
    ...set(DUV, at(get(DP), 0)),
    ...set(DCM, at(get(DP), 16)),
    ...set(UV, fadd(get(UV), fmul(splatAt(get(BASE), 0), get(DUV)))),
    ...set(CM, fadd(get(CM), fmul(at(get(BASE), 0), get(DCM)))),
    ...set(UV2, fadd(get(UV2), fmul(splatAt(get(BASE), 16), get(DUV)))),
    ...set(CM2, fadd(get(CM2), fmul(at(get(BASE), 16), get(DCM)))),
    ...step,
  ];
  // Neuron j's maps at ref + 64 j and out + 64 j (J16 = 16 j); k = 1 for neuron j + 1.
  const mapAt = (base: number, k: number): Code =>
    iadd(get(base), iadd(imul(get(J16), i32c(4)), i32c(64 * k)));
  const begin = [
    ...set(J16, imul(get(J), i32c(16))),
    ...set(A, i32c(0)),
    ...set(CP, get(COLS)),
    ...set(DP, get(D)),
  ];
  const load = (uv: number, cm: number, k: number): Code => [
    ...set(uv, at(mapAt(REF, k), 0)),
    ...set(cm, at(mapAt(REF, k), 16)),
  ];
  const save = (uv: number, cm: number, k: number): Code => [
    ...store128(mapAt(OUT, k), 0, get(uv)),
    ...store128(mapAt(OUT, k), 16, get(cm)),
    ...store128(mapAt(OUT, k), 32, zero128),
    ...store128(mapAt(OUT, k), 48, zero128),
  ];
  const pairs = [
    ...begin,
    ...load(UV, CM, 0),
    ...load(UV2, CM2, 1),
    ...loopWhile(A, N, double),
    ...save(UV, CM, 0),
    ...save(UV2, CM2, 1),
    ...addSums(
      SQ,
      SMS,
      lanes(get(UV), 0, get(UV2), 0),
      lanes(get(UV), 1, get(UV2), 1),
      lanes(get(CM), 0, get(CM2), 0),
      lanes(get(CM), 1, get(CM2), 1),
    ),
    ...inc(J, 2),
  ];
  // The last neuron of an odd layer is an even one: lane 0 (lane 1 adds zeros).
  const z = zero128;
  const last = [
    ...begin,
    ...load(UV, CM, 0),
    ...loopWhile(A, N, single),
    ...save(UV, CM, 0),
    ...addSums(
      SQ,
      SMS,
      lanes(get(UV), 0, z, 0),
      lanes(get(UV), 1, z, 0),
      lanes(get(CM), 0, z, 0),
      lanes(get(CM), 1, z, 0),
    ),
    ...inc(J, 1),
  ];
  return {
    params: i32Params(8),
    i32Locals: 6,
    v128Locals: 8,
    body: [
      ...set(SQ, zero128),
      ...set(SMS, zero128),
      ...set(J, i32c(0)),
      ...loopUntil(geU(iadd(get(J), i32c(1)), get(OUTDIM)), pairs),
      ...loopWhile(J, OUTDIM, last),
      ...store128(get(SUMS), 0, get(SQ)),
      ...store128(get(SUMS), 16, get(SMS)),
    ],
  };
}

/** The module's bytes: exports `affine`, `affineDD`, `columns`, `classify`, `gather`, `columnsDD`, `memory`. */
export function kernelModuleBytes(): Uint8Array<ArrayBuffer> {
  return moduleBytes(
    [affineSpec(), affineDDSpec(), columnsSpec(), classifySpec(), gatherSpec(), columnsDDSpec()],
    ['affine', 'affineDD', 'columns', 'classify', 'gather', 'columnsDD'],
  );
}
