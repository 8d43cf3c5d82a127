/**
 * The regions of an enumeration's result (shared-region.ts: one object each, views made when first read)
 * against the regions handed out one by one (onRegion: plain objects with arrays of their own), field by
 * field, on both paths (the line arrangement of one hidden layer and the layer-wise subdivision), with
 * several outputs, hardtanh, a partial partition (no maps), a plane slice and the stores handed on between
 * runs; and plainRegion, the form that crosses to a worker.
 */
import { describe, expect, it } from 'vitest';
import type { ActivationName } from '../../src/engine/activations.ts';
import { initNetwork } from '../../src/engine/init.ts';
import type { Window } from '../../src/engine/plane.ts';
import { type EnumerateOptions, enumerateRegions, type Region } from '../../src/engine/regions.ts';
import { plainRegion, SharedRegion } from '../../src/engine/shared-region.ts';

const CASES: ReadonlyArray<{
  label: string;
  widths: number[];
  activation: ActivationName;
  opts?: EnumerateOptions;
  /** A plane slice through a 4-D input. */
  plane?: boolean;
}> = [
  { label: 'one hidden layer (the arrangement)', widths: [2, 30, 3], activation: 'relu' },
  {
    label: 'one hidden layer of 70 (patterns of three words of bits)',
    widths: [2, 70, 2],
    activation: 'prelu',
  },
  { label: 'one hidden layer, hardtanh', widths: [2, 12, 2], activation: 'hardtanh' },
  {
    label: 'one hidden layer, first layer only',
    widths: [2, 20, 1],
    activation: 'leaky_relu',
    opts: { layers: 1 },
  },
  {
    label: 'subdivision of one layer',
    widths: [2, 20, 2],
    activation: 'relu',
    opts: { forceSubdivision: true },
  },
  { label: 'three layers', widths: [2, 10, 10, 10, 2], activation: 'relu' },
  { label: 'two layers, abs', widths: [2, 8, 8, 1], activation: 'abs' },
  { label: 'a plane slice of a 4-D input', widths: [4, 10, 10, 1], activation: 'relu', plane: true },
  {
    label: 'partial partition (no maps)',
    widths: [2, 10, 10, 10, 1],
    activation: 'relu',
    opts: { layers: 2 },
  },
];

const WINDOW: Window = { x0: -2.5, x1: 3, y0: -2, y1: 2.2 };

function regionsOf(e: ReturnType<typeof enumerateRegions>): Region[] {
  if (typeof e === 'string') throw new Error(e);
  expect(e.complete).toBe(true);
  return e.regions;
}

function expectSame(kept: Region[], own: Region[], label: string): void {
  expect(kept.length, label).toBe(own.length);
  expect(kept.length, label).toBeGreaterThan(3);
  for (let k = 0; k < kept.length; k++) {
    const a = kept[k]!;
    const b = own[k]!;
    const at = `${label}, region ${k}`;
    expect(a, at).toBeInstanceOf(SharedRegion);
    expect(Array.from(a.polygon), at).toEqual(Array.from(b.polygon));
    expect(Array.from(a.pattern), at).toEqual(Array.from(b.pattern));
    expect(Array.from(a.jacobian), at).toEqual(Array.from(b.jacobian));
    expect(Array.from(a.offset), at).toEqual(Array.from(b.offset));
    expect(a.area, at).toBe(b.area);
    expect(a.centroid, at).toEqual(b.centroid);
    // A view is made once and kept.
    expect(a.pattern, at).toBe(a.pattern);
    expect(a.polygon, at).toBe(a.polygon);
  }
}

describe('shared regions', () => {
  for (const c of CASES) {
    it(`equal the regions handed out one by one: ${c.label}`, () => {
      const net = initNetwork({ widths: c.widths, activation: c.activation, seed: 5 });
      const window: Window = c.plane
        ? {
            ...WINDOW,
            plane: [
              [0.1, -0.2, 0.3, 0],
              [1, 0.5, 0, -0.5],
              [0, 1, -0.7, 0.4],
            ],
          }
        : WINDOW;
      const kept = regionsOf(enumerateRegions(net, window, c.opts ?? {}));
      const own: Region[] = [];
      regionsOf(enumerateRegions(net, window, { ...c.opts, onRegion: (r) => own.push(plainRegion(r)) }));
      expectSame(kept, own, c.label);
      if (c.opts?.layers !== undefined) expect(kept[0]!.jacobian.length).toBe(0);
      else expect(kept[0]!.jacobian.length).toBe(2 * c.widths[c.widths.length - 1]!);
    });
  }

  it('keep their values while later enumerations reuse the stores', () => {
    const net = initNetwork({ widths: [2, 12, 12, 1], activation: 'relu', seed: 9 });
    const first = regionsOf(enumerateRegions(net, WINDOW));
    const copy = first.map((r) => ({
      polygon: r.polygon.slice(),
      pattern: r.pattern.slice(),
      jacobian: r.jacobian.slice(),
      offset: r.offset.slice(),
      area: r.area,
      centroid: r.centroid,
    }));
    // Read nothing of `first` before the later runs: its views are made afterwards, from its buffers.
    const fresh = regionsOf(enumerateRegions(net, WINDOW));
    for (let i = 0; i < 3; i++) regionsOf(enumerateRegions(net, { x0: -1, x1: 1, y0: -1, y1: 1 }));
    regionsOf(enumerateRegions(net, WINDOW, { areasOnly: true }));
    expectSame(first, copy, 'after reuse');
    expectSame(fresh, copy, 'a later run');
  });

  it('cross to another thread as plain data', () => {
    const net = initNetwork({ widths: [2, 6, 6, 2], activation: 'relu', seed: 2 });
    const kept = regionsOf(enumerateRegions(net, WINDOW));
    const sent = structuredClone(kept.map(plainRegion));
    for (let k = 0; k < kept.length; k++) {
      expect(Array.from(sent[k]!.polygon)).toEqual(Array.from(kept[k]!.polygon));
      expect(Array.from(sent[k]!.pattern)).toEqual(Array.from(kept[k]!.pattern));
      expect(Array.from(sent[k]!.jacobian)).toEqual(Array.from(kept[k]!.jacobian));
      expect(Array.from(sent[k]!.offset)).toEqual(Array.from(kept[k]!.offset));
      expect(sent[k]!.area).toBe(kept[k]!.area);
      expect(sent[k]!.centroid).toEqual(kept[k]!.centroid);
    }
  });
});
