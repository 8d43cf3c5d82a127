/**
 * The double-double columns kernel of the module of affine-kernels.ts: face-maps-dd.ts addColumnDD for n
 * columns after one another, two neurons per 128-bit vector (lane k: neuron j + k), each lane doing that
 * loop's float64 operations in its order, so that the numbers are the same bit for bit.
 *
 * `columnsDD(pairs, cols, d, n, ref, out)`: for each pair p of neurons (j = 2p, 2p + 1; a padding neuron after
 * an odd last one), the maps (u, v, c, m, lu, lv, lc, 0) of neuron j from ref + 64 j, plus for a = 0 .. n - 1
 * in order column a (at cols[a], int32 byte offsets: W, |W|, W's high and low parts of its two neurons at
 * + 0, + S, + 2 S, + 3 S with S = 16 pairs, neuron j at 8 j) times the double-double form at d + 112 a:
 * (du, dul, uh, ul, dv, dvl, vh, vl, dc, dcl, ch, cl, dm; uh, ul: du's Dekker split), stored at out + 64 j.
 */
import {
  type Code,
  fadd,
  fmul,
  fsub,
  get,
  i32c,
  i32Params,
  iadd,
  imul,
  inc,
  type KernelSpec,
  lanes,
  load128,
  loadI32,
  loopWhile,
  productError,
  set,
  splat64,
  store128,
  sumError,
  zero128,
} from './wasm-asm.ts';

/** The kernel (see the file comment). */
export function columnsDDSpec(): KernelSpec {
  const [PAIRS, COLS, D, N, REF, OUT] = [0, 1, 2, 3, 4, 5];
  const [P, A, J8, CP, DP, BASE, S, RP] = [6, 7, 8, 9, 10, 11, 12, 13];
  // Per coefficient the high and low sums, then m; the column's four vectors; one product's scratch.
  const [HU, LU, HV, LV, HC, LC, M, WV, AW, WH, WL, PR, E, SS, BB, T] = [
    14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
  ];
  const [R0, R1, R2, R3, R4, R5, R6, R7] = [30, 31, 32, 33, 34, 35, 36, 37];
  const dAt = (slot: number): Code => splat64(get(DP), 8 * slot);
  // p = w d; e = wh xh - p + wh xl + wl xh + wl xl + w dl; then ddAdd(H, L, p, e):
  // s = H + p; bb = s - H; t = H - (s - bb) + (p - bb) + L + e; H = s + t; L = t - (H - s).
  const coefficient = (H: number, L: number, d: number, dl: number, xh: number, xl: number): Code => [
    ...set(PR, fmul(get(WV), dAt(d))),
    ...set(E, fadd(productError(get(WH), get(WL), get(PR), dAt(xh), dAt(xl)), fmul(get(WV), dAt(dl)))),
    ...set(SS, fadd(get(H), get(PR))),
    ...set(BB, fsub(get(SS), get(H))),
    ...set(T, fadd(fadd(sumError(get(H), get(PR), get(SS), get(BB)), get(L)), get(E))),
    ...set(H, fadd(get(SS), get(T))),
    ...set(L, fsub(get(T), fsub(get(H), get(SS)))),
  ];
  const column: Code = [
    ...set(BASE, loadI32(get(CP))),
    ...set(WV, load128(iadd(get(BASE), get(J8)))),
    ...set(AW, load128(iadd(iadd(get(BASE), get(S)), get(J8)))),
    ...set(WH, load128(iadd(iadd(get(BASE), imul(get(S), i32c(2))), get(J8)))),
    ...set(WL, load128(iadd(iadd(get(BASE), imul(get(S), i32c(3))), get(J8)))),
    ...coefficient(HU, LU, 0, 1, 2, 3),
    ...coefficient(HV, LV, 4, 5, 6, 7),
    ...coefficient(HC, LC, 8, 9, 10, 11),
    ...set(M, fadd(get(M), fmul(get(AW), dAt(12)))),
    ...inc(A, 1),
    ...inc(CP, 4),
    ...inc(DP, 112),
  ];
  // Rows j and j + 1 at RP and RP + 64, four vectors each: (u, v), (c, m), (lu, lv), (lc, 0).
  const rows = [R0, R1, R2, R3, R4, R5, R6, R7];
  const load: Code = [
    ...set(RP, iadd(get(REF), imul(get(P), i32c(128)))),
    ...rows.flatMap((r, k) => set(r, load128(get(RP), 16 * k))),
    ...set(HU, lanes(get(R0), 0, get(R4), 0)),
    ...set(HV, lanes(get(R0), 1, get(R4), 1)),
    ...set(HC, lanes(get(R1), 0, get(R5), 0)),
    ...set(M, lanes(get(R1), 1, get(R5), 1)),
    ...set(LU, lanes(get(R2), 0, get(R6), 0)),
    ...set(LV, lanes(get(R2), 1, get(R6), 1)),
    ...set(LC, lanes(get(R3), 0, get(R7), 0)),
  ];
  const save: Code = [
    ...set(RP, iadd(get(OUT), imul(get(P), i32c(128)))),
    ...[0, 1].flatMap((k) => [
      ...store128(get(RP), 64 * k, lanes(get(HU), k, get(HV), k)),
      ...store128(get(RP), 64 * k + 16, lanes(get(HC), k, get(M), k)),
      ...store128(get(RP), 64 * k + 32, lanes(get(LU), k, get(LV), k)),
      ...store128(get(RP), 64 * k + 48, lanes(get(LC), k, zero128, 0)),
    ]),
  ];
  const pair: Code = [
    ...set(J8, imul(get(P), i32c(16))),
    ...set(A, i32c(0)),
    ...set(CP, get(COLS)),
    ...set(DP, get(D)),
    ...load,
    ...loopWhile(A, N, column),
    ...save,
    ...inc(P, 1),
  ];
  return {
    params: i32Params(6),
    i32Locals: 8,
    v128Locals: 24,
    body: [...set(S, imul(get(PAIRS), i32c(16))), ...set(P, i32c(0)), ...loopWhile(P, PAIRS, pair)],
  };
}
