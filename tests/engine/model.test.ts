/**
 * Model validation: every kind of error gives its message and its path, all problems are reported at once,
 * and valid files (with or without the format tag, with extra fields) load and round-trip.
 */
import { describe, expect, it } from 'vitest';
import { parseModel, toModelJson } from '../../src/engine/model.ts';

function issues(input: unknown): string[] {
  const r = parseModel(input);
  if (r.ok) throw new Error('expected a validation failure');
  return r.issues.map((i) => i.message);
}

function paths(input: unknown): string[] {
  const r = parseModel(input);
  if (r.ok) throw new Error('expected a validation failure');
  return r.issues.map((i) => i.path);
}

const good = () => ({
  format: 'relu-origami/1',
  inputDim: 2,
  layers: [
    {
      weights: [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      bias: [0, 1, 2],
      activation: 'relu',
    },
    { weights: [[1, -1, 0.5]], bias: [0.25], activation: 'linear' },
  ],
});

describe('model validation', () => {
  it('accepts a valid model, with or without the format tag, ignoring unknown fields', () => {
    expect(parseModel(good()).ok).toBe(true);
    const { format: _f, ...untagged } = good();
    expect(parseModel(untagged).ok).toBe(true);
    expect(parseModel({ ...good(), metadata: { trainedOn: 'moons' } }).ok).toBe(true);
    expect(parseModel(JSON.stringify(good())).ok).toBe(true);
  });

  it('round-trips through toModelJson', () => {
    const model = { ...good(), name: 'tiny' };
    model.layers[0]!.activation = 'prelu';
    (model.layers[0] as { alpha?: number[] }).alpha = [0.1, 0.2, 0.3];
    const r = parseModel(model);
    if (!r.ok) throw new Error(r.issues[0]!.message);
    const back = parseModel(JSON.parse(JSON.stringify(toModelJson(r.network))));
    if (!back.ok) throw new Error(back.issues[0]!.message);
    expect(back.network).toEqual(r.network);
    expect(toModelJson(back.network)).toEqual(toModelJson(r.network));
  });

  it('malformed JSON text', () => {
    expect(issues('{"inputDim": 2,')[0]).toMatch(/^\(file\) is not valid JSON/);
  });

  it('a root that is not an object', () => {
    expect(issues([])).toEqual(['(root) is an array of 0, expected an object']);
    expect(issues(null)).toEqual(['(root) is null, expected an object']);
  });

  it('wrong format tag, name and inputDim', () => {
    expect(issues({ ...good(), format: 'onnx' })).toEqual([
      'format is the string "onnx", expected "relu-origami/1"',
    ]);
    expect(issues({ ...good(), name: 7 })).toEqual(['name is 7, expected a string']);
    expect(issues({ ...good(), inputDim: 1.5 })[0]).toBe(
      'inputDim is 1.5, expected an integer from 1 to 1000000',
    );
    expect(issues({ ...good(), inputDim: 0 })[0]).toMatch(/^inputDim is 0, expected an integer/);
  });

  it('missing or empty layers', () => {
    expect(issues({ inputDim: 2 })).toEqual(['layers is undefined, expected a non-empty array of layers']);
    expect(issues({ inputDim: 2, layers: [] })).toEqual([
      'layers is an array of 0, expected a non-empty array of layers',
    ]);
  });

  it('a layer that is not an object, or has no weights', () => {
    const m = good();
    (m.layers as unknown[])[1] = 'dense';
    expect(issues(m)).toEqual([
      'layers[1] is the string "dense", expected an object with weights, bias and activation',
    ]);
    const n = good();
    (n.layers[0] as { weights: unknown }).weights = [];
    expect(paths(n)).toEqual(['layers[0].weights']);
  });

  it('a weight row of the wrong length: the message names the row and both sizes', () => {
    const m = good();
    m.layers[0]!.weights[2] = [5];
    expect(issues(m)).toEqual(['layers[0].weights[2] has 1 entries, expected 2']);
  });

  it('a size mismatch between layers is reported on the next layer', () => {
    const m = good();
    m.layers[1]!.weights = [[1, 2]];
    expect(issues(m)).toEqual(['layers[1].weights[0] has 2 entries, expected 3']);
  });

  it('non-finite numbers: null, strings, Infinity (1e999 in JSON), NaN', () => {
    const m = good();
    (m.layers[0]!.weights[1] as unknown[])[0] = null;
    (m.layers[0]!.weights[0] as unknown[])[1] = '2';
    expect(issues(m)).toEqual([
      'layers[0].weights[0][1] is the string "2", expected a finite number',
      'layers[0].weights[1][0] is null, expected a finite number',
    ]);
    const text = JSON.stringify(good()).replace('"bias":[0.25]', '"bias":[1e999]');
    expect(issues(text)).toEqual(['layers[1].bias[0] is Infinity, expected a finite number']);
    const n = good();
    n.layers[0]!.bias[1] = Number.NaN;
    expect(issues(n)).toEqual(['layers[0].bias[1] is NaN, expected a finite number']);
  });

  it('a bias of the wrong length or type', () => {
    const m = good();
    m.layers[0]!.bias = [0, 1];
    expect(issues(m)).toEqual(['layers[0].bias has 2 entries, expected 3 (one per row of weights)']);
    const n = good();
    (n.layers[1] as { bias: unknown }).bias = 0.25;
    expect(issues(n)).toEqual(['layers[1].bias is 0.25, expected an array of 1 numbers']);
  });

  it('an unknown activation', () => {
    const m = good();
    m.layers[0]!.activation = 'gelu';
    expect(issues(m)).toEqual([
      'layers[0].activation is the string "gelu", expected one of relu, leaky_relu, prelu, abs, hardtanh, linear',
    ]);
  });

  it('bad alpha values', () => {
    const m = good();
    m.layers[0]!.activation = 'leaky_relu';
    (m.layers[0] as { alpha?: unknown }).alpha = [0.1, 0.2, 0.3];
    expect(issues(m)).toEqual(['layers[0].alpha is an array of 3, expected a number']);
    const n = good();
    n.layers[0]!.activation = 'prelu';
    (n.layers[0] as { alpha?: unknown }).alpha = [0.1, 0.2];
    expect(issues(n)).toEqual(['layers[0].alpha has 2 entries, expected 1 or 3 (one per neuron)']);
    const o = good();
    o.layers[0]!.activation = 'prelu';
    (o.layers[0] as { alpha?: unknown }).alpha = [0.1, 'x', 0.3];
    expect(paths(o)).toEqual(['layers[0].alpha[1]']);
  });

  it('reports every problem at once, each with its path', () => {
    const m = good();
    m.layers[0]!.weights[0] = [1];
    m.layers[0]!.activation = 'sigmoid';
    m.layers[1]!.bias = [];
    expect(paths({ ...m, name: ['x'] })).toEqual([
      'name',
      'layers[0].weights[0]',
      'layers[0].activation',
      'layers[1].bias',
    ]);
  });

  it('keeps defaults: leaky_relu alpha 0.01, prelu alpha 0.25', () => {
    const m = good();
    m.layers[0]!.activation = 'leaky_relu';
    const r = parseModel(m);
    if (!r.ok) throw new Error('invalid');
    expect(Array.from(r.network.layers[0]!.alpha)).toEqual([0.01, 0.01, 0.01]);
    m.layers[0]!.activation = 'prelu';
    const p = parseModel(m);
    if (!p.ok) throw new Error('invalid');
    expect(Array.from(p.network.layers[0]!.alpha)).toEqual([0.25, 0.25, 0.25]);
  });
});
