/**
 * Enumerations hand their emptied subdivision and arenas on to the next one (src/engine/walk-stores.ts).
 * Each enumeration after others (larger and smaller networks, lean and full, stopped, partial, exact
 * decisions) must give exactly what one with fresh stores gives, and the regions an enumeration returned
 * (whose patterns may be views of its arena) must not change when later enumerations reuse the stores.
 */
import { describe, expect, it } from 'vitest';
import { initNetwork } from '../../src/engine/init.ts';
import type { Network } from '../../src/engine/model.ts';
import { type EnumerateOptions, type Enumeration, enumerateRegions } from '../../src/engine/regions.ts';
import { keptWalk, spareBytes, spareStores } from '../../src/engine/walk-stores.ts';

const WINDOW = { x0: -3, x1: 3, y0: -2, y1: 2.5 };

function run(net: Network, opts: EnumerateOptions = {}, window = WINDOW): Enumeration {
  const e = enumerateRegions(net, window, opts);
  if (typeof e === 'string') throw new Error(e);
  return e;
}

/** A deep copy of everything an enumeration returned, in plain arrays. */
function snapshot(e: Enumeration): unknown {
  return {
    count: e.count,
    complete: e.complete,
    area: e.area,
    exactDecisions: e.exactDecisions,
    areas: e.areas ? Array.from(e.areas) : null,
    hashes: e.hashes ? Array.from(e.hashes) : null,
    regions: e.regions.map((r) => ({
      polygon: Array.from(r.polygon),
      pattern: Array.from(r.pattern),
      jacobian: Array.from(r.jacobian),
      offset: Array.from(r.offset),
      area: r.area,
      centroid: r.centroid,
    })),
  };
}

/** The same enumeration with fresh stores (the waiting ones are taken away first). */
function fresh(net: Network, opts: EnumerateOptions = {}, window = WINDOW): unknown {
  spareStores();
  return snapshot(run(net, opts, window));
}

const big = initNetwork({ widths: [2, 24, 24, 24, 1], activation: 'relu', seed: 5 });
const small = initNetwork({ widths: [2, 6, 7, 2], activation: 'leaky_relu', seed: 9 });
const hard = initNetwork({ widths: [2, 10, 10, 1], activation: 'hardtanh', seed: 2 });
// Four lines through (1, 1) in a window 1e-13 wide: float64 leaves signs to exact decisions.
const WIDE = { x0: -1e12, x1: 1e12, y0: -1e12, y1: 1e12 };

describe('stores handed from one enumeration to the next', () => {
  const sequence: ReadonlyArray<{
    label: string;
    net: Network;
    opts?: EnumerateOptions;
    window?: typeof WINDOW;
  }> = [
    { label: 'a large network, full', net: big },
    { label: 'a small network after it', net: small },
    { label: 'the large one, areas only', net: big, opts: { areasOnly: true } },
    { label: 'hardtanh, with pattern hashes', net: hard, opts: { areasOnly: true, patternHashes: true } },
    { label: 'the large one, stopped at 100 regions', net: big, opts: { maxRegions: 100 } },
    { label: 'the small one, first layer only', net: small, opts: { layers: 1 } },
    { label: 'the large one on a wide window', net: big, window: WIDE },
    { label: 'the small one again, full', net: small },
    { label: 'the large one again, full', net: big },
  ];

  it('each enumeration after others gives what one with fresh stores gives', () => {
    const expected = sequence.map((s) => fresh(s.net, s.opts, s.window));
    spareStores();
    // Twice through, so that every case also follows every other.
    for (let pass = 0; pass < 2; pass++) {
      sequence.forEach((s, i) => {
        const got = snapshot(run(s.net, s.opts, s.window));
        expect(got, `${s.label} (pass ${pass})`).toEqual(expected[i]);
      });
    }
    expect(keptWalk()).toBe(true);
    expect(spareBytes()).toBeGreaterThan(0);
  });

  it('the regions returned stay as they were while later enumerations reuse the stores', () => {
    const e = run(big);
    const before = snapshot(e);
    const seen: Uint8Array[] = [];
    const copies: number[][] = [];
    const withCallback = run(small, {
      onRegion: (r) => {
        seen.push(r.pattern);
        copies.push(Array.from(r.pattern));
      },
    });
    expect(seen.length).toBe(withCallback.count);
    for (const s of sequence) run(s.net, s.opts, s.window);
    expect(snapshot(e)).toEqual(before);
    expect(seen.map((p) => Array.from(p))).toEqual(copies);
  });

  it('an enumeration inside another one (from its callback) takes no stores the outer one holds', () => {
    const expected = fresh(small);
    const inner: unknown[] = [];
    const outer = run(big, {
      onRegion: () => {
        if (inner.length < 3) inner.push(snapshot(run(small)));
      },
    });
    expect(inner).toEqual([expected, expected, expected]);
    expect(snapshot(outer)).toEqual(fresh(big, { onRegion: () => {} }));
  });
});
