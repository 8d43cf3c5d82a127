/**
 * The sums of the rows of the latest float64 kernel call (affine-wasm.ts runAffineWasm and runColumnsWasm;
 * affine-kernels.ts addSums), for the walk's error bounds and finiteness test (face-walk.ts), which would
 * otherwise read every row again: the sum of u u + v v + c c and that of m, in face-error.ts sumMaps' order.
 */

/** Where the latest call wrote its rows (out, o) and left its sums (f64 from s); out null: none since taken. */
const last: { out: Float64Array | null; o: number; f64: Float64Array; s: number } = {
  out: null,
  o: 0,
  f64: new Float64Array(0),
  s: 0,
};

/** Record a kernel call that wrote out[o ..] and left its four lane sums at f64[s ..]. */
export function noteSums(out: Float64Array, o: number, f64: Float64Array, s: number): void {
  last.out = out;
  last.o = o;
  last.f64 = f64;
  last.s = s;
}

/** Forget the latest call's sums (before a call whose sums {@link takeSums} will ask for). */
export function dropSums(): void {
  last.out = null;
}

/**
 * When the latest float64 kernel call since {@link dropSums} wrote out[o ..]: dst[i] = the sum of its rows'
 * u u + v v + c c and dst[i + 1] = that of their m, and true; else false (the caller sums the rows).
 */
export function takeSums(out: Float64Array, o: number, dst: Float64Array, i: number): boolean {
  if (last.out !== out || last.o !== o) return false;
  last.out = null;
  const f = last.f64;
  const s = last.s;
  dst[i] = f[s]! + f[s + 1]!;
  dst[i + 1] = f[s + 2]! + f[s + 3]!;
  return true;
}
