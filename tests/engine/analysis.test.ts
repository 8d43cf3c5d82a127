/**
 * Activation-pattern analysis and numerical verification against independent truths: rows against the
 * enumeration and the plane gradient; neuron shares against grid sampling and constructed dead / always-on
 * neurons; the histogram's total; second differences (zero inside, slope jump x overlap across a kink);
 * affine maps against the forward pass; pattern agreement on hand-made words.
 */
import { describe, expect, it } from 'vitest';
import {
  areaHistogram,
  neuronActivity,
  regionDensity,
  regionRows,
  sortRows,
} from '../../src/engine/analysis.ts';
import { createWorkspace, forwardInto } from '../../src/engine/forward.ts';
import { initNetwork } from '../../src/engine/init.ts';
import { parseModelOrThrow } from '../../src/engine/model.ts';
import { planeMap, pointAt } from '../../src/engine/plane.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';
import { plainRegion } from '../../src/engine/shared-region.ts';
import { affineMapCheck, patternAgreement, secondDifferences } from '../../src/engine/verify.ts';

const W = { x0: -3, x1: 3, y0: -2, y1: 2.5 };
const AREA = 6 * 4.5;
const net = initNetwork({ widths: [2, 10, 10, 1], activation: 'relu', seed: 9 });
const map = planeMap(2, undefined);
if (typeof map === 'string') throw new Error(map);
const e = enumerateRegions(net, W);
if (typeof e === 'string') throw new Error(e);

describe('region table', () => {
  const rows = regionRows(net, e.regions, AREA);
  it('has one row per region with shares summing to 1 and |grad f| from the affine map', () => {
    expect(rows.length).toBe(e.count);
    expect(rows.reduce((s, r) => s + r.share, 0)).toBeCloseTo(1, 12);
    for (const r of rows) {
      const reg = e.regions[r.index]!;
      expect(r.gradNorm).toBeCloseTo(Math.hypot(reg.jacobian[0]!, reg.jacobian[1]!), 14);
      expect(r.pattern.split('|').map((p) => p.length)).toEqual([10, 10]);
      expect(r.active).toBe([...r.pattern].filter((c) => c === '1').length);
      expect(r.hash).toMatch(/^[0-9a-f]{16}$/);
    }
    expect(new Set(rows.map((r) => r.hash)).size).toBe(rows.length);
  });

  it('sorts by any column, both ways, stably', () => {
    const byArea = sortRows([...rows], 'area', true);
    for (let i = 1; i < byArea.length; i++)
      expect(byArea[i - 1]!.area).toBeGreaterThanOrEqual(byArea[i]!.area);
    const byIndex = sortRows([...byArea], 'index');
    expect(byIndex.map((r) => r.index)).toEqual(rows.map((r) => r.index));
    const byHash = sortRows([...rows], 'hash');
    for (let i = 1; i < byHash.length; i++) expect(byHash[i - 1]!.hash < byHash[i]!.hash).toBe(true);
  });

  it('histograms every region', () => {
    const h = areaHistogram(
      e.regions.map((r) => r.area),
      12,
    );
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(e.count);
    expect(h.edges.length).toBe(13);
    expect(areaHistogram([]).counts).toEqual([]);
    expect(areaHistogram([2, 2]).counts).toEqual([2]);
  });

  it('reports the density against N^2', () => {
    const d = regionDensity(net, e.count, AREA);
    expect(d.neurons).toBe(20);
    expect(d.perNeuronSquared).toBeCloseTo(e.count / 400, 14);
    expect(d.perArea).toBeCloseTo(e.count / AREA, 12);
    expect(regionDensity(net, 5, AREA, 1).neurons).toBe(10);
  });
});

describe('neuron activity', () => {
  it('matches grid sampling', () => {
    const act = neuronActivity(net, e.regions);
    expect(act.length).toBe(20);
    const ws = createWorkspace(net);
    const x = new Float64Array(2);
    const on = new Float64Array(21);
    const G = 300;
    for (let j = 0; j < G; j++) {
      for (let i = 0; i < G; i++) {
        pointAt(map, W.x0 + ((i + 0.5) * 6) / G, W.y0 + ((j + 0.5) * 4.5) / G, x);
        forwardInto(net, x, ws);
        for (let k = 0; k < 20; k++) on[k]! += ws.pattern[k]!;
      }
    }
    for (let k = 0; k < 20; k++) expect(Math.abs(act[k]!.activeShare - on[k]! / (G * G))).toBeLessThan(0.01);
  });

  it('flags dead and always-active neurons', () => {
    const m = parseModelOrThrow({
      inputDim: 2,
      layers: [
        {
          weights: [
            [1, 0],
            [0, 1],
            [1, 1],
          ],
          bias: [-100, 100, 0],
          activation: 'relu',
        },
        { weights: [[1, 1, 1]], bias: [0], activation: 'linear' },
      ],
    });
    const en = enumerateRegions(m, W);
    if (typeof en === 'string') throw new Error(en);
    const act = neuronActivity(m, en.regions);
    expect(act.map((a) => [a.dead, a.alwaysActive])).toEqual([
      [true, false],
      [false, true],
      [false, false],
    ]);
    // {s + t > 0} in [-3, 3] x [-2, 2.5]: the integral over t of (3 + t) = 13.5 + 1.125 = 14.625 of 27.
    expect(act[2]!.activeShare).toBeCloseTo(14.625 / 27, 12);
    expect(neuronActivity(m, [])).toEqual([]);
  });
});

describe('numerical verification', () => {
  it('second differences vanish inside regions and equal jump x overlap across kinks', () => {
    const r = secondDifferences(net, map, W, 200, 3);
    expect(r.inside.length).toBe(200);
    expect(r.straddling.length).toBe(200);
    expect(r.insideMax).toBeLessThan(r.roundingScale);
    expect(r.straddlingMedian).toBeGreaterThan(1e6 * Math.max(r.insideMax, 1e-300));
    for (const d of r.straddling)
      expect(Math.abs(d.magnitude - d.expected)).toBeLessThan(1e-9 + 1e-6 * d.expected);
    expect(r.straddlingMaxError).toBeLessThan(1e-9);
  });

  it('checks affine maps against the forward pass and catches a wrong one', () => {
    const r = affineMapCheck(net, map, e.regions);
    expect(r.regions).toBe(e.count);
    expect(r.patternMismatches).toBe(0);
    expect(r.maxError).toBeLessThan(1e-12 * Math.max(1, r.maxValue));
    const broken = e.regions.map((g, i) =>
      i === 3 ? { ...plainRegion(g), offset: g.offset.map((v) => v + 1e-3) } : g,
    );
    expect(affineMapCheck(net, map, broken).maxError).toBeGreaterThan(9e-4);
  });

  it('measures pattern agreement', () => {
    const a = new Uint32Array([1, 2, 3, 4, 5, 6, 7, 8]);
    const b = new Uint32Array([1, 2, 3, 0, 5, 6, 7, 8]);
    expect(patternAgreement(a, b)).toBe(0.75);
    expect(patternAgreement(a, a)).toBe(1);
    expect(patternAgreement(new Uint32Array(0), a)).toBe(1);
  });
});
