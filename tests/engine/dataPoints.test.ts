/**
 * Data points on the map: the projection onto a plane slice is checked against points built from known
 * plane coordinates plus a known offset orthogonal to the plane (so the truth is the construction), the
 * 2-D case is exact, and the edits and the CSV sniffing are checked on small cases.
 */
import { describe, expect, it } from 'vitest';
import {
  looksLikePointsCsv,
  nearestPoint,
  planeOpacity,
  pointSetOf,
  projectPoints,
  viewInputWidth,
  withoutPoint,
  withPoint,
} from '../../src/engine/dataPoints.ts';
import { type Plane, type PlaneMap, planeMap } from '../../src/engine/plane.ts';
import { Rng } from '../../src/engine/rng.ts';
import type { PointSet } from '../../src/engine/train/data.ts';

const mapOf = (dim: number, plane?: Plane): PlaneMap => {
  const m = planeMap(dim, plane);
  if (typeof m === 'string') throw new Error(m);
  return m;
};

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

describe('projectPoints', () => {
  it('gives the inputs themselves and distance 0 for a 2-input network without a plane', () => {
    const pts = pointSetOf(
      [
        [1.5, -2],
        [0.1, 0.3],
      ],
      [0, 1],
    ) as PointSet;
    const r = projectPoints(pts, mapOf(2));
    if (typeof r === 'string') throw new Error(r);
    expect([...r.s]).toEqual([1.5, 0.1]);
    expect([...r.t]).toEqual([-2, 0.3]);
    expect([...r.distance]).toEqual([0, 0]);
  });

  it('recovers known plane coordinates and orthogonal distances in 5 and 64 dimensions', () => {
    for (const dim of [5, 64]) {
      const rng = new Rng(dim);
      const rand = () => Array.from({ length: dim }, () => rng.uniform(-2, 2));
      const plane: Plane = [rand(), rand(), rand()];
      const map = mapOf(dim, plane);
      const n = 50;
      const x = new Float64Array(n * dim);
      const want: { s: number; t: number; d: number }[] = [];
      for (let p = 0; p < n; p++) {
        const s = rng.uniform(-3, 3);
        const t = rng.uniform(-3, 3);
        // An offset orthogonal to ds and dt: Gram-Schmidt of a random vector against both.
        const v = Float64Array.from(rand());
        const e1 = Float64Array.from(map.ds);
        const n1 = Math.sqrt(dot(e1, e1));
        for (let i = 0; i < dim; i++) e1[i]! /= n1;
        const e2 = Float64Array.from(map.dt);
        const c = dot(e2, e1);
        for (let i = 0; i < dim; i++) e2[i] = e2[i]! - c * e1[i]!;
        const n2 = Math.sqrt(dot(e2, e2));
        for (let i = 0; i < dim; i++) e2[i]! /= n2;
        const a = dot(v, e1);
        const b = dot(v, e2);
        for (let i = 0; i < dim; i++) v[i] = v[i]! - a * e1[i]! - b * e2[i]!;
        const scale = p % 5 === 0 ? 0 : rng.uniform(0, 1.5);
        for (let i = 0; i < dim; i++) v[i]! *= scale;
        for (let i = 0; i < dim; i++)
          x[p * dim + i] = map.origin[i]! + s * map.ds[i]! + t * map.dt[i]! + v[i]!;
        want.push({ s, t, d: Math.sqrt(dot(v, v)) });
      }
      const r = projectPoints({ inputDim: dim, count: n, x, y: new Float64Array(n) }, map);
      if (typeof r === 'string') throw new Error(r);
      for (let p = 0; p < n; p++) {
        expect(r.s[p]).toBeCloseTo(want[p]!.s, 9);
        expect(r.t[p]).toBeCloseTo(want[p]!.t, 9);
        expect(r.distance[p]).toBeCloseTo(want[p]!.d, 7);
      }
    }
  });

  it('solves s only for a 1-input network, and refuses a dimension mismatch', () => {
    const r = projectPoints(pointSetOf([[2], [-0.5]], [0, 1]) as PointSet, mapOf(1));
    if (typeof r === 'string') throw new Error(r);
    expect([...r.s, ...r.t, ...r.distance]).toEqual([2, -0.5, 0, 0, 0, 0]);
    expect(projectPoints(pointSetOf([[1, 2, 3]], [0]) as PointSet, mapOf(2))).toBe(
      'the data has 3 input columns, the network has 2 inputs',
    );
  });
});

describe('edits, opacity and nearest points', () => {
  const pts = pointSetOf(
    [
      [0, 0],
      [1, 0],
      [0, 1],
    ],
    [0, 1, 1],
  ) as PointSet;

  it('adds and removes points without touching the others', () => {
    const more = withPoint(pts, [5, 6], 2);
    expect([...more.x]).toEqual([0, 0, 1, 0, 0, 1, 5, 6]);
    expect([...more.y]).toEqual([0, 1, 1, 2]);
    const less = withoutPoint(more, 1);
    expect([...less.x]).toEqual([0, 0, 0, 1, 5, 6]);
    expect([...less.y]).toEqual([0, 1, 2]);
    expect(withoutPoint(pts, 7)).toBe(pts);
    expect([...pts.x]).toEqual([0, 0, 1, 0, 0, 1]);
  });

  it('finds the nearest point in pixels, within a radius', () => {
    const r = projectPoints(pts, mapOf(2));
    if (typeof r === 'string') throw new Error(r);
    // 100 px per unit in s, 10 in t: (0.3, 0.9) is 30 px from point 0 in s... point 2 is 30 px away.
    expect(nearestPoint(r, 0.3, 0.9, 100, 10)).toBe(2);
    expect(nearestPoint(r, 0.9, 0.2, 100, 100)).toBe(1);
    expect(nearestPoint(r, 3, 3, 100, 100, 24)).toBe(-1);
  });

  it('fades with the distance to the plane', () => {
    expect(planeOpacity(0, 1)).toBe(1);
    expect(planeOpacity(1, 1)).toBe(0.5);
    expect(planeOpacity(3, 1)).toBeCloseTo(0.1, 12);
    expect(planeOpacity(0, 0)).toBe(1);
    expect(planeOpacity(1, 0)).toBe(0);
    expect(
      viewInputWidth(
        mapOf(3, [
          [0, 0, 0],
          [3, 4, 0],
          [0, 0, 1],
        ]),
        -1,
        1,
      ),
    ).toBe(10);
  });

  it('reports bad rows', () => {
    expect(pointSetOf([[1, 2], [3]], [0, 1])).toBe('point 2 has 1 inputs, expected 2');
    expect(pointSetOf([[1, Number.NaN]], [0])).toBe('point 1 input 2 is not a finite number');
    expect(pointSetOf([[1, 2]], [0, 1])).toBe('there are 1 input rows and 2 labels or targets');
  });
});

describe('looksLikePointsCsv', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it('tells CSV points from JSON models, ONNX bytes and prose', () => {
    expect(looksLikePointsCsv(enc('x,y,label\n0.5,1,0\n-1,2,1\n'))).toBe(true);
    expect(looksLikePointsCsv(enc('# comment\n1;2;3.5\n'))).toBe(true);
    expect(looksLikePointsCsv(enc('1\t2\t0\n'))).toBe(true);
    expect(looksLikePointsCsv(enc('{"format":"relu-origami/1","layers":[]}'))).toBe(false);
    expect(looksLikePointsCsv(enc('[1,2,3]'))).toBe(false);
    expect(looksLikePointsCsv(new Uint8Array([8, 7, 18, 0, 1, 2]))).toBe(false);
    expect(looksLikePointsCsv(enc('hello, world\nno numbers here\n'))).toBe(false);
    expect(looksLikePointsCsv(enc(''))).toBe(false);
  });
});
