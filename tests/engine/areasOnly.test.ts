/**
 * enumerateRegions with `areasOnly` (the count and the areas, no regions) against the full enumeration, on
 * both paths (the line arrangement of one hidden layer and the layer-wise subdivision), with a partial
 * partition (`layers`), hardtanh's two lines per neuron, exact decisions, double-double and a stopped run,
 * with and without the regions' pattern hashes (`patternHashes`); and the `regions` command, which
 * takes this mode, against area statistics computed from the full regions.
 */
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/run.ts';
import type { ActivationName } from '../../src/engine/activations.ts';
import { areaStats } from '../../src/engine/bounds.ts';
import { patternHashInto } from '../../src/engine/forward.ts';
import { initNetwork } from '../../src/engine/init.ts';
import { type Network, toModelJson } from '../../src/engine/model.ts';
import { type EnumerateOptions, type Enumeration, enumerateRegions } from '../../src/engine/regions.ts';

const WINDOW = { x0: -3, x1: 3, y0: -2, y1: 2.5 };

function run(net: Network, opts: EnumerateOptions, half?: number): Enumeration {
  const window = half ? { x0: -half, x1: half, y0: -0.8 * half, y1: 1.1 * half } : WINDOW;
  const e = enumerateRegions(net, window, opts);
  if (typeof e === 'string') throw new Error(e);
  return e;
}

const CASES: ReadonlyArray<{
  label: string;
  widths: number[];
  activation: ActivationName;
  opts?: EnumerateOptions;
  /** A wide window, where float64 leaves signs to exact decisions (their count must be positive). */
  half?: number;
  /** Give the output layer the hidden layers' activation, so that the last layer cuts too. */
  cuttingOutput?: boolean;
}> = [
  { label: 'one hidden layer (the arrangement)', widths: [2, 40, 1], activation: 'relu' },
  { label: 'one hidden layer, hardtanh', widths: [2, 24, 2], activation: 'hardtanh' },
  {
    label: 'one hidden layer, subdivision',
    widths: [2, 30, 1],
    activation: 'leaky_relu',
    opts: { forceSubdivision: true },
  },
  { label: 'three hidden layers', widths: [2, 16, 16, 16, 1], activation: 'relu' },
  {
    label: 'abs, the first two layers only',
    widths: [2, 12, 12, 12, 1],
    activation: 'abs',
    opts: { layers: 2 },
  },
  // The deepest cutting layer's faces give their pattern slots back in this mode, while exact decisions
  // read the patterns of the faces they cut: these runs decide signs exactly on every layer.
  {
    label: 'three hidden layers, exact decisions',
    widths: [2, 16, 16, 16, 1],
    activation: 'relu',
    half: 1e6,
  },
  { label: 'hardtanh, exact decisions', widths: [2, 12, 12, 12, 1], activation: 'hardtanh', half: 1e8 },
  {
    label: 'eight hidden layers, double-double',
    widths: [2, 10, 10, 10, 10, 10, 10, 10, 10, 1],
    activation: 'relu',
    opts: { doubleDouble: true },
  },
  {
    label: 'a ReLU output layer (the last layer cuts too)',
    widths: [2, 14, 14, 3],
    activation: 'relu',
    cuttingOutput: true,
  },
];

describe('areasOnly', () => {
  for (const c of CASES) {
    it(`${c.label}: the same count, graph and areas as the full enumeration`, () => {
      const made = initNetwork({ widths: c.widths, activation: c.activation, seed: 7 });
      const last = made.layers.length - 1;
      const net = c.cuttingOutput
        ? {
            ...made,
            layers: made.layers.map((L, l) => (l === last ? { ...L, activation: c.activation } : L)),
          }
        : made;
      const full = run(net, c.opts ?? {}, c.half);
      const lean = run(net, { ...c.opts, areasOnly: true }, c.half);
      expect(full.complete).toBe(true);
      if (c.half) expect(full.exactDecisions).toBeGreaterThan(0);
      if (c.opts?.doubleDouble) expect(full.doubleDouble).toBe(true);
      expect(full.regions.length).toBeGreaterThan(20);
      expect(lean.regions).toEqual([]);
      expect(lean.count).toBe(full.count);
      expect(lean.vertices).toBe(full.vertices);
      expect(lean.edges).toBe(full.edges);
      expect(lean.area).toBe(full.area);
      expect(lean.complete).toBe(true);
      expect(lean.areas).toBeInstanceOf(Float64Array);
      expect(Array.from(lean.areas!)).toEqual(full.regions.map((r) => r.area));
      expect(full.areas).toBeUndefined();
      expect(lean.hashes).toBeUndefined();
      // With patternHashes: every region's pattern hash, in the order of the areas, as from its pattern.
      const hashed = run(net, { ...c.opts, areasOnly: true, patternHashes: true }, c.half);
      const expected = new Uint32Array(2 * full.regions.length);
      for (const [k, r] of full.regions.entries()) patternHashInto(r.pattern, expected, 2 * k);
      expect(hashed.hashes).toBeInstanceOf(Uint32Array);
      expect(Array.from(hashed.hashes!)).toEqual(Array.from(expected));
      expect(Array.from(hashed.areas!)).toEqual(Array.from(lean.areas!));
      expect(hashed.regions).toEqual([]);
    });
  }

  it('a stopped run reports its count and no areas; onRegion takes precedence', () => {
    const net = initNetwork({ widths: [2, 16, 16, 1], activation: 'relu', seed: 3 });
    const stopped = run(net, { areasOnly: true, maxRegions: 10 });
    expect(stopped.complete).toBe(false);
    expect(stopped.areas).toBeUndefined();
    let seen = 0;
    const streamed = run(net, { areasOnly: true, onRegion: () => seen++ });
    expect(streamed.areas).toBeUndefined();
    expect(seen).toBe(streamed.count);
  });
});

describe('regions command', () => {
  it('--json: the count, area and area statistics of the full enumeration', () => {
    for (const widths of [
      [2, 48, 1],
      [2, 12, 12, 1],
    ]) {
      const net = initNetwork({ widths, activation: 'relu', seed: 11 });
      const io = memoryIo({ 'm.json': JSON.stringify(toModelJson(net)) });
      const code = runCli(['regions', 'm.json', '--window', '-3,3,-2,2.5', '--json'], io);
      expect(code).toBe(0);
      const report = JSON.parse(io.out);
      const full = run(net, {});
      expect(report.regions).toBe(full.count);
      expect(report.area).toBe(full.area);
      expect(report.areaStats).toEqual(areaStats(full.regions.map((r) => r.area)));
    }
  });
});
