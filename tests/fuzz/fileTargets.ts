/**
 * Fuzz targets for the file formats a user drops on the explorer or hands the command line: ONNX models
 * (binary: mutants of the exported fixtures of tests/data/onnx, with their external-data side files, and
 * random bytes) and CSV training data. A binary input travels through the fuzzer as text, one byte per
 * UTF-16 code unit (its low byte), so the text mutators flip, cut, repeat and splice bytes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelFromBytes } from '../../src/engine/io/onnx.ts';
import { parseModel } from '../../src/engine/model.ts';
import { Rng } from '../../src/engine/rng.ts';
import { type CsvOptions, parsePointsCsv } from '../../src/engine/train/csv.ts';
import { type FuzzTarget, plainMessage } from './lib.ts';

const ONNX_DIR = join(import.meta.dirname, '..', 'data', 'onnx');

/** Bytes as text, one code unit per byte (the inverse of {@link textBytes}). */
export function bytesText(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 4096) s += String.fromCharCode(...b.subarray(i, i + 4096));
  return s;
}

/** The low byte of every UTF-16 code unit of `s`. */
export function textBytes(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0xff;
  return b;
}

/** A protobuf length-delimited field: tag byte, varint length, payload. */
function field(tag: number, payload: Uint8Array): Uint8Array {
  const len: number[] = [];
  let n = payload.length;
  do {
    len.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
    n >>>= 7;
  } while (n > 0);
  const out = new Uint8Array(1 + len.length + payload.length);
  out[0] = tag;
  out.set(len, 1);
  out.set(payload, 1 + len.length);
  return out;
}

/**
 * A ModelProto whose graph nests `depth` subgraphs (graph.node[0].attribute[0].g, again and again): a
 * protobuf decoder that recurses per level must not overflow the stack uncaught.
 */
function nestedGraphs(depth: number): Uint8Array {
  let graph: Uint8Array = new Uint8Array(0);
  for (let k = 0; k < depth; k++) graph = field(0x0a, field(0x2a, field(0x32, graph)));
  return field(0x3a, graph);
}

/** Random bytes from a seeded generator. */
function randomBytes(seed: number, n: number): Uint8Array {
  const rng = new Rng(seed);
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = rng.int(256);
  return b;
}

const fixtures = readdirSync(ONNX_DIR).filter((f) => f.endsWith('.onnx'));
/** The side files of the fixtures (`*.onnx.data`), by file name, offered to every input. */
const SIDE = new Map<string, Uint8Array>(
  readdirSync(ONNX_DIR)
    .filter((f) => f.endsWith('.onnx.data'))
    .map((f) => [f, new Uint8Array(readFileSync(join(ONNX_DIR, f)))]),
);
const SIDE_SNAPSHOT = [...SIDE].map(([k, v]) => `${k}:${v.join(',')}`).join('|');

/** ONNX issues start with what they concern: the file, the graph, a node, an input, a tensor, or a layer. */
function onnxMessage(m: string): string | null {
  const plain = plainMessage(m);
  if (plain) return plain;
  return /^(\(file\)|\(model\)|\(root\)|graph|model|opset|node \d+ \(|input "|output "|initializer "|layers(\[\d+\])?|inputDim|name)/.test(
    m,
  )
    ? null
    : 'does not start with the file, graph, node or tensor it concerns';
}

let onnxInput: { bytes: Uint8Array; before: string } | null = null;

/** ONNX models through the reader the app and the command line use (modelFromBytes, then parseModel). */
export const onnxTarget: FuzzTarget = {
  name: 'onnx',
  seeds: fixtures.map((f) => bytesText(new Uint8Array(readFileSync(join(ONNX_DIR, f))))),
  // Protobuf tags of ModelProto, GraphProto, NodeProto and TensorProto fields, and the ops' names.
  tokens: [
    '\x08',
    '\x3a',
    '\x0a',
    '\x12',
    '\x1a',
    '\x22',
    '\x2a',
    '\x32',
    '\x42',
    '\x4a',
    '\x52',
    '\x62',
    '\x72',
    '\x80\x80\x80\x80\x10',
    '\xff\xff\xff\xff\x0f',
    'Gemm',
    'MatMul',
    'Relu',
    'LeakyRelu',
    'PRelu',
    'Clip',
    'Abs',
    'Add',
    'Transpose',
    'Constant',
    'location',
    'external_o13.onnx.data',
    '\x00\x00\xc0\x7f',
    '\x00\x00\x80\x7f',
  ],
  hostile: [
    bytesText(nestedGraphs(20_000)),
    bytesText(randomBytes(1, 65_536)),
    bytesText(new Uint8Array([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])),
    bytesText(new Uint8Array([0x3a, 0xff, 0xff, 0xff, 0xff, 0x0f])),
    '',
  ],
  run(input) {
    const bytes = textBytes(input);
    onnxInput = { bytes, before: bytes.join(',') };
    // `.onnx` as the name: content that is not JSON is read as ONNX, as when a user drops such a file.
    const r = modelFromBytes(bytes, SIDE, 'fuzz.onnx');
    if (!r.ok) return { ok: false, messages: r.messages };
    const v = parseModel(r.model);
    return v.ok ? { ok: true } : { ok: false, messages: v.issues.map((i) => i.message) };
  },
  checkMessage: onnxMessage,
  checkState() {
    if (onnxInput && onnxInput.bytes.join(',') !== onnxInput.before) return 'the reader changed its input';
    const side = [...SIDE].map(([k, v]) => `${k}:${v.join(',')}`).join('|');
    return side === SIDE_SNAPSHOT ? null : 'the reader changed a side file';
  },
};

const CSV_OPTIONS: CsvOptions = { maxRows: 5000, maxIssues: 20 };
const CSV_OPTIONS_TEXT = JSON.stringify(CSV_OPTIONS);

/** CSV messages name their line (`line 3: ...`) or concern the whole file (`the file ...`). */
function csvMessage(m: string): string | null {
  const plain = plainMessage(m);
  if (plain) return plain;
  return /^(line [1-9]\d*: |the file )/.test(m) ? null : 'names no line';
}

/** CSV training points (parsePointsCsv, as `relu-origami train --csv` and the training panel read them). */
export const csvTarget: FuzzTarget = {
  name: 'csv',
  seeds: [
    'x,y,label\n0,0,0\n1,0,1\n0,1,1\n1,1,0\n',
    '# points\n-1.5;2e-3;0.25\n3;4;-1\n\n.5;-.5;7\n',
    'a\tb\tc\ttarget\n1\t2\t3\t4.5\r\n5\t6\t7\t8\r\n',
    '\ufeff"x","y","class"\n0.1,0.2,3\n0.3,0.4,65535\n',
    '1,2\n3,4\n5,6\n',
  ],
  tokens: [
    ',',
    ';',
    '\t',
    '\n',
    '\r\n',
    '\r',
    '#',
    '"',
    'label',
    'class',
    'target',
    'value',
    '1e5',
    '.5',
    '-',
  ],
  hostile: [
    '0,0\n'.repeat(6000),
    `${'1,'.repeat(200_000)}1\n`,
    ',\n'.repeat(50_000),
    `x,y,label\n${'0,0,1.5\n'.repeat(1000)}`,
    'x,y,label\n1e400,0,0\n',
  ],
  run(input) {
    const r = parsePointsCsv(input, CSV_OPTIONS);
    if (!r.ok) return { ok: false, messages: r.issues.map((i) => i.message) };
    const { points } = r;
    // The points are what the rows say: finite, one label or target per row.
    if (points.x.length !== points.count * points.inputDim || points.y.length !== points.count)
      return { ok: false, messages: ['the file gave inconsistent point arrays'] };
    for (const v of points.x)
      if (!Number.isFinite(v)) return { ok: false, messages: ['the file: non-finite x'] };
    return { ok: true };
  },
  checkMessage: csvMessage,
  checkState: () => (JSON.stringify(CSV_OPTIONS) === CSV_OPTIONS_TEXT ? null : 'the options changed'),
};
