/**
 * NaN and infinite weights of an ONNX file are refused with the tensor and the index that hold them, as
 * the JSON reader names `layers[l].weights[i][j]` (tests/fuzz/parsers.test.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema } from 'onnx-buf';
import { describe, expect, it } from 'vitest';
import { parseOnnx } from '../../src/engine/io/onnx.ts';
import { bytesText, textBytes } from './fileTargets.ts';

const fixture = () =>
  new Uint8Array(readFileSync(join(import.meta.dirname, '..', 'data', 'onnx', 'relu_o11.onnx')));

/** relu_o11.onnx with float32 value `at` of its first initializer replaced by `v`. */
function withValue(v: number, at: number): { bytes: Uint8Array; name: string } {
  const m = fromBinary(ModelProtoSchema, fixture());
  const t = m.graph!.initializer[0]!;
  const values = new Float32Array(new Uint8Array(t.rawData).buffer);
  values[at] = v;
  t.rawData = new Uint8Array(values.buffer);
  return { bytes: toBinary(ModelProtoSchema, m), name: t.name };
}

describe('non-finite ONNX weights', () => {
  for (const v of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
    it(`names the tensor and index of ${v}`, () => {
      expect(parseOnnx(fixture()).ok).toBe(true);
      const { bytes, name } = withValue(v, 3);
      const r = parseOnnx(bytes);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      // The first problem names the tensor and the index (the graph then lacks that constant).
      expect(r.issues[0]!.message).toBe(`initializer "${name}" has a non-finite value at index 3`);
    });
  }

  it('carries bytes through text and back unchanged (the fuzzer encoding)', () => {
    const b = fixture();
    expect([...textBytes(bytesText(b))]).toEqual([...b]);
  });
});
