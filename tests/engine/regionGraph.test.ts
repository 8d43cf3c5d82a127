/**
 * The region graph (src/engine/regionGraph.ts): its edges are exactly the pairs of polygons that share a
 * boundary segment of positive length, found here geometrically pair by pair (collinear overlapping edges);
 * on one hidden layer (a line arrangement) every edge switches one neuron and the number of edges is the
 * arrangement's count of segments inside the window, L + 2I; duplicated neurons switch together.
 */
import { describe, expect, it } from 'vitest';
import { initNetwork } from '../../src/engine/init.ts';
import type { Network } from '../../src/engine/model.ts';
import {
  patternKey,
  patternOfKey,
  regionDegrees,
  regionGraph,
  switchedNeurons,
} from '../../src/engine/regionGraph.ts';
import { enumerateRegions, type Region } from '../../src/engine/regions.ts';
import { Rng } from '../../src/engine/rng.ts';
import { linesNet, randomSmallNet } from './lib/nets.ts';

/** The length two convex polygons share, by testing every pair of their edges for collinear overlap. */
function sharedLength(p: Float64Array, q: Float64Array, tol: number): number {
  let total = 0;
  const n = p.length / 2;
  const m = q.length / 2;
  for (let i = 0; i < n; i++) {
    const ax = p[2 * i]!;
    const ay = p[2 * i + 1]!;
    const bx = p[(2 * i + 2) % (2 * n)]!;
    const by = p[(2 * i + 3) % (2 * n)]!;
    const len = Math.hypot(bx - ax, by - ay);
    if (len === 0) continue;
    const ux = (bx - ax) / len;
    const uy = (by - ay) / len;
    for (let j = 0; j < m; j++) {
      const cx = q[2 * j]!;
      const cy = q[2 * j + 1]!;
      const dx = q[(2 * j + 2) % (2 * m)]!;
      const dy = q[(2 * j + 3) % (2 * m)]!;
      // Both ends of q's edge on p's edge's line?
      if (Math.abs((cx - ax) * uy - (cy - ay) * ux) > tol) continue;
      if (Math.abs((dx - ax) * uy - (dy - ay) * ux) > tol) continue;
      const t0 = (cx - ax) * ux + (cy - ay) * uy;
      const t1 = (dx - ax) * ux + (dy - ay) * uy;
      const lo = Math.max(0, Math.min(t0, t1));
      const hi = Math.min(len, Math.max(t0, t1));
      if (hi - lo > tol) total += hi - lo;
    }
  }
  return total;
}

function geometricEdges(regions: readonly Region[], tol: number): Map<string, number> {
  const out = new Map<string, number>();
  const box = regions.map((r) => {
    let x0 = Number.POSITIVE_INFINITY;
    let x1 = Number.NEGATIVE_INFINITY;
    let y0 = Number.POSITIVE_INFINITY;
    let y1 = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < r.polygon.length; k += 2) {
      x0 = Math.min(x0, r.polygon[k]!);
      x1 = Math.max(x1, r.polygon[k]!);
      y0 = Math.min(y0, r.polygon[k + 1]!);
      y1 = Math.max(y1, r.polygon[k + 1]!);
    }
    return [x0, x1, y0, y1] as const;
  });
  for (let a = 0; a < regions.length; a++) {
    for (let b = a + 1; b < regions.length; b++) {
      const A = box[a]!;
      const B = box[b]!;
      if (A[0] > B[1] + tol || B[0] > A[1] + tol || A[2] > B[3] + tol || B[2] > A[3] + tol) continue;
      const len = sharedLength(regions[a]!.polygon, regions[b]!.polygon, tol);
      if (len > 0) out.set(`${a},${b}`, len);
    }
  }
  return out;
}

function regionsOf(net: Network, w = { x0: -3, x1: 3, y0: -3, y1: 3 }): Region[] {
  const e = enumerateRegions(net, w);
  if (typeof e === 'string') throw new Error(e);
  return e.regions;
}

describe('regionGraph', () => {
  it('has the edges of polygons that share a segment, found geometrically, with the neurons that differ', () => {
    const nets: Network[] = [initNetwork({ widths: [2, 8, 8, 1], activation: 'relu', seed: 2 })];
    for (let s = 0; s < 12; s++)
      nets.push(randomSmallNet(100 + s, s % 3 === 0 ? 'int' : 'float', s % 2 === 0));
    let total = 0;
    for (const net of nets) {
      const regions = regionsOf(net);
      const g = regionGraph(regions);
      const truth = geometricEdges(regions, 1e-9);
      expect(g.length).toBe(truth.size);
      for (const e of g) {
        expect(e.a).toBeLessThan(e.b);
        expect(e.length).toBeCloseTo(truth.get(`${e.a},${e.b}`) ?? Number.NaN, 9);
        const pa = regions[e.a]!.pattern;
        const pb = regions[e.b]!.pattern;
        const diff = Array.from(pa.keys()).filter((i) => pa[i] !== pb[i]);
        expect(e.neurons).toEqual(diff);
        expect(e.neurons.length).toBeGreaterThan(0);
      }
      total += g.length;
    }
    expect(total).toBeGreaterThan(200);
  });

  it('on a line arrangement switches one neuron per edge and has L + 2I edges inside the window', () => {
    const rng = new Rng(9);
    for (let trial = 0; trial < 8; trial++) {
      const k = 3 + rng.int(12);
      const lines: [number, number, number][] = [];
      for (let i = 0; i < k; i++) lines.push([rng.normal(), rng.normal(), rng.normal()]);
      const w = { x0: -1.5, x1: 1.5, y0: -1, y1: 1.2 };
      const regions = regionsOf(linesNet(lines), w);
      const g = regionGraph(regions);
      // L: lines that cross the window's interior (corners on both sides); I: crossings inside it.
      const corners = [
        [w.x0, w.y0],
        [w.x1, w.y0],
        [w.x1, w.y1],
        [w.x0, w.y1],
      ];
      let L = 0;
      for (const [a, b, c] of lines) {
        const s = corners.map(([x, y]) => Math.sign(a * x! + b * y! + c));
        if (s.includes(1) && s.includes(-1)) L++;
      }
      let I = 0;
      for (let i = 0; i < k; i++)
        for (let j = i + 1; j < k; j++) {
          const [a1, b1, c1] = lines[i]!;
          const [a2, b2, c2] = lines[j]!;
          const det = a1 * b2 - a2 * b1;
          const x = (b1 * c2 - b2 * c1) / det;
          const y = (a2 * c1 - a1 * c2) / det;
          if (x > w.x0 && x < w.x1 && y > w.y0 && y < w.y1) I++;
        }
      expect(g.length).toBe(L + 2 * I);
      for (const e of g) expect(e.neurons.length).toBe(1);
      // Euler on the dual: regions = 1 + L + I for lines in general position.
      expect(regions.length).toBe(1 + L + I);
      const deg = regionDegrees(regions.length, g);
      expect(deg.reduce((s, d) => s + d, 0)).toBe(2 * g.length);
    }
  });

  it('lists both neurons of a duplicated neuron on the edges along its line', () => {
    const regions = regionsOf(
      linesNet([
        [1, 0, 0],
        [2, 0, 0],
        [0, 1, 0.5],
      ]),
      { x0: -1, x1: 1, y0: -1, y1: 1 },
    );
    const g = regionGraph(regions);
    expect(regions).toHaveLength(4);
    expect(g).toHaveLength(4);
    const switched = g.map((e) => e.neurons.join(',')).sort();
    // Across x = 0 both copies switch (neurons 0 and 1); across y = -0.5 neuron 2 alone.
    expect(switched).toEqual(['0,1', '0,1', '2', '2']);
    expect(g.map((e) => e.length).sort()).toEqual([0.5, 1, 1, 1.5].sort());
  });
});

describe('pattern keys', () => {
  it('round-trip patterns and list the neurons that differ', () => {
    const rng = new Rng(1);
    for (let n = 0; n < 40; n++) {
      const a = Uint8Array.from({ length: n }, () => rng.int(3));
      const b = a.map((s) => (rng.next() < 0.2 ? (s + 1) % 3 : s));
      expect(Array.from(patternOfKey(patternKey(a), n))).toEqual(Array.from(a));
      const diff = Array.from(a.keys()).filter((i) => a[i] !== b[i]);
      expect(switchedNeurons(patternKey(a), patternKey(b))).toEqual(diff);
    }
    expect(() => patternKey([4])).toThrow(RangeError);
  });
});
