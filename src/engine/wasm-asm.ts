/**
 * A small assembler for the enumeration's WebAssembly kernels (affine-kernels.ts, walk-kernels.ts): the
 * encodings of the instructions they use, loops, functions and the module. Expressions are lists of bytes,
 * concatenated in stack order.
 */

export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;

/** Unsigned and signed LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const name = (s: string) => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

/** One instruction or expression, as bytes. */
export type Code = number[];
export const get = (i: number): Code => [0x20, ...uleb(i)];
export const set = (i: number, value: Code): Code => [...value, 0x21, ...uleb(i)];
export const i32c = (n: number): Code => [0x41, ...sleb(n)];
export const iadd = (a: Code, b: Code): Code => [...a, ...b, 0x6a];
export const imul = (a: Code, b: Code): Code => [...a, ...b, 0x6c];
export const iand = (a: Code, b: Code): Code => [...a, ...b, 0x71];
export const ior = (a: Code, b: Code): Code => [...a, ...b, 0x72];
export const ixor = (a: Code, b: Code): Code => [...a, ...b, 0x73];
export const ishrU = (a: Code, b: Code): Code => [...a, ...b, 0x76];
export const ltU = (a: Code, b: Code): Code => [...a, ...b, 0x49];
export const geU = (a: Code, b: Code): Code => [...a, ...b, 0x4f];
export const ieq = (a: Code, b: Code): Code => [...a, ...b, 0x46];
export const simd = (op: number, ...imm: number[]): Code => [0xfd, ...uleb(op), ...imm];
export const memarg = (align: number, offset: number) => [...uleb(align), ...uleb(offset)];
export const load128 = (addr: Code, offset = 0): Code => [...addr, ...simd(0x00, ...memarg(4, offset))];
export const store128 = (addr: Code, offset: number, value: Code): Code => [
  ...addr,
  ...value,
  ...simd(0x0b, ...memarg(4, offset)),
];
export const loadI32 = (addr: Code): Code => [...addr, 0x28, ...memarg(2, 0)];
export const storeI32 = (addr: Code, value: Code): Code => [...addr, ...value, 0x36, ...memarg(2, 0)];
export const storeI8 = (addr: Code, offset: number, value: Code): Code => [
  ...addr,
  ...value,
  0x3a,
  ...memarg(0, offset),
];
export const zero128: Code = simd(0x0c, ...new Array<number>(16).fill(0));
export const fadd = (a: Code, b: Code): Code => [...a, ...b, ...simd(0xf0)];
export const fsub = (a: Code, b: Code): Code => [...a, ...b, ...simd(0xf1)];
export const fmul = (a: Code, b: Code): Code => [...a, ...b, ...simd(0xf2)];
export const fmin = (a: Code, b: Code): Code => [...a, ...b, ...simd(0xf4)];
export const fabs = (a: Code): Code => [...a, ...simd(0xec)];
export const fneg = (a: Code): Code => [...a, ...simd(0xed)];
export const fgt = (a: Code, b: Code): Code => [...a, ...b, ...simd(0x4a)];
export const flt = (a: Code, b: Code): Code => [...a, ...b, ...simd(0x49)];
/**
 * Dekker's error of the product p = w x, with w = wh + wl and x = xh + xl split (26 bits each):
 * ((((wh xh - p) + wh xl) + wl xh) + wl xl), in that order (face-maps-dd.ts's).
 */
export const productError = (wh: Code, wl: Code, p: Code, xh: Code, xl: Code): Code =>
  fadd(fadd(fadd(fsub(fmul(wh, xh), p), fmul(wh, xl)), fmul(wl, xh)), fmul(wl, xl));
/** Knuth's error of the sum s = a + b, given bb = s - a: (a - (s - bb)) + (b - bb). */
export const sumError = (a: Code, b: Code, s: Code, bb: Code): Code =>
  fadd(fsub(a, fsub(s, bb)), fsub(b, bb));
/** f64x2.splat of a float64 expression. */
export const fsplat = (a: Code): Code => [...a, ...simd(0x14)];
/** The two lanes' signs of a mask as bits 0 and 1 (i64x2.bitmask). */
export const bitmask2 = (a: Code): Code => [...a, ...simd(0xc4)];
/** (a's lane `la`, b's lane `lb`): i8x16.shuffle of two float64 lanes. */
export const lanes = (a: Code, la: number, b: Code, lb: number): Code => {
  const bytes = (base: number) => Array.from({ length: 8 }, (_, k) => base + k);
  return [...a, ...b, ...simd(0x0d, ...bytes(8 * la), ...bytes(16 + 8 * lb))];
};
/** `if (cond) { body }`. */
export const when = (cond: Code, body: Code): Code => [...cond, 0x04, 0x40, ...body, 0x0b];

/** `while (!stop) { body }` as block / loop / br_if / br, `stop` an i32 expression. */
export const loopUntil = (stop: Code, body: Code): Code => [
  0x02,
  0x40,
  0x03,
  0x40,
  ...stop,
  0x0d,
  1,
  ...body,
  0x0c,
  0,
  0x0b,
  0x0b,
];
/** `while (i < n) { body }` (unsigned). */
export const loopWhile = (i: number, n: number, body: Code): Code => loopUntil(geU(get(i), get(n)), body);
export const inc = (i: number, by: number): Code => set(i, iadd(get(i), i32c(by)));

/**
 * One kernel: its parameters' types, its result's (if any), its locals (after the parameters: the i32 ones,
 * then the v128 ones, then the f64 ones) and body.
 */
export interface KernelSpec {
  params: number[];
  result?: number;
  i32Locals: number;
  v128Locals: number;
  f64Locals?: number;
  body: Code;
}

/** `count` parameters of type i32. */
export const i32Params = (count: number): number[] => new Array<number>(count).fill(I32);

function kernelFunc(k: KernelSpec): Code {
  const locals = vec([
    [...uleb(k.i32Locals), I32],
    [...uleb(k.v128Locals), V128],
    [...uleb(k.f64Locals ?? 0), F64],
  ]);
  const func = [...locals, ...k.body, 0x0b];
  return [...uleb(func.length), ...func];
}

/** A module of the named kernels (function k exported as names[k]) and `memory` (one page to start with). */
export function moduleBytes(specs: readonly KernelSpec[], names: readonly string[]): Uint8Array<ArrayBuffer> {
  const types = specs.map((k) => [
    0x60,
    ...vec(k.params.map((t) => [t])),
    ...vec(k.result ? [[k.result]] : []),
  ]);
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types)),
    ...section(3, vec(specs.map((_, k) => uleb(k)))),
    ...section(5, vec([[0x00, 1]])),
    ...section(
      7,
      vec([...names.map((n, k) => [...name(n), 0x00, ...uleb(k)]), [...name('memory'), 0x02, 0]]),
    ),
    ...section(10, vec(specs.map(kernelFunc))),
  ];
  return new Uint8Array(bytes);
}
/** f64.const x. */
export const f64c = (x: number): Code => [0x44, ...new Uint8Array(Float64Array.of(x).buffer)];
/** i32.load8_u. */
export const loadU8 = (addr: Code): Code => [...addr, 0x2d, ...memarg(0, 0)];
/** v128.load64_splat. */
export const splat64 = (addr: Code, offset = 0): Code => [...addr, ...simd(0x0a, ...memarg(3, offset))];
export const fne = (a: Code, b: Code): Code => [...a, ...b, ...simd(0x48)];
export const vor = (a: Code, b: Code): Code => [...a, ...b, ...simd(0x50)];
/** v128.any_true: 1 when any bit is set. */
export const anyTrue = (a: Code): Code => [...a, ...simd(0x53)];
/** f64x2.extract_lane. */
export const lane = (a: Code, k: number): Code => [...a, ...simd(0x21, k)];
/** Scalar float64 add and multiply. */
export const add64 = (a: Code, b: Code): Code => [...a, ...b, 0xa0];
export const mul64 = (a: Code, b: Code): Code => [...a, ...b, 0xa2];
export const storeF64 = (addr: Code, value: Code): Code => [...addr, ...value, 0x39, ...memarg(3, 0)];
