/**
 * An ONNX graph as the engine's {@link Network}: the nodes must form one chain from the single data input to
 * the single output; affine nodes (Gemm, MatMul, Add, Sub, Mul, Div, BatchNormalization) compose, in float64,
 * into a pending affine map, and each activation node (Relu, LeakyRelu, PRelu, Clip, Abs) closes it into a
 * layer. Every refused node is reported with its index, op and name.
 */
import type { AttributeProto, GraphProto, NodeProto } from 'onnx-buf';
import type { ActivationName } from '../../activations.ts';
import type { Layer, ModelIssue, Network } from '../../model.ts';
import { type Affine, identity, matmul, scaleShift, transpose2 } from './affine.ts';
import { type ConstTensor, decodeTensor, elementCount, type SideFileReader } from './tensors.ts';

function attr(n: NodeProto, name: string): AttributeProto | undefined {
  return n.attribute.find((a) => a.name === name);
}

function attrNumber(n: NodeProto, name: string, def: number): number {
  const a = attr(n, name);
  if (!a) return def;
  return a.type === 2 ? Number(a.i) : a.f;
}

/** The reason an op is refused, by kind. */
function refusal(op: string): string {
  if (/^(Conv|ConvTranspose|ConvInteger|QLinearConv|DeformConv)$/.test(op))
    return 'convolutions are not supported';
  if (/Pool$/.test(op)) return 'pooling is not supported';
  if (/^(Sigmoid|Tanh|Softplus|Softsign|Elu|Selu|Celu|Gelu|Mish|HardSigmoid|HardSwish|Exp|Log|Erf)$/.test(op))
    return 'smooth activations are not supported (the network would not be piecewise linear)';
  if (op === 'Softmax' || op === 'LogSoftmax') return 'softmax is only supported as the last node';
  return `the op ${op} is not supported`;
}

/** Ops read on the data path (Softmax and LogSoftmax only as the last node). */
const SUPPORTED =
  /^(Gemm|MatMul|Add|Sub|Mul|Div|Relu|LeakyRelu|PRelu|Clip|Abs|Identity|Dropout|Flatten|Reshape|Squeeze|Unsqueeze|BatchNormalization|Transpose)$/;

/** What {@link graphToNetwork} gives back. */
export type GraphResult =
  | { ok: true; network: Network; notices: string[] }
  | { ok: false; issues: ModelIssue[]; notices: string[] };

/** Turn `g` into a network; constants in side files are read with `read`. */
export function graphToNetwork(g: GraphProto, read: SideFileReader, name?: string): GraphResult {
  const issues: ModelIssue[] = [];
  const notices: string[] = [];
  const add = (path: string, what: string) => issues.push({ path, message: `${path}: ${what}` });
  const consts = new Map<string, ConstTensor>();
  for (const t of g.initializer) {
    const r = decodeTensor(t, `initializer "${t.name}"`, read);
    if (r.ok) consts.set(t.name, r.tensor);
    else issues.push({ path: `initializer "${t.name}"`, message: r.message });
  }
  const inputs = g.input.filter((v) => !consts.has(v.name) && !g.initializer.some((t) => t.name === v.name));
  if (inputs.length !== 1) {
    add('graph', `has ${inputs.length} data inputs, expected exactly one`);
    return { ok: false, issues, notices };
  }
  const input = inputs[0]!;
  const tt = input.type?.value.case === 'tensorType' ? input.type.value.value : undefined;
  const dimsIn = tt?.shape?.dim ?? [];
  const last = dimsIn[dimsIn.length - 1]?.value;
  if (last?.case !== 'dimValue') {
    add(`input "${input.name}"`, 'has no fixed feature size (its last dimension must be a number)');
    return { ok: false, issues, notices };
  }
  const nIn = elementCount([last.value], `input "${input.name}"`);
  if (typeof nIn === 'string' || nIn < 1) {
    add(`input "${input.name}"`, typeof nIn === 'string' ? nIn : 'has 0 features');
    return { ok: false, issues, notices };
  }
  let width = nIn;
  let current = input.name;
  let pending: Affine | null = null;
  const layers: Layer[] = [];
  let broken = false;
  const close = (activation: ActivationName, alpha: Float64Array | null) => {
    const a: Affine = pending ?? identity(width);
    const al = new Float64Array(a.outDim);
    if (alpha) for (let j = 0; j < a.outDim; j++) al[j] = alpha.length === 1 ? alpha[0]! : alpha[j]!;
    layers.push({ inDim: a.inDim, outDim: a.outDim, weights: a.w, bias: a.b, activation, alpha: al });
    pending = null;
  };
  const used = new Set<string>();
  for (let k = 0; k < g.node.length; k++) {
    const n = g.node[k]!;
    const where = `node ${k} (${n.opType} "${n.name}")`;
    const op = n.opType;
    if (n.domain !== '' && n.domain !== 'ai.onnx') {
      add(where, `ops of the domain "${n.domain}" are not supported`);
      broken = true;
      continue;
    }
    if (op === 'Constant') {
      const v = attr(n, 'value');
      const t = v?.t;
      const vf = attr(n, 'value_float') ?? attr(n, 'value_floats');
      const vi = attr(n, 'value_int') ?? attr(n, 'value_ints');
      if (t) {
        const r = decodeTensor(t, where, read);
        if (r.ok) consts.set(n.output[0] ?? '', r.tensor);
        else issues.push({ path: where, message: r.message });
      } else if (vf) {
        const d = vf.floats.length ? vf.floats : [vf.f];
        consts.set(n.output[0] ?? '', {
          dims: vf.floats.length ? [d.length] : [],
          data: Float64Array.from(d),
        });
      } else if (vi) {
        const d = vi.ints.length ? vi.ints.map(Number) : [Number(vi.i)];
        consts.set(n.output[0] ?? '', { dims: vi.ints.length ? [d.length] : [], data: Float64Array.from(d) });
      } else add(where, 'has no tensor, float or int value');
      continue;
    }
    const data = n.input.filter((i) => i !== '' && !consts.has(i));
    // A node on constants only is folded (Transpose, Identity, shape ops); others are refused.
    if (data.length === 0) {
      const c = n.input[0] ? consts.get(n.input[0]) : undefined;
      if (c && op === 'Transpose' && c.dims.length === 2) consts.set(n.output[0] ?? '', transpose2(c));
      else if (c && /^(Identity|Reshape|Squeeze|Unsqueeze|Flatten)$/.test(op) && c.dims.length <= 1)
        consts.set(n.output[0] ?? '', c);
      else if (c && op === 'Transpose' && c.dims.length <= 1) consts.set(n.output[0] ?? '', c);
      else add(where, `${op} of constants is not supported here`);
      continue;
    }
    const isLast = k === g.node.length - 1 && g.output.length === 1 && g.output[0]!.name === n.output[0];
    if (broken) {
      // The chain is already refused: go on naming the nodes that would be refused on their own.
      const known = SUPPORTED.test(op) || ((op === 'Softmax' || op === 'LogSoftmax') && isLast);
      if (!known) add(where, refusal(op));
      continue;
    }
    if (data.length !== 1 || data[0] !== current || used.has(current) || n.output.length < 1) {
      add(where, 'the graph is not a chain (this node does not continue the single path from the input)');
      broken = true;
      continue;
    }
    used.add(current);
    const c = (i: number) => (n.input[i] ? consts.get(n.input[i]!) : undefined);
    const dataAt = n.input.indexOf(current);
    const vec = (t: ConstTensor | undefined, len: number, what: string): Float64Array | null => {
      if (!t) return null;
      const ok = t.data.length === len || t.data.length === 1;
      const nonOne = t.dims.filter((d) => d !== 1);
      if (!ok || nonOne.length > 1) {
        add(where, `${what} has shape [${t.dims.join(', ')}], expected [${len}] or a scalar`);
        broken = true;
        return null;
      }
      return t.data;
    };
    const next = () => {
      current = n.output[0]!;
    };
    switch (op) {
      case 'Gemm':
      case 'MatMul': {
        const m0 = c(1 - dataAt);
        if (dataAt !== 0 || !m0 || m0.dims.length !== 2) {
          add(where, 'only data times a constant 2-D matrix is supported');
          broken = true;
          break;
        }
        if (op === 'Gemm' && attrNumber(n, 'transA', 0) !== 0) {
          add(where, 'transA = 1 on the data is not supported');
          broken = true;
          break;
        }
        const m = op === 'Gemm' && attrNumber(n, 'transB', 0) === 1 ? transpose2(m0) : m0;
        if (m.dims[0] !== width) {
          add(where, `the weight matrix has ${m.dims[0]} rows, the incoming vector has ${width} features`);
          broken = true;
          break;
        }
        const a: Affine = matmul(pending ?? identity(width), m);
        if (op === 'Gemm') {
          const alpha = attrNumber(n, 'alpha', 1);
          const beta = attrNumber(n, 'beta', 1);
          const bias = vec(c(2), a.outDim, 'the bias');
          scaleShift(a, Float64Array.of(alpha), bias ? bias.map((v) => v * beta) : null);
        }
        pending = a;
        width = a.outDim;
        next();
        break;
      }
      case 'Add':
      case 'Sub':
      case 'Mul':
      case 'Div': {
        const v = vec(c(1 - dataAt), width, 'the constant');
        if (!v) {
          if (!broken) add(where, `${op} needs a constant operand`);
          broken = true;
          break;
        }
        const a: Affine = pending ?? identity(width);
        if (op === 'Add') scaleShift(a, null, v);
        else if (op === 'Sub') {
          if (dataAt === 0)
            scaleShift(
              a,
              null,
              v.map((x) => -x),
            );
          else scaleShift(a, Float64Array.of(-1), v);
        } else if (op === 'Mul') scaleShift(a, v, null);
        else if (dataAt === 0 && v.every((x) => x !== 0))
          scaleShift(
            a,
            v.map((x) => 1 / x),
            null,
          );
        else {
          add(where, 'only division of the data by a non-zero constant is supported');
          broken = true;
          break;
        }
        pending = a;
        next();
        break;
      }
      case 'BatchNormalization': {
        const [s, bb, mean, vr] = [1, 2, 3, 4].map((i) => vec(c(i), width, `input ${i}`));
        if (!s || !bb || !mean || !vr || n.output.filter((o) => o !== '').length > 1) {
          if (!broken)
            add(
              where,
              'only the inference form (constant scale, bias, mean, variance; one output) is supported',
            );
          broken = true;
          break;
        }
        const eps = attrNumber(n, 'epsilon', 1e-5);
        const at = (t: Float64Array, j: number) => (t.length === 1 ? t[0]! : t[j]!);
        const sc = new Float64Array(width);
        const sh = new Float64Array(width);
        for (let j = 0; j < width; j++) {
          sc[j] = at(s, j) / Math.sqrt(at(vr, j) + eps);
          sh[j] = at(bb, j) - sc[j]! * at(mean, j);
        }
        pending = pending ?? identity(width);
        scaleShift(pending, sc, sh);
        next();
        break;
      }
      case 'Relu':
      case 'Abs':
        close(op === 'Relu' ? 'relu' : 'abs', null);
        next();
        break;
      case 'LeakyRelu':
        close('leaky_relu', Float64Array.of(attrNumber(n, 'alpha', 0.01)));
        next();
        break;
      case 'PRelu': {
        const slope = vec(c(1), width, 'the slope');
        if (!slope) {
          if (!broken) add(where, 'needs a constant slope');
          broken = true;
          break;
        }
        close('prelu', slope);
        next();
        break;
      }
      case 'Clip': {
        const lo = attr(n, 'min') ? attrNumber(n, 'min', 0) : (c(1)?.data[0] ?? Number.NEGATIVE_INFINITY);
        const hi = attr(n, 'max') ? attrNumber(n, 'max', 0) : (c(2)?.data[0] ?? Number.POSITIVE_INFINITY);
        clip(lo, hi, where);
        next();
        break;
      }
      case 'Identity':
      case 'Dropout':
      case 'Flatten':
      case 'Squeeze':
      case 'Unsqueeze':
        next();
        break;
      case 'Reshape': {
        const shape = c(1)?.data;
        const lastDim = shape ? shape[shape.length - 1] : undefined;
        if (!shape || (lastDim !== -1 && lastDim !== width) || shape.slice(0, -1).some((d) => d > 1)) {
          add(where, 'only reshapes that keep the feature vector are supported');
          broken = true;
          break;
        }
        next();
        break;
      }
      case 'Softmax':
      case 'LogSoftmax':
        if (isLast) {
          notices.push(`${where}: the final ${op} was dropped (it does not change the regions)`);
          next();
        } else {
          add(where, refusal(op));
          broken = true;
        }
        break;
      default:
        add(where, refusal(op));
        broken = true;
    }
  }
  function clip(lo: number, hi: number, where: string) {
    if (!(lo < hi)) {
      add(where, `Clip with min ${lo} >= max ${hi} is not supported`);
      broken = true;
      return;
    }
    const a: Affine = pending ?? identity(width);
    pending = a;
    if (lo === -1 && hi === 1) return close('hardtanh', null);
    if (lo === Number.NEGATIVE_INFINITY && hi === Number.POSITIVE_INFINITY) return;
    const m = width;
    if (hi === Number.POSITIVE_INFINITY) {
      // relu(z - lo) + lo
      scaleShift(a, null, Float64Array.of(-lo));
      close('relu', null);
      pending = identity(m);
      scaleShift(pending, null, Float64Array.of(lo));
    } else if (lo === Number.NEGATIVE_INFINITY) {
      // hi - relu(hi - z)
      scaleShift(a, Float64Array.of(-1), Float64Array.of(hi));
      close('relu', null);
      pending = identity(m);
      scaleShift(pending, Float64Array.of(-1), Float64Array.of(hi));
    } else {
      // s * hardtanh((z - c) / s) + c with s = (hi - lo) / 2, c = (hi + lo) / 2
      const s = (hi - lo) / 2;
      const mid = (hi + lo) / 2;
      scaleShift(a, null, Float64Array.of(-mid));
      scaleShift(a, Float64Array.of(1 / s), null);
      close('hardtanh', null);
      pending = identity(m);
      scaleShift(pending, Float64Array.of(s), Float64Array.of(mid));
    }
  }
  if (!broken && (g.output.length !== 1 || g.output[0]!.name !== current)) {
    add('graph', `the output is not the end of the chain of nodes (expected one output "${current}")`);
  }
  if (issues.length) return { ok: false, issues, notices };
  const fin = pending as Affine | null;
  if (fin) close('linear', null);
  if (layers.length === 0) close('linear', null);
  const network: Network = { inputDim: nIn, layers, ...(name ? { name } : {}) };
  return { ok: true, network, notices };
}
