/**
 * The region walk's kernels in the module of affine-kernels.ts (gather: see {@link gatherSpec}). The classify
 * kernel is the first test of the walk (face-walk.ts classify) for a layer whose activation has one threshold,
 * two neurons per 128-bit vector.
 *
 * `classify(maps, n, states, list, params) -> count`: neuron j's map (u, v, c, m) at maps + 64 j; the nine
 * float64 numbers mu, mv, hu, hv, maxR, evalTol, compTol, e, th at params (passed in memory: float64 arguments
 * of a call from JavaScript may be boxed, an allocation per call), the face's box centred at (mu, mv) with
 * half-sides (hu, hv). Per neuron, with
 * the float64 operations of the JavaScript loop in its order (walk-base.ts tolOf; the maps' low parts are
 * zero in a float64 layer, so they add nothing):
 *
 *   zc = c + u mu + v mv,  r = |u| hu + |v| hv,  g = (|u| + |v|) maxR,
 *   tol = evalTol (|u| + |v| + |c| + |th|) + min(compTol m, e) + 2^-1000,
 *
 * the byte at states + j is 1 when zc - th - r > tol + g (the line misses the box, which lies above it),
 * else 0; when neither that nor zc - th + r < -(tol + g) holds, j is listed (int32) at list + 4 k, k counting
 * up from 0 in the order of j, and the count is returned. The byte at states + n may be written as well,
 * and the maps of neuron n read (not used) when n is odd.
 */
import {
  add64,
  anyTrue,
  bitmask2,
  type Code,
  f64c,
  fabs,
  fadd,
  fgt,
  flt,
  fmin,
  fmul,
  fne,
  fneg,
  fsplat,
  fsub,
  get,
  I32,
  i32c,
  iadd,
  iand,
  imul,
  inc,
  ior,
  ishrU,
  ixor,
  type KernelSpec,
  lane,
  lanes,
  load128,
  loadU8,
  loopWhile,
  ltU,
  mul64,
  set,
  splat64,
  store128,
  storeF64,
  storeI8,
  storeI32,
  vor,
  when,
  zero128,
} from './wasm-asm.ts';

/** The tolerance's absolute floor (face-maps.ts TINY). */
const TINY = 2 ** -1000;

/** The kernel (see the file comment). */
export function classifySpec(): KernelSpec {
  const [MAPS, N, STATES, LIST, PARAMS] = [0, 1, 2, 3, 4];
  const [J, NC, P, A, U] = [5, 6, 7, 8, 9];
  const [MU, MV, HU, HV, MAXR, ET, CT, E, TH, ATH, TI] = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
  const [Q0, Q1, Q2, Q3, UU, VV, CC, AU, AV, D, R, T] = [21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32];
  const splats: Code = [MU, MV, HU, HV, MAXR, ET, CT, E, TH].flatMap((v, i) =>
    set(v, splat64(get(PARAMS), 8 * i)),
  );
  // Neurons j and j + 1: (u, v) and (c, m) of each, regrouped as (u_j, u_j+1) and so on.
  const loads: Code = [
    ...set(P, iadd(get(MAPS), imul(get(J), i32c(64)))),
    ...set(Q0, load128(get(P), 0)),
    ...set(Q1, load128(get(P), 16)),
    ...set(Q2, load128(get(P), 64)),
    ...set(Q3, load128(get(P), 80)),
    ...set(UU, lanes(get(Q0), 0, get(Q2), 0)),
    ...set(VV, lanes(get(Q0), 1, get(Q2), 1)),
    ...set(CC, lanes(get(Q1), 0, get(Q3), 0)),
    ...set(AU, fabs(get(UU))),
    ...set(AV, fabs(get(VV))),
  ];
  const mm = lanes(get(Q1), 1, get(Q3), 1);
  const zc = fadd(fadd(get(CC), fmul(get(UU), get(MU))), fmul(get(VV), get(MV)));
  const tol = fadd(
    fadd(
      fmul(get(ET), fadd(fadd(fadd(get(AU), get(AV)), fabs(get(CC))), get(ATH))),
      fmin(fmul(get(CT), mm), get(E)),
    ),
    get(TI),
  );
  const g = fmul(fadd(get(AU), get(AV)), get(MAXR));
  const tests: Code = [
    ...set(D, fsub(zc, get(TH))),
    ...set(R, fadd(fmul(get(AU), get(HU)), fmul(get(AV), get(HV)))),
    ...set(T, fadd(tol, g)),
    ...set(A, bitmask2(fgt(fsub(get(D), get(R)), get(T)))),
    // Undecided: neither above nor below, and a neuron of the layer (j + 1 < n for the second lane).
    ...set(
      U,
      iand(
        ixor(ior(get(A), bitmask2(flt(fadd(get(D), get(R)), fneg(get(T))))), i32c(3)),
        iadd(i32c(1), imul(ltU(iadd(get(J), i32c(1)), get(N)), i32c(2))),
      ),
    ),
  ];
  const listJ = (k: number): Code => [
    ...storeI32(iadd(get(LIST), imul(get(NC), i32c(4))), iadd(get(J), i32c(k))),
    ...inc(NC, 1),
  ];
  const record: Code = [
    ...storeI8(iadd(get(STATES), get(J)), 0, iand(get(A), i32c(1))),
    ...storeI8(iadd(get(STATES), get(J)), 1, ishrU(get(A), i32c(1))),
    ...when(get(U), [...when(iand(get(U), i32c(1)), listJ(0)), ...when(ishrU(get(U), i32c(1)), listJ(1))]),
  ];
  return {
    params: [I32, I32, I32, I32, I32],
    result: I32,
    i32Locals: 5,
    v128Locals: 23,
    body: [
      ...splats,
      ...set(ATH, fabs(get(TH))),
      ...set(TI, fsplat(f64c(TINY))),
      ...set(J, i32c(0)),
      ...set(NC, i32c(0)),
      ...loopWhile(J, N, [...loads, ...tests, ...record, ...inc(J, 2)]),
      ...get(NC),
    ],
  };
}

/**
 * The gather kernel: the inputs of the next layer's W h + b for the first piece of a cut face, h = piece(z)
 * (piece-maps.ts firstPieceMaps and postMap, the same float64 operations in the same order).
 *
 * `gather(maps, n, states, pc, idx, ha, ss) -> count`: neuron j's map (u, v, c, m) at maps + 64 j, its state
 * the byte at states + j, the pieces (s, |s|, t, |t|) of state k at pc + 96 j + 32 k; per neuron whose
 * (s u, s v, s c + t, |s| m + |t|) are not all zero, those four at ha + 32 a and 16 j (int32) at idx + 4 a,
 * a counting up from 0 (the count is returned); the sum over all neurons of (s u)² + (s v)² + (s c + t)²
 * (the vanishing ones add zero) as a float64 at ss. Slot a = count may be written as well.
 */
export function gatherSpec(): KernelSpec {
  const [MAPS, N, STATES, PC, IDX, HA, SSAT] = [0, 1, 2, 3, 4, 5, 6];
  const [J, K, E, P, H, KEEP] = [7, 8, 9, 10, 11, 12];
  const [UV, CM, SQ] = [13, 14, 15];
  const SS = 16;
  const zero = zero128;
  const body: Code = [
    ...set(P, iadd(get(MAPS), imul(get(J), i32c(64)))),
    ...set(E, iadd(iadd(get(PC), imul(get(J), i32c(96))), imul(loadU8(iadd(get(STATES), get(J))), i32c(32)))),
    ...set(UV, fmul(splat64(get(E), 0), load128(get(P), 0))),
    ...set(CM, fadd(fmul(load128(get(E), 0), load128(get(P), 16)), load128(get(E), 16))),
    ...store128(get(H), 0, get(UV)),
    ...store128(get(H), 16, get(CM)),
    ...storeI32(iadd(get(IDX), imul(get(K), i32c(4))), imul(get(J), i32c(16))),
    ...set(SQ, fmul(get(UV), get(UV))),
    ...set(
      SS,
      add64(
        get(SS),
        add64(add64(lane(get(SQ), 0), lane(get(SQ), 1)), mul64(lane(get(CM), 0), lane(get(CM), 0))),
      ),
    ),
    ...set(KEEP, anyTrue(vor(fne(get(UV), zero), fne(get(CM), zero)))),
    ...set(K, iadd(get(K), get(KEEP))),
    ...set(H, iadd(get(H), imul(get(KEEP), i32c(32)))),
    ...inc(J, 1),
  ];
  return {
    params: [I32, I32, I32, I32, I32, I32, I32],
    result: I32,
    i32Locals: 6,
    v128Locals: 3,
    f64Locals: 1,
    body: [
      ...set(SS, f64c(0)),
      ...set(J, i32c(0)),
      ...set(K, i32c(0)),
      ...set(H, get(HA)),
      ...loopWhile(J, N, body),
      ...storeF64(get(SSAT), get(SS)),
      ...get(K),
    ],
  };
}
