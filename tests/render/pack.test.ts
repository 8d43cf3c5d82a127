/**
 * The GPU layout, tested in Node: a float32 emulation of shaders/network.frag.glsl that reads only the
 * packed arrays (packNetwork, packView) reproduces the engine's pattern hashes and outputs.
 */
import { describe, expect, it } from 'vitest';
import type { ActivationName } from '../../src/engine/activations.ts';
import { createWorkspace, forwardInto, hash32, patternHashInto } from '../../src/engine/forward.ts';
import { initNetwork } from '../../src/engine/init.ts';
import {
  interceptOfCode,
  packNetwork,
  packView,
  slopeOfCode,
  stateOfCode,
  VIEW_TEXTURE_WIDTH,
  viewTextureRows,
} from '../../src/engine/pack.ts';
import { type PlaneMap, planeMap, pointAt } from '../../src/engine/plane.ts';

const f = Math.fround;

/** The shader's computation at offset (u, v) from the view centre, in float32, from the packed data only. */
function emulate(
  packed: ReturnType<typeof packNetwork>,
  view: Float32Array,
  u: number,
  v: number,
): { lo: number; hi: number; out: number[] } {
  let h: number[] = [];
  let lo = 0;
  let hi = 0;
  const out: number[] = [];
  for (let l = 0; l < packed.layers.length; l++) {
    const L = packed.layers[l]!;
    const next: number[] = [];
    for (let j = 0; j < L.outDim; j++) {
      const n = L.neuronOffset + j;
      const [zc, alpha, a, b] = [view[4 * n]!, view[4 * n + 1]!, view[4 * n + 2]!, view[4 * n + 3]!];
      let dz = 0;
      if (l === 0) dz = f(f(a * u) + f(b * v));
      else {
        for (let i = 0; i < L.inDim; i++) {
          const w = packed.weights[4 * (L.baseTexel + j * L.rowTexels) + i]!;
          dz = f(dz + f(w * h[i]!));
        }
      }
      const z = f(zc + dz);
      const s = stateOfCode(L.activation, z);
      const sc = stateOfCode(L.activation, zc);
      const sl = slopeOfCode(L.activation, s, alpha);
      next.push(
        f(f(sl * dz) + f(f(sl - slopeOfCode(L.activation, sc, alpha)) * zc)) +
          interceptOfCode(L.activation, s) -
          interceptOfCode(L.activation, sc),
      );
      if (s !== 0) {
        const base = (n * 4 + s) >>> 0;
        lo = (lo ^ hash32(base)) >>> 0;
        hi = (hi ^ hash32(((base ^ 0x68e31da4) + 0x1b873593) >>> 0)) >>> 0;
      }
      if (l === packed.layers.length - 1) out.push(f(sl * z) + interceptOfCode(L.activation, s));
    }
    h = next;
  }
  return { lo, hi, out };
}

describe('packNetwork / packView', () => {
  it('lays out rows padded to whole texels, layer by layer', () => {
    const net = initNetwork({ widths: [2, 5, 7, 3], activation: 'relu', seed: 1 });
    const p = packNetwork(net);
    expect(p.layers.map((L) => [L.inDim, L.outDim, L.rowTexels, L.baseTexel, L.neuronOffset])).toEqual([
      [2, 5, 1, -1, 0],
      [5, 7, 2, 0, 5],
      [7, 3, 2, 14, 12],
    ]);
    expect(p.neuronCount).toBe(15);
    expect(p.maxWidth).toBe(7);
    expect(p.weights.length % (4 * p.textureWidth)).toBe(0);
    const L1 = net.layers[1]!;
    // Row 6 of layer 1, input 4 sits in texel 0 + 6 * 2 + 1, component 0; the padding is zero.
    expect(p.weights[4 * (6 * 2 + 1)]).toBe(Math.fround(L1.weights[6 * 5 + 4]!));
    expect(p.weights.subarray(4 * (6 * 2 + 1) + 1, 4 * (6 * 2 + 2))).toEqual(new Float32Array(3));
    expect(p.architectureKey).toBe(
      packNetwork(initNetwork({ widths: [2, 5, 7, 3], activation: 'relu', seed: 9 })).architectureKey,
    );
    expect(p.architectureKey).not.toBe(
      packNetwork(initNetwork({ widths: [2, 5, 7, 3], activation: 'abs', seed: 1 })).architectureKey,
    );
  });

  it('packs into the previous weight array only for the same architecture', () => {
    const arch = { widths: [2, 5, 7, 3], activation: 'relu' as const };
    const first = packNetwork(initNetwork({ ...arch, seed: 1 }));
    const kept = first.weights.slice();
    const second = packNetwork(initNetwork({ ...arch, seed: 2 }), first);
    expect(second.weights).toBe(first.weights);
    // Written over entirely: equal to a fresh pack of the second network, padding included.
    expect(second.weights).toEqual(packNetwork(initNetwork({ ...arch, seed: 2 })).weights);
    expect(second.weights).not.toEqual(kept);
    const other = packNetwork(initNetwork({ widths: [2, 5, 7, 3], activation: 'abs', seed: 2 }), second);
    expect(other.weights).not.toBe(second.weights);
  });

  it('sizes the view texture in whole rows and reuses a large enough output array', () => {
    const net = initNetwork({ widths: [2, 700, 700, 1], activation: 'relu', seed: 1 });
    const map = planeMap(2, undefined) as PlaneMap;
    const rows = viewTextureRows(1401);
    expect(rows).toBe(2);
    const a = packView(net, map, [0.5, 0.25]);
    expect(a.length).toBe(rows * VIEW_TEXTURE_WIDTH * 4);
    expect(packView(net, map, [0, 0], a)).toBe(a);
  });

  const cases: [string, number[], ActivationName][] = [
    ['relu', [2, 16, 16, 1], 'relu'],
    ['leaky', [2, 9, 11, 2], 'leaky_relu'],
    ['abs', [2, 8, 8, 8, 1], 'abs'],
    ['hardtanh', [2, 12, 12, 1], 'hardtanh'],
    ['3-input plane', [3, 10, 10, 1], 'prelu'],
  ];
  for (const [name, widths, activation] of cases) {
    it(`a float32 emulation of the shader reproduces the engine (${name})`, () => {
      const net = initNetwork({ widths, activation, seed: 3 });
      const plane =
        widths[0] === 3
          ? ([
              [0.1, 0, 0.2],
              [1, 0.5, 0],
              [0, 1, 0.3],
            ] as const)
          : undefined;
      const map = planeMap(widths[0]!, plane) as PlaneMap;
      const packed = packNetwork(net);
      const ws = createWorkspace(net);
      const ids = new Uint32Array(2);
      let agree = 0;
      let total = 0;
      for (const [cs, ct, half] of [
        [0, 0, 2],
        [1.3, -0.7, 1e-5],
      ] as const) {
        const view = packView(net, map, [cs, ct]);
        for (let j = 0; j < 24; j++) {
          for (let i = 0; i < 24; i++) {
            const u = ((i + 0.5) / 24 - 0.5) * 2 * half;
            const v = ((j + 0.5) / 24 - 0.5) * 2 * half;
            pointAt(map, cs + u, ct + v, ws.x);
            forwardInto(net, ws.x, ws);
            patternHashInto(ws.pattern, ids);
            const e = emulate(packed, view, f(u), f(v));
            total++;
            if (e.lo === ids[0] && e.hi === ids[1]) agree++;
            expect(Math.abs(e.out[0]! - ws.output[0]!)).toBeLessThan(1e-4 * (1 + Math.abs(ws.output[0]!)));
          }
        }
      }
      // Points lying within float32 error of a zero set are rare; the layout being wrong would make most differ.
      expect(agree / total).toBeGreaterThan(0.99);
    });
  }
});
