/** Affine maps composed in float64 while an ONNX graph is read. */
import type { ConstTensor } from './tensors.ts';

/** An affine map y = W x + b waiting for its activation: W is out x in, row-major; b has outDim entries. */
export interface Affine {
  inDim: number;
  outDim: number;
  w: Float64Array;
  b: Float64Array;
}

/** The identity map of R^n. */
export function identity(n: number): Affine {
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) w[i * n + i] = 1;
  return { inDim: n, outDim: n, w, b: new Float64Array(n) };
}

/** Compose y = s ⊙ x + c after `a`, in place (s, c of length a.outDim or 1; null: 1 and 0). */
export function scaleShift(a: Affine, s: Float64Array | null, c: Float64Array | null): void {
  for (let j = 0; j < a.outDim; j++) {
    const sj = s ? (s.length === 1 ? s[0]! : s[j]!) : 1;
    if (sj !== 1) {
      for (let i = 0; i < a.inDim; i++) a.w[j * a.inDim + i]! *= sj;
      a.b[j]! *= sj;
    }
    if (c) a.b[j]! += c.length === 1 ? c[0]! : c[j]!;
  }
}

/** The map x -> a(x) M for a constant M of shape [k, m] (k = a.outDim), in float64. */
export function matmul(a: Affine, m: ConstTensor): Affine {
  const k = a.outDim;
  const out = m.dims[1]!;
  const w = new Float64Array(out * a.inDim);
  const b = new Float64Array(out);
  for (let j = 0; j < out; j++) {
    let bj = 0;
    for (let r = 0; r < k; r++) {
      const mrj = m.data[r * out + j]!;
      if (mrj === 0) continue;
      bj += a.b[r]! * mrj;
      for (let i = 0; i < a.inDim; i++) w[j * a.inDim + i]! += mrj * a.w[r * a.inDim + i]!;
    }
    b[j] = bj;
  }
  return { inDim: a.inDim, outDim: out, w, b };
}

/** The transpose of a 2-D constant. */
export function transpose2(t: ConstTensor): ConstTensor {
  const [r, c] = [t.dims[0]!, t.dims[1]!];
  const data = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) data[j * r + i] = t.data[i * c + j]!;
  return { dims: [c, r], data };
}
