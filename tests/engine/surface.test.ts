/**
 * The surface mesh and the exact contours against the forward pass and closed forms: every mesh vertex lies
 * on f; the facets tile the window (projected triangle areas sum to its area); contour endpoints have
 * f equal to their level; a linear function gives the closed-form number of level lines.
 */
import { describe, expect, it } from 'vitest';
import { contourSegments, niceSpacing } from '../../src/engine/contours.ts';
import { createWorkspace, forwardInto, patternHashInto } from '../../src/engine/forward.ts';
import { initNetwork } from '../../src/engine/init.ts';
import { parseModelOrThrow } from '../../src/engine/model.ts';
import { planeMap, pointAt } from '../../src/engine/plane.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';
import { surfaceMesh } from '../../src/engine/surface.ts';

const W = { x0: -2.5, x1: 3, y0: -2, y1: 2.25 };
const net = initNetwork({ widths: [2, 12, 12, 1], activation: 'relu', seed: 5 });
const map = planeMap(2, undefined);
if (typeof map === 'string') throw new Error(map);
const e = enumerateRegions(net, W);
if (typeof e === 'string') throw new Error(e);

describe('surfaceMesh', () => {
  const mesh = surfaceMesh(net, e.regions, W);
  it('has one facet per region and vertices on f', () => {
    expect(mesh.facets).toBe(e.count);
    expect(e.count).toBeGreaterThan(20);
    const ws = createWorkspace(net);
    const x = new Float64Array(2);
    const n = mesh.vertices.length / 3;
    let worst = 0;
    for (let v = 0; v < n; v++) {
      pointAt(map, mesh.vertices[3 * v]!, mesh.vertices[3 * v + 1]!, x);
      const f = forwardInto(net, x, ws)[0]!;
      worst = Math.max(worst, Math.abs(f - mesh.vertices[3 * v + 2]!));
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it('tiles the window and normalises into [-1, 1]^2 x [-height, height]', () => {
    let area = 0;
    const V = mesh.vertices;
    for (let i = 0; i < V.length; i += 9) {
      area +=
        ((V[i + 3]! - V[i]!) * (V[i + 7]! - V[i + 1]!) - (V[i + 6]! - V[i]!) * (V[i + 4]! - V[i + 1]!)) / 2;
    }
    expect(area).toBeCloseTo((W.x1 - W.x0) * (W.y1 - W.y0), 9);
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < mesh.positions.length; i++) {
      lo = Math.min(lo, mesh.positions[i]!);
      hi = Math.max(hi, mesh.positions[i]!);
    }
    expect(lo).toBeGreaterThanOrEqual(-1 - 1e-6);
    expect(hi).toBeLessThanOrEqual(1 + 1e-6);
    expect(mesh.creases.length / 6).toBe(e.regions.reduce((s, r) => s + r.polygon.length / 2, 0));
  });

  it('colours facets with the map palette id (low 14 bits of the pattern hash)', () => {
    const words = new Uint32Array(2);
    patternHashInto(e.regions[0]!.pattern, words);
    expect(mesh.ids[0]).toBe(words[0]! & 0x3fff);
    // Layer mode: the hash of the first layer's neurons only.
    const m1 = surfaceMesh(net, e.regions, W, { layers: 1 });
    patternHashInto(e.regions[0]!.pattern, words, 0, 12);
    expect(m1.ids[0]).toBe(words[0]! & 0x3fff);
  });
});

describe('contourSegments', () => {
  it('puts every endpoint on its level', () => {
    const spacing = niceSpacing(...surfaceMesh(net, e.regions, W).fRange, 15);
    const c = contourSegments(e.regions, spacing);
    expect(c.count).toBeGreaterThan(50);
    const ws = createWorkspace(net);
    const x = new Float64Array(2);
    let worst = 0;
    for (let i = 0; i < c.count; i++) {
      for (const k of [0, 2]) {
        pointAt(map, c.segments[4 * i + k]!, c.segments[4 * i + k + 1]!, x);
        worst = Math.max(worst, Math.abs(forwardInto(net, x, ws)[0]! - c.levels[i]!));
      }
      expect(Math.abs(c.levels[i]! / spacing - Math.round(c.levels[i]! / spacing))).toBeLessThan(1e-9);
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it('gives the closed-form count for f = s - t / 2 on one region', () => {
    const lin = parseModelOrThrow({
      inputDim: 2,
      layers: [{ weights: [[1, -0.5]], bias: [0], activation: 'linear' }],
    });
    const w = { x0: -3.2, x1: 3.1, y0: -1, y1: 1 };
    const en = enumerateRegions(lin, w);
    if (typeof en === 'string') throw new Error(en);
    // f ranges over (-3.7, 3.6): levels -3.5, -3, ..., 3.5 = 15 levels at spacing 0.5.
    const c = contourSegments(en.regions, 0.5);
    expect(c.count).toBe(15);
    expect([...c.levels]).toEqual(Array.from({ length: 15 }, (_, i) => -3.5 + 0.5 * i));
    expect(contourSegments(en.regions, 0).count).toBe(0);
    expect(contourSegments(en.regions, 0.5, { maxSegments: 4 }).truncated).toBe(true);
  });

  it('picks nice spacings', () => {
    expect(niceSpacing(0, 10, 10)).toBe(1);
    expect(niceSpacing(0, 1, 4)).toBe(0.2);
    expect(niceSpacing(-3, 3, 12)).toBe(0.5);
    expect(niceSpacing(1, 1)).toBe(1);
  });
});

describe('surfaceMesh outputs for the class colour', () => {
  it('carries every output at each vertex, equal to the forward pass, padded past the last', () => {
    const net3 = initNetwork({ widths: [2, 10, 3], activation: 'relu', seed: 9 });
    const e3 = enumerateRegions(net3, W);
    if (typeof e3 === 'string') throw new Error(e3);
    const m = surfaceMesh(net3, e3.regions, W);
    const ws = createWorkspace(net3);
    const K = m.outputs.length / (m.vertices.length / 3);
    expect(K).toBe(12);
    let checked = 0;
    for (let v = 0; v < m.vertices.length / 3; v += 7) {
      const y = forwardInto(net3, [m.vertices[3 * v]!, m.vertices[3 * v + 1]!], ws);
      for (let o = 0; o < 3; o++)
        expect(Math.abs(m.outputs[K * v + o]! - y[o]!)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(y[o]!)));
      expect(m.outputs[K * v + 3]).toBe(Math.fround(-1e30));
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });
});
