/**
 * Compare an engine enumeration with the independent rational one ({@link exactRegions}): the same
 * regions (count and set of patterns), the same total and per-region areas, the same affine maps, and the
 * same vertex and edge counts ({@link subdivisionCounts}, itself checked against Euler's relation).
 */
import { expect } from 'vitest';
import type { Network } from '../../../src/engine/model.ts';
import { pointAt, type Window } from '../../../src/engine/plane.ts';
import type { Enumeration } from '../../../src/engine/regions.ts';
import { areaSlack, magnitudeAt, mapOf } from './checks.ts';
import { corners, exactRegions } from './exact.ts';
import { add, fromDouble, mul, type QPoint, toNumber, ZERO } from './rational.ts';
import { subdivisionCounts } from './subdivision.ts';

/** Summary of the exact truth, for messages. */
export interface ExactSummary {
  regions: number;
  vertices: number;
  edges: number;
}

/** Assert that `e` matches the exact rational enumeration of `net` on `window`; returns the truth. */
export function compareWithExact(net: Network, window: Window, e: Enumeration, label = ''): ExactSummary {
  const truth = exactRegions(net, window, mapOf(net, window));
  const counts = subdivisionCounts(
    truth.map((r) => r.polygon),
    {
      x0: fromDouble(window.x0),
      x1: fromDouble(window.x1),
      y0: fromDouble(window.y0),
      y1: fromDouble(window.y1),
    },
  );
  const summary = { regions: truth.length, ...counts };
  const got = { regions: e.regions.length, vertices: e.vertices, edges: e.edges };
  expect(counts.vertices - counts.edges + truth.length, `${label} Euler on the exact truth`).toBe(1);
  const byPattern = new Map(truth.map((r) => [r.pattern.join(''), r]));
  const enginePatterns = e.regions.map((r) => Array.from(r.pattern).join(''));
  const missing = [...byPattern.keys()].filter((p) => !enginePatterns.includes(p));
  const extra = enginePatterns.filter((p) => !byPattern.has(p));
  expect({ ...got, missing, extra }, `${label} engine vs exact`).toEqual({
    ...summary,
    missing: [],
    extra: [],
  });
  let total = ZERO;
  for (const t of truth) total = add(total, t.twiceArea);
  const windowArea = (window.x1 - window.x0) * (window.y1 - window.y0);
  // Beyond 1e-12, allow only what rounding the vertices to float64 can cost (areaSlack).
  let slack = 0;
  for (const r of e.regions) slack += areaSlack(r.polygon, window);
  expect(Math.abs(e.area - toNumber(total) / 2), `${label} total area`).toBeLessThanOrEqual(
    1e-12 * windowArea + slack,
  );
  for (const r of e.regions) {
    const t = byPattern.get(Array.from(r.pattern).join(''))!;
    const area = toNumber(t.twiceArea) / 2;
    expect(Math.abs(r.area - area), `${label} area of ${t.pattern.join('')}`).toBeLessThanOrEqual(
      1e-9 * area + 1e-13 * windowArea + areaSlack(r.polygon, window),
    );
    checkShape(r.polygon, corners(t.polygon), window, `${label} polygon of ${t.pattern.join('')}`);
    // The affine maps must agree at every vertex of the region (which fixes an affine function), to 1e-9
    // relative to the network's scale there.
    const map = mapOf(net, window);
    const x = new Float64Array(net.inputDim);
    for (const v of t.polygon) {
      const s = toNumber(v[0]);
      const u = toNumber(v[1]);
      const scale = magnitudeAt(net, pointAt(map, s, u, x)) + Math.abs(s) + Math.abs(u);
      t.outputs.forEach((f, o) => {
        const exact = toNumber(add(add(mul(f[0], v[0]), mul(f[1], v[1])), f[2]));
        const got = r.jacobian[2 * o]! * s + r.jacobian[2 * o + 1]! * u + r.offset[o]!;
        expect(
          Math.abs(got - exact),
          `${label} affine map of ${t.pattern.join('')} at (${s}, ${u})`,
        ).toBeLessThanOrEqual(1e-9 * scale);
      });
    }
  }
  return summary;
}

/** Distance from (x, y) to the segment a-b. */
function segmentDistance(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const u = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
  return Math.hypot(x - (ax + u * dx), y - (ay + u * dy));
}

/**
 * The engine's polygon has the exact polygon's shape: every exact corner is one of its vertices, and every
 * one of its vertices lies on the exact boundary (it may add collinear points), to 1e-9 of the window's size
 * plus the rounding of float64 coordinates.
 */
function checkShape(
  polygon: Float64Array,
  exactCorners: readonly QPoint[],
  window: Window,
  label: string,
): void {
  const size = Math.max(window.x1 - window.x0, window.y1 - window.y0);
  const C = Math.max(Math.abs(window.x0), Math.abs(window.x1), Math.abs(window.y0), Math.abs(window.y1));
  const tol = 1e-9 * size + 64 * Number.EPSILON * C;
  const ex = exactCorners.map((p) => [toNumber(p[0]), toNumber(p[1])] as const);
  const n = polygon.length / 2;
  for (const [cx, cy] of ex) {
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < n; i++)
      best = Math.min(best, Math.hypot(polygon[2 * i]! - cx, polygon[2 * i + 1]! - cy));
    expect(best, `${label}: corner (${cx}, ${cy}) missing`).toBeLessThanOrEqual(tol);
  }
  for (let i = 0; i < n; i++) {
    const x = polygon[2 * i]!;
    const y = polygon[2 * i + 1]!;
    let best = Number.POSITIVE_INFINITY;
    for (let k = 0; k < ex.length; k++) {
      const a = ex[k]!;
      const b = ex[(k + 1) % ex.length]!;
      best = Math.min(best, segmentDistance(x, y, a[0], a[1], b[0], b[1]));
    }
    expect(best, `${label}: vertex (${x}, ${y}) off the boundary`).toBeLessThanOrEqual(tol);
  }
}
