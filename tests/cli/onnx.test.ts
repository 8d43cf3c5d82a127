/**
 * ONNX models through the command line: regions, eval and convert read .onnx files (by content, with their
 * external data beside them) like their relu-origami/1 twins; bad files exit with status 2 and their message.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema } from 'onnx-buf';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryIo, nodeIo } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/run.ts';
import { parseModelOrThrow } from '../../src/engine/model.ts';

const DIR = join(import.meta.dirname, '..', 'data', 'onnx');
const bytes = (name: string) => new Uint8Array(readFileSync(join(DIR, name)));
const text = (name: string) => readFileSync(join(DIR, name), 'utf8');
const tmp = mkdtempSync(join(tmpdir(), 'relu-origami-onnx-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[], files: Record<string, string | Uint8Array>) {
  const io = memoryIo(files);
  const code = runCli(args, io);
  return { code, out: io.out, err: io.err, written: io.written };
}

const WINDOW = ['--window', '-4,4,-4,4', '--json'];

describe('relu-origami with ONNX models', () => {
  for (const name of ['relu_o11', 'prelu_o17', 'batchnorm_o13', 'dynamo_o18']) {
    it(`regions ${name}.onnx counts the regions of its twin`, () => {
      const a = run(['regions', 'm.onnx', ...WINDOW], { 'm.onnx': bytes(`${name}.onnx`) });
      const b = run(['regions', 't.json', ...WINDOW], { 't.json': text(`${name}.json`) });
      expect(a.code).toBe(0);
      expect(b.code).toBe(0);
      const ra = JSON.parse(a.out) as { regions: number };
      expect(ra.regions).toBeGreaterThan(1);
      expect(ra.regions).toBe((JSON.parse(b.out) as { regions: number }).regions);
    });
  }
  it('detects ONNX by content whatever the file is called', () => {
    const a = run(['eval', 'model.bin', '--point', '0.5,-1', '--json'], {
      'model.bin': bytes('leaky_o13.onnx'),
    });
    const b = run(['eval', 't.json', '--point', '0.5,-1', '--json'], { 't.json': text('leaky_o13.json') });
    expect(a.code).toBe(0);
    const oa = (JSON.parse(a.out) as { output: number[] }).output;
    const ob = (JSON.parse(b.out) as { output: number[] }).output;
    for (let j = 0; j < ob.length; j++)
      expect(Math.abs(oa[j]! - ob[j]!)).toBeLessThan(1e-6 * Math.max(1, Math.abs(ob[j]!)));
  });
  it('convert writes relu-origami/1 JSON equal to the twin to 1e-6', () => {
    const r = run(['convert', 'm.onnx', '--out', 'm.json'], { 'm.onnx': bytes('hardtanh_o13.onnx') });
    expect(r.code).toBe(0);
    const net = parseModelOrThrow(JSON.parse(r.written.get('m.json')!));
    const twin = parseModelOrThrow(JSON.parse(text('hardtanh_o13.json')));
    expect(net.layers.map((L) => L.activation)).toEqual(['hardtanh', 'linear']);
    const w = net.layers[0]!.weights;
    const tw = twin.layers[0]!.weights;
    for (let i = 0; i < tw.length; i++) expect(Math.abs(w[i]! - tw[i]!)).toBeLessThan(1e-6);
  });
  it('reads external data beside the model on disk, and names the side file when it is missing', () => {
    for (const f of ['external_o13.onnx', 'external_o13.onnx.data']) writeFileSync(join(tmp, f), bytes(f));
    const io = {
      ...nodeIo,
      out: '',
      err: '',
      stdout(t: string) {
        io.out += t;
      },
      stderr(t: string) {
        io.err += t;
      },
    };
    expect(runCli(['regions', join(tmp, 'external_o13.onnx'), ...WINDOW], io)).toBe(0);
    const twin = run(['regions', 't.json', ...WINDOW], { 't.json': text('external_o13.json') });
    expect((JSON.parse(io.out) as { regions: number }).regions).toBe(
      (JSON.parse(twin.out) as { regions: number }).regions,
    );
    const miss = run(['regions', 'm.onnx', ...WINDOW], { 'm.onnx': bytes('external_o13.onnx') });
    expect(miss.code).toBe(2);
    expect(miss.err).toContain('stored in the side file "external_o13.onnx.data", which is missing');
  });
  it('a dropped final Softmax is noted on stderr', () => {
    const r = run(['convert', 'm.onnx', '--out', '-'], { 'm.onnx': bytes('softmax_o13.onnx') });
    expect(r.code).toBe(0);
    expect(r.err).toContain('the final Softmax was dropped');
    expect(parseModelOrThrow(JSON.parse(r.out)).layers.length).toBe(2);
  });
  const full = bytes('relu_o11.onnx');
  const edited = (f: (m: ReturnType<typeof fromBinary<typeof ModelProtoSchema>>) => void) => {
    const m = fromBinary(ModelProtoSchema, full);
    f(m);
    return toBinary(ModelProtoSchema, m);
  };
  const unknownOp = edited((m) => {
    m.graph!.node[1]!.opType = 'FooBar';
  });
  const wrongType = edited((m) => {
    m.graph!.initializer[0]!.dataType = 9;
  });
  const huge = edited((m) => {
    m.graph!.initializer[0]!.dims = [4_000_000n, 2n];
  });
  for (const [label, file, message] of [
    ['a truncated file', full.subarray(0, 300), 'is not a valid ONNX protobuf'],
    ['a convolution', bytes('conv_o13.onnx'), 'node 0 (Conv "/0/Conv"): convolutions are not supported'],
    ['an unknown op', unknownOp, 'node 1 (FooBar "/1/Relu"): the op FooBar is not supported'],
    ['a wrong tensor type', wrongType, 'has data type BOOL, expected FLOAT'],
    ['a huge declared dimension', huge, 'declares a dimension of 4000000, more than the 1000000 supported'],
    [
      'a missing side file',
      bytes('external_o13.onnx'),
      'side file "external_o13.onnx.data", which is missing',
    ],
  ] as const) {
    it(`${label} exits 2 with its message`, () => {
      for (const cmd of [
        ['regions', 'bad.onnx', ...WINDOW],
        ['eval', 'bad.onnx', '--point', '0,0'],
        ['convert', 'bad.onnx', '--out', 'x.json'],
      ]) {
        const r = run(cmd, { 'bad.onnx': file });
        expect(r.code).toBe(2);
        expect(r.err).toContain(message);
        expect(r.written.size).toBe(0);
      }
    });
  }
  it('convert without --out is a usage error', () => {
    const r = run(['convert', 'm.onnx'], { 'm.onnx': full });
    expect(r.code).toBe(2);
    expect(r.err).toContain('convert needs --out');
  });
});
