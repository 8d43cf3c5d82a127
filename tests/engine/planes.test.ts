/**
 * Plane slices of 5-D and 64-D networks: the engine's exact region count on a slice equals the count of
 * the 2-input network whose first layer was folded onto the plane by hand here (columns picked for axes
 * planes, W·d computed in this file for random and pasted planes), and the plane constructors keep their
 * promises (orthonormal, reproducible, every problem named).
 */
import { describe, expect, it } from 'vitest';
import { initNetwork } from '../../src/engine/init.ts';
import type { Layer, Network } from '../../src/engine/model.ts';
import type { Plane } from '../../src/engine/plane.ts';
import {
  axesPlane,
  chooseRows,
  directionsPlane,
  parseInputRows,
  parseVector,
  randomPlane,
} from '../../src/engine/planes.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';

function count(net: Network, plane: Plane | undefined, w = 2): number {
  const e = enumerateRegions(net, { x0: -w, x1: w, y0: -w, y1: w, ...(plane ? { plane } : {}) });
  if (typeof e === 'string') throw new Error(e);
  expect(e.complete).toBe(true);
  return e.count;
}

/** The 2-input network with first-layer weights `w2` (outDim x 2) and biases `b2`; the other layers as `net`'s. */
function withFirstLayer(net: Network, w2: number[], b2: number[]): Network {
  const L = net.layers[0]!;
  const first: Layer = { ...L, inDim: 2, weights: Float64Array.from(w2), bias: Float64Array.from(b2) };
  return { inputDim: 2, layers: [first, ...net.layers.slice(1)] };
}

/** Fold by hand: x = o + s a + t b gives weights (W a, W b) and bias W o + bias. */
function foldByHand(net: Network, o: readonly number[], a: readonly number[], b: readonly number[]): Network {
  const L = net.layers[0]!;
  const w2: number[] = [];
  const b2: number[] = [];
  for (let j = 0; j < L.outDim; j++) {
    let sa = 0;
    let sb = 0;
    let so = L.bias[j]!;
    for (let i = 0; i < L.inDim; i++) {
      const w = L.weights[j * L.inDim + i]!;
      sa += w * a[i]!;
      sb += w * b[i]!;
      so += w * o[i]!;
    }
    w2.push(sa, sb);
    b2.push(so);
  }
  return withFirstLayer(net, w2, b2);
}

const net5 = initNetwork({ widths: [5, 12, 10, 3], activation: 'relu', seed: 3 });
const net64 = initNetwork({ widths: [64, 10, 8, 2], activation: 'leaky_relu', alpha: 0.1, seed: 9 });

describe('plane slices of 5-D and 64-D networks against the first layer folded by hand', () => {
  it('5-D, axes e3, e1: the 2-D network of columns 3 and 1 of W0', () => {
    const L = net5.layers[0]!;
    const w2: number[] = [];
    for (let j = 0; j < L.outDim; j++) w2.push(L.weights[j * 5 + 3]!, L.weights[j * 5 + 1]!);
    const plane = axesPlane(5, 3, 1);
    if (typeof plane === 'string') throw new Error(plane);
    const n = count(net5, plane);
    expect(n).toBeGreaterThan(10);
    expect(n).toBe(count(withFirstLayer(net5, w2, [...L.bias]), undefined));
  });

  it('5-D, random plane (seed 11) and a pasted point with two directions', () => {
    const r = randomPlane(5, 11);
    if (typeof r === 'string') throw new Error(r);
    expect(count(net5, r)).toBe(count(foldByHand(net5, r[0], r[1], r[2]), undefined));
    const o = [0.3, -0.2, 0.1, 0.5, -0.4];
    const d1 = [1, 0.5, 0, -0.25, 0];
    const d2 = [0, 1, -1, 0.5, 0.125];
    const n = count(net5, directionsPlane(o, d1, d2));
    expect(n).toBe(count(foldByHand(net5, o, d1, d2), undefined));
  });

  it('64-D, axes e40, e7 and random plane (seed 5)', () => {
    const L = net64.layers[0]!;
    const w2: number[] = [];
    for (let j = 0; j < L.outDim; j++) w2.push(L.weights[j * 64 + 40]!, L.weights[j * 64 + 7]!);
    const ax = axesPlane(64, 40, 7);
    if (typeof ax === 'string') throw new Error(ax);
    const n = count(net64, ax, 3);
    expect(n).toBeGreaterThan(10);
    expect(n).toBe(count(withFirstLayer(net64, w2, [...L.bias]), undefined, 3));
    const r = randomPlane(64, 5);
    if (typeof r === 'string') throw new Error(r);
    expect(count(net64, r, 3)).toBe(count(foldByHand(net64, r[0], r[1], r[2]), undefined, 3));
  });
});

describe('plane constructors', () => {
  it('random planes are orthonormal, through 0, and the same for the same seed', () => {
    for (const n of [3, 5, 64, 784]) {
      const p = randomPlane(n, 42);
      if (typeof p === 'string') throw new Error(p);
      const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, x, k) => s + x * b[k]!, 0);
      expect(p[0].every((x) => x === 0)).toBe(true);
      expect(dot(p[1], p[1])).toBeCloseTo(1, 12);
      expect(dot(p[2], p[2])).toBeCloseTo(1, 12);
      expect(Math.abs(dot(p[1], p[2]))).toBeLessThan(1e-12);
      expect(randomPlane(n, 42)).toEqual(p);
      expect(randomPlane(n, 43)).not.toEqual(p);
    }
  });

  it('axes planes refuse bad axes with the axis named', () => {
    expect(axesPlane(5, 5, 1)).toBe('axis i is 5, expected an integer from 0 to 4');
    expect(axesPlane(5, 2, -1)).toBe('axis j is -1, expected an integer from 0 to 4');
    expect(axesPlane(5, 2, 2)).toBe('the two axes must differ (both are 2)');
    expect(randomPlane(5, -1)).toContain('seed is -1');
  });

  it('parseVector reads brackets and separators and names the field and entry of a problem', () => {
    expect(parseVector('[1, 2.5; -3e-2\n4]', 4, 'p0')).toEqual([1, 2.5, -0.03, 4]);
    expect(parseVector('1 2 3', 4, 'p1')).toBe('p1: 3 numbers, expected 4 (one per input)');
    expect(parseVector('1 2 x 4', 4, 'd2')).toBe('d2: entry 2 is "x", not a finite number');
    expect(parseVector('  ', 4, 'p2')).toBe('p2: empty, expected 4 numbers');
  });

  it('CSV rows by index and by label, with every problem reported', () => {
    const csv = 'a,b,c,label\n0,0,0,1\n1,0,0,2\n0,1,0,1\n0,0,1,2\n2,2,2,2\n';
    const rows = parseInputRows(csv, 3);
    if (Array.isArray(rows)) throw new Error(rows.join('\n'));
    expect(rows.labels).toEqual([1, 2, 1, 2, 2]);
    const r = chooseRows(rows, 'label=2, label=1, label=2');
    if (Array.isArray(r)) throw new Error(r.join('\n'));
    expect(r.indices).toEqual([1, 0, 3]);
    expect(r.plane).toEqual([
      [1, 0, 0],
      [0, 0, 0],
      [0, 0, 1],
    ]);
    expect(chooseRows(rows, '0, 9, label=7')).toEqual([
      'row 2 ("9"): expected a row index from 0 to 4 or label=N',
      'row 3 ("label=7"): no further row has label 7',
    ]);
    expect(chooseRows(rows, '0, 4, 4')).toEqual([
      'rows 0, 4, 4: plane is degenerate: p1 - p0 and p2 - p0 must be linearly independent',
    ]);
    const bare = parseInputRows('0,0,0\n1,0,0\n0,1,0\n', 3);
    if (Array.isArray(bare)) throw new Error(bare.join('\n'));
    expect(bare.labels).toBeNull();
    expect(bare.rows[2]).toEqual(Float64Array.from([0, 1, 0]));
    expect(chooseRows(bare, 'label=1, 1, 2')).toEqual(['row 1 ("label=1"): the file has no label column']);
    expect(parseInputRows('0,0\n1,1\n', 5)).toEqual([
      'the file has 2 columns, expected 5 (the inputs) or 6 (the inputs and a label)',
    ]);
  });
});
