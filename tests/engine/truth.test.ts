/**
 * The independent truths used by the other tests are themselves checked here on hand-derived cases, so a
 * bug in them cannot hide a bug in the engine.
 */
import { describe, expect, it } from 'vitest';
import { planeMap } from '../../src/engine/plane.ts';
import { inradius } from './lib/checks.ts';
import { exactRegions } from './lib/exact.ts';
import { linesNet, sawtooth } from './lib/nets.ts';
import { add, cmp, fromDouble, mul, q, toNumber, twiceArea } from './lib/rational.ts';
import { exactSegmentPieces } from './lib/segment-truth.ts';
import { subdivisionCounts } from './lib/subdivision.ts';

const identity = planeMap(2, undefined);
if (typeof identity === 'string') throw new Error(identity);

describe('rational arithmetic', () => {
  it('converts float64 values exactly', () => {
    expect(fromDouble(0.1)).toEqual(q(3602879701896397n, 2n ** 55n));
    expect(fromDouble(-3)).toEqual(q(-3));
    expect(fromDouble(2 ** -1074)).toEqual(q(1n, 2n ** 1074n));
    expect(fromDouble(1e300).d).toBe(1n);
    expect(cmp(add(fromDouble(0.1), fromDouble(0.2)), fromDouble(0.3))).toBe(1); // exactly, 0.1 + 0.2 > 0.3
    expect(toNumber(mul(q(1, 3), q(3)))).toBe(1);
    expect(toNumber(q(2n ** 2000n + 1n, 2n ** 2001n))).toBe(0.5);
  });
});

describe('exact enumeration (test truth)', () => {
  it('finds the 8 sectors of 4 concurrent lines, 13 vertices and 20 edges', () => {
    const net = linesNet([
      [1, 0, 0],
      [0, 1, 0],
      [1, 1, 0],
      [1, -1, 0],
    ]);
    const w = { x0: -1, x1: 2, y0: -1.25, y1: 1.5 };
    const r = exactRegions(net, w, identity);
    expect(r.length).toBe(8);
    const c = subdivisionCounts(
      r.map((x) => x.polygon),
      { x0: q(-1), x1: q(2), y0: q(-5, 4), y1: q(3, 2) },
    );
    expect(c).toEqual({ vertices: 13, edges: 20 });
    let a = q(0);
    for (const x of r) a = add(a, x.twiceArea);
    expect(a).toEqual(q(33, 2)); // twice 3 x 2.75
  });

  it('counts a grid of 3 x 2 parallel lines: 12 regions, 20 vertices, 31 edges', () => {
    const net = linesNet([
      [1, 0, 1],
      [2, 0, 0],
      [-1, 0, 1],
      [0, 1, 0.5],
      [0, -3, 1.5],
    ]);
    const r = exactRegions(net, { x0: -2, x1: 2, y0: -1, y1: 1 }, identity);
    expect(r.length).toBe(12);
    const c = subdivisionCounts(
      r.map((x) => x.polygon),
      { x0: q(-2), x1: q(2), y0: q(-1), y1: q(1) },
    );
    expect(c).toEqual({ vertices: 20, edges: 31 });
  });

  it('gives the sawtooth its 4^L squares and 2^L intervals', () => {
    expect(exactRegions(sawtooth(2, 2), { x0: 0, x1: 1, y0: 0, y1: 1 }, identity).length).toBe(16);
    const pieces = exactSegmentPieces(sawtooth(3, 1), [0], [1]);
    expect(pieces.map((p) => toNumber(p.u0))).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((k) => k / 8));
  });

  it('areas are exact', () => {
    const net = linesNet([[1, 1, -1]]);
    const r = exactRegions(net, { x0: 0, x1: 1, y0: 0, y1: 1 }, identity);
    expect(r.map((x) => twiceArea(x.polygon))).toEqual([q(1), q(1)]);
  });
});

describe('inradius', () => {
  it('is half the side of a square and 1 for the 3-4-5 triangle', () => {
    expect(inradius(Float64Array.of(0, 0, 2, 0, 2, 2, 0, 2))).toBeCloseTo(1, 12);
    expect(inradius(Float64Array.of(0, 0, 4, 0, 0, 3))).toBeCloseTo(1, 12);
    expect(inradius(Float64Array.of(0, 0, 10, 0, 10, 1, 0, 1))).toBeCloseTo(0.5, 12);
  });
});
