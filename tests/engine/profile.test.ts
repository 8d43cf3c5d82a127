/**
 * The 1-D profile (src/engine/profile.ts) against closed forms and the forward pass: a hand-built one-input
 * network with kinks at -2, 0 and 1 and known slope jumps; a 2-D network restricted to a segment, whose
 * breakpoints are the engine's segment breakpoints scaled to length units and whose values match f.
 */
import { describe, expect, it } from 'vitest';
import { evaluatePoint } from '../../src/engine/forward.ts';
import { initNetwork } from '../../src/engine/init.ts';
import { parseModelOrThrow } from '../../src/engine/model.ts';
import { planeMap, pointAt } from '../../src/engine/plane.ts';
import { lineProfile, pieceIndexAt, profileRange, profileValue } from '../../src/engine/profile.ts';
import { breakpoints } from '../../src/engine/segment.ts';

/** f(x) = relu(x) - 2 relu(x - 1) + 0.5 relu(-x - 2) + 0.25: kinks at -2 (jump +0.5), 0 (+1), 1 (-2). */
const HAND = parseModelOrThrow({
  inputDim: 1,
  layers: [
    { weights: [[1], [1], [-1]], bias: [0, -1, -2], activation: 'relu' },
    { weights: [[1, -2, 0.5]], bias: [0.25], activation: 'linear' },
  ],
});

describe('lineProfile', () => {
  it('finds the kinks and slope jumps of a hand-built one-input network', () => {
    const map = planeMap(1, undefined);
    if (typeof map === 'string') throw new Error(map);
    const p = lineProfile(HAND, map, [-3, 0], [3, 0], { x0: -3, x1: 3 });
    expect(p.breakpoints.map((b) => b.x)).toEqual([-2, 0, 1].map((x) => expect.closeTo(x, 12)));
    expect(p.breakpoints.map((b) => b.jump)).toEqual([0.5, 1, -2].map((x) => expect.closeTo(x, 12)));
    expect(p.pieces.map((q) => q.slope)).toEqual([-0.5, 0, 1, -1].map((x) => expect.closeTo(x, 12)));
    // f(0) = 0.25, f(1) = 1.25, f(3) = 3 - 4 + 0.25 = -0.75, f(-3) = 0.5 + 0.25.
    expect(profileValue(p, 0)).toBeCloseTo(0.25, 12);
    expect(profileValue(p, 1)).toBeCloseTo(1.25, 12);
    expect(profileValue(p, 3)).toBeCloseTo(-0.75, 12);
    expect(profileRange(p)).toEqual([expect.closeTo(-0.75, 12), expect.closeTo(1.25, 12)]);
    expect(p.breakpoints[2]!.value).toBeCloseTo(1.25, 12);
    expect(pieceIndexAt(p, -2.5)).toBe(0);
    expect(pieceIndexAt(p, 0.5)).toBe(2);
    expect(pieceIndexAt(p, 99)).toBe(3);
    // Neighbouring pieces have different patterns and different hashes.
    for (let i = 1; i < p.pieces.length; i++) expect(p.pieces[i]!.hashLo).not.toBe(p.pieces[i - 1]!.hashLo);
  });

  it('restricts a 2-D network to a segment: breakpoints in length units, values equal to f', () => {
    const net = initNetwork({ widths: [2, 16, 16, 1], activation: 'relu', seed: 11 });
    const map = planeMap(2, undefined);
    if (typeof map === 'string') throw new Error(map);
    const from: [number, number] = [-2.5, -1];
    const to: [number, number] = [2, 1.75];
    const len = Math.hypot(4.5, 2.75);
    const p = lineProfile(net, map, from, to);
    const truth = breakpoints(net, map, from, to);
    expect(p.breakpoints.length).toBe(truth.length);
    expect(p.breakpoints.length).toBeGreaterThan(5);
    p.breakpoints.forEach((b, i) => {
      expect(b.x).toBeCloseTo(truth[i]! * len, 12);
    });
    expect(p.x1).toBeCloseTo(len, 14);
    const x = new Float64Array(2);
    for (let i = 0; i <= 200; i++) {
      const u = i / 200;
      pointAt(map, from[0] + u * (to[0] - from[0]), from[1] + u * (to[1] - from[1]), x);
      expect(profileValue(p, u * len)).toBeCloseTo(evaluatePoint(net, x).output[0]!, 10);
    }
    // The jump is the change of the directional derivative.
    for (const b of p.breakpoints) {
      const i = pieceIndexAt(p, b.x);
      expect(b.jump).toBeCloseTo(p.pieces[i]!.slope - p.pieces[i - 1]!.slope, 12);
    }
  });

  it('gives one piece for a zero-length segment', () => {
    const net = initNetwork({ widths: [2, 8, 1], activation: 'relu', seed: 2 });
    const map = planeMap(2, undefined);
    if (typeof map === 'string') throw new Error(map);
    const p = lineProfile(net, map, [0.3, 0.2], [0.3, 0.2]);
    expect(p.pieces.length).toBe(1);
    expect(p.breakpoints).toEqual([]);
  });
});
