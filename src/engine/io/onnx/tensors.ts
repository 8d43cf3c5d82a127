/**
 * ONNX tensors as float64 arrays: the data types a PyTorch export uses for weights (float32, float64,
 * float16) and for shapes (int64, int32), from raw bytes or typed fields, inline or in an external-data
 * side file. Every problem is a message naming the tensor.
 */
import type { TensorProto } from 'onnx-buf';
import { MODEL_LIMITS } from '../../model.ts';

/** ONNX TensorProto.DataType codes read here. */
const FLOAT = 1;
const INT32 = 6;
const INT64 = 7;
const FLOAT16 = 10;
const DOUBLE = 11;

/** Bytes per element of each data type read here. */
const ELEMENT_BYTES: Readonly<Record<number, number>> = { 1: 4, 6: 4, 7: 8, 10: 2, 11: 8 };

/** Names of ONNX data types, for messages. */
const TYPE_NAMES: Readonly<Record<number, string>> = {
  0: 'UNDEFINED',
  1: 'FLOAT',
  2: 'UINT8',
  3: 'INT8',
  4: 'UINT16',
  5: 'INT16',
  6: 'INT32',
  7: 'INT64',
  8: 'STRING',
  9: 'BOOL',
  10: 'FLOAT16',
  11: 'DOUBLE',
  12: 'UINT32',
  13: 'UINT64',
  14: 'COMPLEX64',
  15: 'COMPLEX128',
  16: 'BFLOAT16',
};

/** A decoded constant: its shape and its values in row-major order. */
export interface ConstTensor {
  /** Dimensions (empty for a scalar). */
  readonly dims: readonly number[];
  /** Values, row-major, as float64. */
  readonly data: Float64Array;
}

/** Looks up the bytes of an external-data side file by the location written in the model; undefined: missing. */
export type SideFileReader = (location: string) => Uint8Array | undefined;

/** The result of {@link decodeTensor}: the tensor, or the message saying what was wrong. */
export type TensorResult = { ok: true; tensor: ConstTensor } | { ok: false; message: string };

/** Number of elements of a shape, or a message when a dimension is negative or the product is too large. */
export function elementCount(dims: readonly (bigint | number)[], what: string): number | string {
  let n = 1;
  for (const d of dims) {
    const v = Number(d);
    if (!Number.isSafeInteger(v) || v < 0) return `${what} has dimension ${String(d)}, expected a count >= 0`;
    if (v > MODEL_LIMITS.maxInputDim)
      return `${what} declares a dimension of ${v}, more than the ${MODEL_LIMITS.maxInputDim} supported`;
    n *= v;
    if (n > MODEL_LIMITS.maxParameters)
      return `${what} declares ${n} or more elements, more than the ${MODEL_LIMITS.maxParameters} supported`;
  }
  return n;
}

/** float16 bits to a number (subnormals, infinities and NaN included). */
export function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

function typedFromBytes(bytes: Uint8Array, type: number, n: number): Float64Array {
  // A copy starts at offset 0 of its own buffer, so the typed views below are aligned whatever the source
  // (a Node Buffer's slice is a view, not a copy, hence the explicit one).
  const copy = new Uint8Array(n * (ELEMENT_BYTES[type] ?? 1));
  copy.set(bytes.subarray(0, copy.length));
  const out = new Float64Array(n);
  if (type === FLOAT) out.set(new Float32Array(copy.buffer, 0, n));
  else if (type === DOUBLE) out.set(new Float64Array(copy.buffer, 0, n));
  else if (type === INT32) out.set(new Int32Array(copy.buffer, 0, n));
  else if (type === FLOAT16) {
    const h = new Uint16Array(copy.buffer, 0, n);
    for (let i = 0; i < n; i++) out[i] = halfToNumber(h[i]!);
  } else {
    const v = new BigInt64Array(copy.buffer, 0, n);
    for (let i = 0; i < n; i++) out[i] = Number(v[i]!);
  }
  return out;
}

function externalBytes(t: TensorProto, what: string, read: SideFileReader): Uint8Array | string {
  const entry = (k: string) => t.externalData.find((e) => e.key === k)?.value;
  const location = entry('location');
  if (location === undefined || location === '') return `${what} is stored externally but names no file`;
  const file = read(location);
  if (file === undefined) return `${what} is stored in the side file "${location}", which is missing`;
  const offset = Number(entry('offset') ?? '0');
  const length = entry('length') === undefined ? file.length - offset : Number(entry('length'));
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
    return `${what} has a bad offset or length in "${location}"`;
  }
  if (offset + length > file.length) {
    return `${what} needs bytes ${offset} to ${offset + length} of "${location}", which has ${file.length}`;
  }
  return file.subarray(offset, offset + length);
}

/**
 * Decode `t` (named `what` in messages) to float64 values. External data is looked up with `read`. A
 * missing side file, an unsupported data type, too few values or a non-finite weight is a message.
 */
export function decodeTensor(t: TensorProto, what: string, read: SideFileReader): TensorResult {
  const fail = (message: string): TensorResult => ({ ok: false, message });
  const n = elementCount(t.dims, what);
  if (typeof n === 'string') return fail(n);
  const dims = t.dims.map(Number);
  const type = t.dataType;
  if (ELEMENT_BYTES[type] === undefined) {
    return fail(
      `${what} has data type ${TYPE_NAMES[type] ?? type}, expected FLOAT, DOUBLE, FLOAT16, INT64 or INT32`,
    );
  }
  const size = ELEMENT_BYTES[type]!;
  let data: Float64Array;
  let raw: Uint8Array | undefined = t.rawData.length > 0 ? t.rawData : undefined;
  if (t.dataLocation === 1) {
    const b = externalBytes(t, what, read);
    if (typeof b === 'string') return fail(b);
    raw = b;
  }
  if (raw !== undefined) {
    if (raw.length !== n * size) {
      return fail(
        `${what} has ${raw.length} bytes of data, its shape [${dims.join(', ')}] needs ${n * size}`,
      );
    }
    data = typedFromBytes(raw, type, n);
  } else {
    const field: readonly (number | bigint)[] =
      type === FLOAT
        ? t.floatData
        : type === DOUBLE
          ? t.doubleData
          : type === INT64
            ? t.int64Data
            : t.int32Data;
    if (field.length !== n) {
      return fail(`${what} has ${field.length} values, its shape [${dims.join(', ')}] needs ${n}`);
    }
    data = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = field[i]!;
      data[i] = type === FLOAT16 ? halfToNumber(Number(v)) : Number(v);
    }
  }
  for (let i = 0; i < n; i++) {
    const v = data[i]!;
    // A scalar may be infinite (an open Clip bound); weights must be finite.
    if (Number.isNaN(v) || (!Number.isFinite(v) && n > 1))
      return fail(`${what} has a non-finite value at index ${i}`);
  }
  return { ok: true, tensor: { dims, data } };
}
