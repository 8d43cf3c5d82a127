/**
 * Region statistics (src/engine/regionStats.ts) against closed forms: squares, rectangles, triangles (inradius
 * 2A/P), regular polygons (R cos(pi/n)) and their affine stretches (eccentricity sqrt(1 - b^2/a^2)); the
 * Chebyshev centre against a brute-force search over every triple of edges; the disc test against distances
 * computed independently; and, on an enumeration, the statistics against the engine's own areas.
 */
import { describe, expect, it } from 'vitest';
import { hull } from '../../src/engine/hull.ts';
import { initNetwork } from '../../src/engine/init.ts';
import {
  chebyshevCentre,
  integerDistribution,
  polygonCorners,
  polygonMeetsDisc,
  polygonStats,
  quantiles,
} from '../../src/engine/regionStats.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';
import { Rng } from '../../src/engine/rng.ts';

function regular(n: number, R: number, cx = 0, cy = 0, phase = 0.3, sx = 1, sy = 1): number[] {
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    const a = phase + (2 * Math.PI * k) / n;
    out.push(cx + sx * R * Math.cos(a), cy + sy * R * Math.sin(a));
  }
  return out;
}

/** The largest inscribed disc by brute force: every triple of edge lines, keeping the feasible best. */
function bruteInradius(p: number[]): number {
  const n = p.length / 2;
  const L: [number, number, number][] = [];
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    const dx = p[2 * j]! - p[2 * i]!;
    const dy = p[2 * j + 1]! - p[2 * i + 1]!;
    const len = Math.hypot(dx, dy);
    const nx = -dy / len;
    const ny = dx / len;
    L.push([nx, ny, nx * p[2 * i]! + ny * p[2 * i + 1]!]);
  }
  const dist = (x: number, y: number) => Math.min(...L.map(([a, b, c]) => a * x + b * y - c));
  let best = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++)
      for (let k = j + 1; k < n; k++) {
        // Solve a x + b y - r = c for the three lines (Cramer).
        const [a1, b1, c1] = L[i]!;
        const [a2, b2, c2] = L[j]!;
        const [a3, b3, c3] = L[k]!;
        const det = a1 * (b2 * -1 - -1 * b3) - b1 * (a2 * -1 - -1 * a3) - (a2 * b3 - b2 * a3);
        if (Math.abs(det) < 1e-14) continue;
        const x = (c1 * (b2 * -1 - -1 * b3) - b1 * (c2 * -1 - -1 * c3) - (c2 * b3 - b2 * c3)) / det;
        const y = (a1 * (c2 * -1 - -1 * c3) - c1 * (a2 * -1 - -1 * a3) - (a2 * c3 - c2 * a3)) / det;
        const d = dist(x, y);
        if (d > best) best = d;
      }
  return best;
}

describe('polygonStats closed forms', () => {
  it('gives a square of side s: area s^2, perimeter 4s, 4 corners, inradius s/2, eccentricity 0', () => {
    const s = polygonStats([1, 1, 4, 1, 4, 4, 1, 4]);
    expect(s.area).toBeCloseTo(9, 14);
    expect(s.perimeter).toBeCloseTo(12, 14);
    expect(s.vertices).toBe(4);
    expect(s.inradius).toBeCloseTo(1.5, 14);
    expect(s.centre[0]).toBeCloseTo(2.5, 14);
    expect(s.centre[1]).toBeCloseTo(2.5, 14);
    expect(s.eccentricity).toBeLessThan(1e-7);
    expect(s.centroid).toEqual([2.5, 2.5]);
  });

  it('gives a w x h rectangle inradius min(w, h)/2 and eccentricity sqrt(1 - (h/w)^2), collinear vertices not counted', () => {
    for (const [w, h] of [
      [3, 1],
      [1, 5],
      [10, 9.5],
      [1e-6, 3e-7],
    ] as const) {
      // Extra collinear vertices on two sides, as the engine's T-junctions.
      const s = polygonStats([0, 0, w / 3, 0, w, 0, w, h, w / 2, h, 0, h, 0, h / 4], Math.max(w, h));
      expect(s.vertices).toBe(4);
      expect(s.inradius / (Math.min(w, h) / 2)).toBeCloseTo(1, 12);
      const a = Math.max(w, h);
      const b = Math.min(w, h);
      expect(s.eccentricity).toBeCloseTo(Math.sqrt(1 - (b / a) ** 2), 7);
      expect(s.perimeter / (2 * (w + h))).toBeCloseTo(1, 13);
    }
  });

  it('gives a triangle inradius 2A/P', () => {
    const rng = new Rng(5);
    for (let k = 0; k < 50; k++) {
      const p = [rng.normal(), rng.normal(), rng.normal(), rng.normal(), rng.normal(), rng.normal()];
      const cr = (p[2]! - p[0]!) * (p[5]! - p[1]!) - (p[4]! - p[0]!) * (p[3]! - p[1]!);
      if (cr < 0) p.push(...p.splice(2, 2));
      const s = polygonStats(p);
      const A = Math.abs(cr) / 2;
      expect(s.area).toBeCloseTo(A, 12);
      expect(s.vertices).toBe(3);
      if (A > 1e-3) expect(s.inradius / ((2 * A) / s.perimeter)).toBeCloseTo(1, 10);
    }
  });

  it('gives a regular n-gon inradius R cos(pi/n), and its stretch by (a, b) the eccentricity sqrt(1 - b^2/a^2)', () => {
    for (const n of [3, 5, 6, 8, 17, 64]) {
      const s = polygonStats(regular(n, 2, 0.5, -0.25));
      expect(s.vertices).toBe(n);
      expect(s.inradius).toBeCloseTo(2 * Math.cos(Math.PI / n), 12);
      expect(s.eccentricity).toBeLessThan(1e-6);
      expect(s.area).toBeCloseTo((n / 2) * 4 * Math.sin((2 * Math.PI) / n), 12);
      // A regular polygon (n >= 3) has isotropic second moments, so its stretch has those of an ellipse.
      const e = polygonStats(regular(n, 1, 3, 4, 0.1, 2, 0.5));
      expect(e.eccentricity).toBeCloseTo(Math.sqrt(1 - 0.25 ** 2), 9);
    }
  });

  it('treats polygons without area as degenerate', () => {
    for (const p of [[], [0, 0], [0, 0, 1, 1], [0, 0, 1, 1, 2, 2]]) {
      const s = polygonStats(p);
      expect(s.area).toBe(0);
      expect(s.inradius).toBe(0);
      expect(s.eccentricity).toBe(1);
    }
    expect(chebyshevCentre([0, 0, 1, 0])).toBeNull();
  });
});

describe('chebyshevCentre', () => {
  it('matches the brute-force search over edge triples on random convex polygons', () => {
    const rng = new Rng(11);
    for (let k = 0; k < 200; k++) {
      const pts: number[] = [];
      const m = 3 + rng.int(20);
      const sx = 0.1 + 3 * rng.next();
      for (let i = 0; i < m; i++) pts.push(sx * rng.normal(), rng.normal());
      const poly = polygonCorners(hull([pts]));
      if (poly.length < 6) continue;
      const c = chebyshevCentre(poly)!;
      const truth = bruteInradius(poly);
      expect(c[2]).toBeCloseTo(truth, 10);
      // The centre really is at distance r from the polygon's boundary and inside.
      expect(polygonMeetsDisc(poly, c[0], c[1], 1e-9)).toBe(true);
    }
  });
});

describe('polygonMeetsDisc', () => {
  const square = [0, 0, 1, 0, 1, 1, 0, 1];
  it('is true exactly when the distance to the polygon is below r', () => {
    expect(polygonMeetsDisc(square, 0.5, 0.5, 0.01)).toBe(true);
    expect(polygonMeetsDisc(square, 2, 0.5, 1.0000001)).toBe(true);
    expect(polygonMeetsDisc(square, 2, 0.5, 1)).toBe(false);
    // Corner (1, 1) at distance sqrt(2) from (2, 2).
    expect(polygonMeetsDisc(square, 2, 2, Math.SQRT2 * (1 + 1e-12))).toBe(true);
    expect(polygonMeetsDisc(square, 2, 2, Math.SQRT2 * (1 - 1e-12))).toBe(false);
    expect(polygonMeetsDisc([0, 0, 1, 1, 2, 2], 0, 0, 5)).toBe(false);
  });

  it('agrees with sampling the disc on random triangles', () => {
    const rng = new Rng(3);
    for (let k = 0; k < 200; k++) {
      const tri = hull([
        [rng.normal(), rng.normal(), rng.normal(), rng.normal(), rng.normal(), rng.normal()],
      ]);
      if (tri.length < 6) continue;
      const x = 2 * rng.normal();
      const y = 2 * rng.normal();
      const r = 0.2 + rng.next();
      let hit = false;
      // A point of the triangle (barycentric grid) inside the disc proves they meet.
      for (let i = 0; i <= 60 && !hit; i++)
        for (let j = 0; i + j <= 60 && !hit; j++) {
          const a = i / 60;
          const b = j / 60;
          const px = tri[0]! + a * (tri[2]! - tri[0]!) + b * (tri[4]! - tri[0]!);
          const py = tri[1]! + a * (tri[3]! - tri[1]!) + b * (tri[5]! - tri[1]!);
          if (Math.hypot(px - x, py - y) < r) hit = true;
        }
      if (hit) expect(polygonMeetsDisc(tri, x, y, r)).toBe(true);
      // Far from every sampled boundary point and outside (barycentric test): they do not meet.
      let far = Number.POSITIVE_INFINITY;
      for (let e = 0; e < 3; e++) {
        const ax = tri[2 * e]!;
        const ay = tri[2 * e + 1]!;
        const bx = tri[(2 * e + 2) % 6]!;
        const by = tri[(2 * e + 3) % 6]!;
        for (let s = 0; s <= 2000; s++)
          far = Math.min(far, Math.hypot(ax + (s / 2000) * (bx - ax) - x, ay + (s / 2000) * (by - ay) - y));
      }
      const d = (tri[2]! - tri[0]!) * (tri[5]! - tri[1]!) - (tri[4]! - tri[0]!) * (tri[3]! - tri[1]!);
      const u = ((x - tri[0]!) * (tri[5]! - tri[1]!) - (tri[4]! - tri[0]!) * (y - tri[1]!)) / d;
      const v = ((tri[2]! - tri[0]!) * (y - tri[1]!) - (x - tri[0]!) * (tri[3]! - tri[1]!)) / d;
      const inside = u >= 0 && v >= 0 && u + v <= 1;
      if (!inside && far > r * 1.01) expect(polygonMeetsDisc(tri, x, y, r)).toBe(false);
    }
  });
});

describe('distributions', () => {
  it('gives nearest-rank quantiles and integer histograms', () => {
    const q = quantiles([5, 1, 4, 2, 3]);
    expect(q).toEqual({ min: 1, p05: 1, p25: 2, median: 3, p75: 4, p95: 5, max: 5, mean: 3 });
    expect(quantiles([]).max).toBe(0);
    expect(integerDistribution([3, 4, 4, 6])).toEqual({
      min: 3,
      max: 6,
      mean: 4.25,
      histogram: [
        [3, 1],
        [4, 2],
        [6, 1],
      ],
    });
  });
});

describe('statistics of an enumeration', () => {
  it('match the engine areas and sum to the window, with inradius below the area bound', () => {
    const net = initNetwork({ widths: [2, 12, 12, 1], activation: 'relu', seed: 4 });
    const e = enumerateRegions(net, { x0: -2, x1: 2, y0: -1, y1: 3 });
    if (typeof e === 'string') throw new Error(e);
    let sum = 0;
    for (const r of e.regions) {
      const s = polygonStats(r.polygon, 3);
      expect(s.area).toBeCloseTo(r.area, 12);
      // A disc of radius r inside the polygon: pi r^2 <= area, and 2 pi r <= perimeter.
      expect(Math.PI * s.inradius ** 2).toBeLessThanOrEqual(s.area * (1 + 1e-9));
      expect(s.vertices).toBeGreaterThanOrEqual(3);
      expect(s.eccentricity).toBeGreaterThanOrEqual(0);
      expect(s.eccentricity).toBeLessThanOrEqual(1);
      sum += s.area;
    }
    expect(sum).toBeCloseTo(16, 10);
  });
});
