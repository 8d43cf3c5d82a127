/**
 * ONNX import against PyTorch: the shipped fixtures (tests/data/onnx, made by scripts/make-onnx-fixtures.py
 * with torch.onnx.export and onnx.helper) load as networks whose outputs match PyTorch's at fixed random
 * points and the JSON twin written from the PyTorch module, with the twin's exact region count. Malformed and
 * unsupported files, built from protobuf messages here, each get their message.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema, NodeProtoSchema } from 'onnx-buf';
import { describe, expect, it } from 'vitest';
import { evaluatePoint } from '../../src/engine/forward.ts';
import { looksLikeOnnx, parseOnnx } from '../../src/engine/io/onnx.ts';
import { type Network, parseModelOrThrow } from '../../src/engine/model.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';

const DIR = join(import.meta.dirname, '..', 'data', 'onnx');
const file = (name: string) => new Uint8Array(readFileSync(join(DIR, name)));
const reference = JSON.parse(readFileSync(join(DIR, 'reference.json'), 'utf8')) as Record<
  string,
  { points: number[][]; outputs: number[][] }
>;

function load(name: string, withSide = true): Network {
  const r = parseOnnx(file(`${name}.onnx`), {
    sideFiles: withSide ? (loc) => file(loc) : new Map(),
  });
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join('\n'));
  return r.network;
}

function issuesOf(bytes: Uint8Array, sideFiles?: ReadonlyMap<string, Uint8Array>): string[] {
  const r = parseOnnx(bytes, sideFiles ? { sideFiles } : {});
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.issues.map((i) => i.message);
}

function close(a: number, b: number, rel: number): boolean {
  return Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));
}

const WITH_TWIN = [
  'relu_o11',
  'leaky_o13',
  'prelu_o17',
  'hardtanh_o13',
  'hardtanh_o9',
  'abs_o13',
  'softmax_o13',
  'batchnorm_o13',
  'matmul3d_o13',
  'external_o13',
  'dynamo_o18',
  'dynamo_external_o18',
];
const WITHOUT_TWIN = ['shapeops_o13', 'gemm_alpha_o18'];

describe('ONNX fixtures from PyTorch', () => {
  for (const name of [...WITH_TWIN, ...WITHOUT_TWIN]) {
    it(`${name}: outputs match PyTorch's at its reference points`, () => {
      const net = load(name);
      const ref = reference[name]!;
      expect(ref.points.length).toBeGreaterThan(3);
      for (let k = 0; k < ref.points.length; k++) {
        const y = evaluatePoint(net, ref.points[k]!).output;
        const want = ref.outputs[k]!;
        // Softmax was dropped: compare its softmax with PyTorch's.
        const got = name === 'softmax_o13' ? softmax(Array.from(y)) : Array.from(y);
        expect(got.length).toBe(want.length);
        for (let j = 0; j < want.length; j++) expect(close(got[j]!, want[j]!, 1e-6)).toBe(true);
      }
    });
  }
  for (const name of WITH_TWIN) {
    it(`${name}: matches its JSON twin at random points and in its exact region count`, () => {
      const net = load(name);
      const twin = parseModelOrThrow(JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')));
      let seed = 7;
      const rnd = () => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return (seed / 2147483648) * 8 - 4;
      };
      for (let k = 0; k < 50; k++) {
        const x = [rnd(), rnd()];
        const a = evaluatePoint(net, x).output;
        const b = evaluatePoint(twin, x).output;
        for (let j = 0; j < b.length; j++) expect(close(a[j]!, b[j]!, 1e-6)).toBe(true);
      }
      const w = { x0: -4, x1: 4, y0: -4, y1: 4 };
      const e1 = enumerateRegions(net, w);
      const e2 = enumerateRegions(twin, w);
      if (typeof e1 === 'string' || typeof e2 === 'string') throw new Error('enumeration failed');
      expect(e2.count).toBeGreaterThan(1);
      expect(e1.count).toBe(e2.count);
    });
  }
  it('folds batch normalisation into the Gemm before it and keeps two layers', () => {
    expect(load('batchnorm_o13').layers.map((L) => L.activation)).toEqual(['relu', 'linear']);
  });
  it('drops a final Softmax with a notice naming the node', () => {
    const r = parseOnnx(file('softmax_o13.onnx'));
    expect(r.notices.join('\n')).toContain('node 3 (Softmax "/3/Softmax"): the final Softmax was dropped');
  });
  it('detects ONNX by content', () => {
    expect(looksLikeOnnx(file('relu_o11.onnx'))).toBe(true);
    expect(looksLikeOnnx(new TextEncoder().encode('{"inputDim": 2}'))).toBe(false);
  });
});

function softmax(z: number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

function edit(name: string, f: (m: ReturnType<typeof decode>) => void): Uint8Array {
  const m = decode(file(name));
  f(m);
  return toBinary(ModelProtoSchema, m);
}
const decode = (b: Uint8Array) => fromBinary(ModelProtoSchema, b);

describe('malformed and unsupported ONNX files', () => {
  it('a truncated protobuf', () => {
    const b = file('relu_o11.onnx');
    expect(issuesOf(b.subarray(0, b.length >> 1)).join()).toContain('is not a valid ONNX protobuf');
  });
  it('a convolution, named by node index, op and name', () => {
    expect(issuesOf(file('conv_o13.onnx'))).toEqual([
      'node 0 (Conv "/0/Conv"): convolutions are not supported',
    ]);
  });
  it('an unknown op and a wrong tensor type, both listed', () => {
    const b = edit('relu_o11.onnx', (m) => {
      m.graph!.node[1]!.opType = 'FooBar';
      m.graph!.initializer[0]!.dataType = 8;
    });
    const msgs = issuesOf(b).join('\n');
    expect(msgs).toContain('has data type STRING, expected FLOAT');
    expect(msgs).toContain('node 1 (FooBar "/1/Relu"): the op FooBar is not supported');
  });
  it('a sigmoid, and a softmax that is not last', () => {
    const s = edit('relu_o11.onnx', (m) => {
      m.graph!.node[1]!.opType = 'Sigmoid';
      m.graph!.node[3]!.opType = 'Softmax';
    });
    const msgs = issuesOf(s).join('\n');
    expect(msgs).toContain('node 1 (Sigmoid "/1/Relu"): smooth activations are not supported');
    expect(msgs).toContain('node 3 (Softmax "/3/Relu"): softmax is only supported as the last node');
  });
  it('a branch that is not a chain', () => {
    const b = edit('relu_o11.onnx', (m) => {
      const g = m.graph!;
      const extra = create(NodeProtoSchema, {
        opType: 'Relu',
        name: 'side',
        input: [g.input[0]!.name],
        output: ['z'],
      });
      g.node.splice(1, 0, extra);
    });
    expect(issuesOf(b).join()).toContain('the graph is not a chain');
  });
  it('a missing external-data file is named', () => {
    expect(issuesOf(file('external_o13.onnx'), new Map()).join()).toContain(
      'stored in the side file "external_o13.onnx.data", which is missing',
    );
    const short = file('external_o13.onnx.data').subarray(0, 10);
    expect(
      issuesOf(file('external_o13.onnx'), new Map([['external_o13.onnx.data', short]])).join(),
    ).toContain('which has 10');
  });
  it('huge declared dimensions are refused before any allocation', () => {
    const b = edit('relu_o11.onnx', (m) => {
      m.graph!.initializer[0]!.dims = [1_000_000n, 1_000_000n];
    });
    expect(issuesOf(b).join()).toContain('declares 1000000000000 or more elements');
    const d = edit('relu_o11.onnx', (m) => {
      m.graph!.initializer[0]!.dims = [10_000_000_000n];
    });
    expect(issuesOf(d).join()).toContain('declares a dimension of 10000000000');
  });
  it('a tensor with too few values', () => {
    const b = edit('relu_o11.onnx', (m) => {
      const t = m.graph!.initializer[0]!;
      t.rawData = t.rawData.slice(0, 4);
    });
    expect(issuesOf(b).join()).toMatch(/has 4 bytes of data, its shape \[\d+, \d+\] needs \d+/);
  });
  it('float16 and double typed fields decode', () => {
    const b = edit('relu_o11.onnx', (m) => {
      for (const t of m.graph!.initializer) {
        const v = new Float32Array(new Uint8Array(t.rawData).buffer);
        t.rawData = new Uint8Array(0);
        t.dataType = 11;
        t.doubleData = Array.from(v);
      }
    });
    const r = parseOnnx(b);
    expect(r.ok).toBe(true);
    const ref = reference.relu_o11!;
    if (r.ok)
      expect(close(evaluatePoint(r.network, ref.points[0]!).output[0]!, ref.outputs[0]![0]!, 1e-6)).toBe(
        true,
      );
    const h = edit('relu_o11.onnx', (m) => {
      const t = m.graph!.initializer[0]!;
      t.dataType = 10;
      t.rawData = new Uint8Array(0);
      // 1.5 = 0x3e00 and -2 = 0xc000 as float16 bits in int32_data.
      t.int32Data = Array.from({ length: Number(t.dims[0]! * t.dims[1]!) }, (_, i) =>
        i % 2 ? 0xc000 : 0x3e00,
      );
    });
    const rh = parseOnnx(h);
    expect(rh.ok).toBe(true);
    if (rh.ok) expect(Array.from(rh.network.layers[0]!.weights.subarray(0, 2))).toEqual([1.5, -2]);
  });
});

describe('Clip bounds, reversed Sub and refused forms, built from the hardtanh export', () => {
  const twin = parseModelOrThrow(JSON.parse(readFileSync(join(DIR, 'hardtanh_o13.json'), 'utf8')));
  const [L1, L2] = [twin.layers[0]!, twin.layers[1]!];
  /** W2 clip(W1 x + b1, lo, hi) + b2 from the twin's weights, computed directly. */
  const truth = (x: number[], lo: number, hi: number, negate = false) => {
    let y = L2.bias[0]!;
    for (let j = 0; j < L1.outDim; j++) {
      let z = L1.bias[j]! + L1.weights[j * 2]! * x[0]! + L1.weights[j * 2 + 1]! * x[1]!;
      if (negate) z = 0.5 - z;
      y += L2.weights[j]! * Math.min(hi, Math.max(lo, z));
    }
    return y;
  };
  const withBounds = (lo: number | null, hi: number | null) =>
    edit('hardtanh_o13.onnx', (m) => {
      const g = m.graph!;
      const clip = g.node[3]!;
      const setScalar = (k: number, v: number) => {
        g.node[k]!.attribute[0]!.t!.rawData = new Uint8Array(Float32Array.of(v).buffer);
      };
      if (lo === null) clip.input[1] = '';
      else setScalar(1, lo);
      if (hi === null) clip.input.splice(2, 1);
      else setScalar(2, hi);
    });
  for (const [lo, hi] of [
    [0, null],
    [null, 0.5],
    [-0.5, 0.25],
    [0.2, Number.POSITIVE_INFINITY],
  ] as const) {
    it(`Clip(${lo}, ${hi}) is exact`, () => {
      const r = parseOnnx(withBounds(lo, hi));
      if (!r.ok) throw new Error(r.issues.map((i) => i.message).join('\n'));
      for (const x of [
        [0.3, -1.2],
        [2.5, 1],
        [-1.7, 0.4],
        [0.01, 0.02],
      ]) {
        const want = truth(
          x,
          Math.fround(lo ?? Number.NEGATIVE_INFINITY),
          Math.fround(hi ?? Number.POSITIVE_INFINITY),
        );
        expect(close(evaluatePoint(r.network, x).output[0]!, want, 1e-12)).toBe(true);
      }
      const acts = r.network.layers.map((L) => L.activation);
      expect(acts[0]).toBe(lo === -0.5 ? 'hardtanh' : 'relu');
    });
  }
  it('Sub of the data from a constant (c - x) before the Clip', () => {
    const b = edit('hardtanh_o13.onnx', (m) => {
      const g = m.graph!;
      const c = create(NodeProtoSchema, {
        opType: 'Sub',
        name: 'rev',
        input: ['half', '/0/Gemm_output_0'],
        output: ['s'],
      });
      g.node.splice(1, 0, c);
      g.node[4]!.input[0] = 's';
      const t = structuredClone(g.initializer[1]!);
      g.initializer.push({
        ...t,
        name: 'half',
        dims: [1n],
        rawData: new Uint8Array(Float32Array.of(0.5).buffer),
      });
    });
    const r = parseOnnx(b);
    if (!r.ok) throw new Error(r.issues.map((i) => i.message).join('\n'));
    const x = [0.4, -0.9];
    expect(close(evaluatePoint(r.network, x).output[0]!, truth(x, -1, 1, true), 1e-12)).toBe(true);
  });
  it('Gemm with transA = 1 on the data is refused by name', () => {
    const b = edit('hardtanh_o13.onnx', (m) => {
      const g = m.graph!;
      g.node[0]!.attribute.push({
        ...structuredClone(g.node[0]!.attribute[0]!),
        name: 'transA',
        i: 1n,
        f: 0,
        type: 2,
      });
    });
    expect(issuesOf(b).join('\n')).toContain(
      'node 0 (Gemm "/0/Gemm"): transA = 1 on the data is not supported',
    );
  });
});

it('a Clip with min >= max is refused by name', () => {
  const b = edit('hardtanh_o13.onnx', (m) => {
    m.graph!.node[2]!.attribute[0]!.t!.rawData = new Uint8Array(Float32Array.of(-5).buffer);
  });
  expect(issuesOf(b)).toEqual(['node 3 (Clip "/1/Clip"): Clip with min -1 >= max -5 is not supported']);
});
