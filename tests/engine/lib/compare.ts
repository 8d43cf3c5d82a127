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
import { exactRegions } from './exact.ts';
import { add, fromDouble, mul, toNumber, ZERO } from './rational.ts';
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
