/**
 * Pattern hashes of a line arrangement without its patterns (src/engine/arrangement-faces.ts faceHashes):
 * for every activation, on random and degenerate line sets (integer weights in [-2, 2]: concurrent,
 * parallel, repeated, zero and dead neurons, lines through the corners), the count, areas and hashes asked
 * for with `areasOnly` and `patternHashes` must be, face by face, the hashes of the patterns the full
 * enumeration builds (forward.ts patternHashInto), and as a set those of the general subdivision; tiles
 * summarised this way merge to the single pass.
 */
import { describe, expect, it } from 'vitest';
import type { ActivationName } from '../../src/engine/activations.ts';
import { patternHashInto } from '../../src/engine/forward.ts';
import type { Network } from '../../src/engine/model.ts';
import type { Window } from '../../src/engine/plane.ts';
import { type Enumeration, enumerateRegions } from '../../src/engine/regions.ts';
import { Rng } from '../../src/engine/rng.ts';
import { mergeTiles, summariseTile, tileWindow } from '../../src/engine/tiles.ts';
import { linesNet } from './lib/nets.ts';

const ACTIVATIONS: ActivationName[] = ['relu', 'leaky_relu', 'abs', 'prelu', 'hardtanh'];

function run(net: Network, w: Window, opts = {}): Enumeration {
  const e = enumerateRegions(net, w, opts);
  if (typeof e === 'string') throw new Error(e);
  return e;
}

function hashesOf(e: Enumeration): string[] {
  const out = new Uint32Array(2);
  return e.regions.map((r) => {
    patternHashInto(r.pattern, out);
    return `${out[0]}:${out[1]}`;
  });
}

function pairs(h: Uint32Array): string[] {
  const out: string[] = [];
  for (let k = 0; k < h.length; k += 2) out.push(`${h[k]}:${h[k + 1]}`);
  return out;
}

function randomLines(rng: Rng, n: number): [number, number, number][] {
  const lines: [number, number, number][] = [];
  for (let k = 0; k < n; k++) {
    // Integer coefficients: concurrent, parallel, repeated and zero lines are common.
    const l: [number, number, number] = [rng.int(5) - 2, rng.int(5) - 2, rng.int(5) - 2];
    lines.push(l);
    if (rng.int(4) === 0) lines.push([-l[0], -l[1], -l[2]]);
  }
  return lines;
}

describe('line-arrangement pattern hashes without patterns', () => {
  const W: Window = { x0: -2, x1: 2, y0: -1, y1: 2 };

  it('equal the hashes of the full enumeration face by face, and the general path as a set', () => {
    const rng = new Rng(41);
    let cases = 0;
    for (const activation of ACTIVATIONS) {
      for (let trial = 0; trial < 12; trial++) {
        const net = linesNet(randomLines(rng, 3 + rng.int(10)), activation);
        const label = `${activation} trial ${trial}`;
        const lean = run(net, W, { areasOnly: true, patternHashes: true });
        const full = run(net, W);
        expect(lean.count, label).toBe(full.count);
        expect(lean.hashes, label).toBeDefined();
        expect(pairs(lean.hashes!), label).toEqual(hashesOf(full));
        expect(Array.from(lean.areas!), label).toEqual(full.regions.map((r) => r.area));
        const general = run(net, W, { forceSubdivision: true });
        expect(new Set(pairs(lean.hashes!)), label).toEqual(new Set(hashesOf(general)));
        cases++;
      }
    }
    expect(cases).toBe(60);
  });

  it('summarised tiles merge to the single pass', () => {
    const rng = new Rng(7);
    for (const activation of ['relu', 'abs'] as const) {
      const net = linesNet(randomLines(rng, 24), activation);
      const single = run(net, W);
      const tiles = tileWindow(W, 3, 2).map((t) => {
        const s = summariseTile(net, t);
        if (typeof s === 'string') throw new Error(s);
        return s;
      });
      const merged = mergeTiles(tiles);
      expect(merged.count, activation).toBe(single.count);
      expect(merged.area).toBeCloseTo(12, 12);
      expect(
        new Set([...merged.areaByHash.keys()].map((k) => `${Number(k & 0xffffffffn)}:${Number(k >> 32n)}`)),
      ).toEqual(new Set(hashesOf(single)));
    }
  });
});
