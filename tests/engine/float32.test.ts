/**
 * The float32 check (src/engine/float32.ts) against an emulation of the shader's float32 arithmetic
 * (lib/float32-emulation.ts): its per-neuron error bound holds for every neuron at every pixel of the grid,
 * the views it passes draw the engine's patterns, the view it refuses does not, and the wide and deep
 * networks the GPU draws at home views are not sent to the CPU renderer.
 */
import { describe, expect, it } from 'vitest';
import type { ActivationName } from '../../src/engine/activations.ts';
import { float32Resolution, float32ViewProblem } from '../../src/engine/float32.ts';
import { initNetwork } from '../../src/engine/init.ts';
import { type PlaneMap, planeMap } from '../../src/engine/plane.ts';
import { emulateFloat32 } from './lib/float32-emulation.ts';

const map = planeMap(2, undefined) as PlaneMap;
const hidden = (w: number, l: number) => Array(l).fill(w) as number[];

const CASES: { name: string; widths: number[]; act: ActivationName; half: number; seed: number }[] = [
  { name: 'relu 2-64x4 on a unit-4 view', widths: [2, ...hidden(64, 4), 1], act: 'relu', half: 4, seed: 1 },
  { name: 'relu 2-48x12', widths: [2, ...hidden(48, 12), 1], act: 'relu', half: 4, seed: 13 },
  {
    name: 'hardtanh 2-64x8, 3 outputs',
    widths: [2, ...hidden(64, 8), 3],
    act: 'hardtanh',
    half: 1,
    seed: 11,
  },
  { name: 'leaky relu 2-32x8', widths: [2, ...hidden(32, 8), 1], act: 'leaky_relu', half: 3, seed: 5 },
  { name: 'abs 2-16x4', widths: [2, ...hidden(16, 4), 1], act: 'abs', half: 2, seed: 3 },
  {
    name: 'relu 2-32x4 in a 1e-5 window',
    widths: [2, ...hidden(32, 4), 1],
    act: 'relu',
    half: 1e-5,
    seed: 7,
  },
  {
    name: 'leaky relu 2-32x4 in a 1e-7 window',
    widths: [2, ...hidden(32, 4), 1],
    act: 'leaky_relu',
    half: 1e-7,
    seed: 8,
  },
  {
    name: 'hardtanh 2-24x6 in a 1e-2 window',
    widths: [2, ...hidden(24, 6), 1],
    act: 'hardtanh',
    half: 1e-2,
    seed: 6,
  },
];

describe('the float32 error estimate against an emulation of the shader', () => {
  for (const c of CASES) {
    it(`bounds every neuron's error and passes a view drawn right: ${c.name}`, () => {
      const net = initNetwork({ widths: c.widths, activation: c.act, seed: c.seed });
      const view = { x0: 0.3 - c.half, x1: 0.3 + c.half, y0: 0.1 - c.half, y1: 0.1 + c.half };
      const n = 24;
      const emulated = emulateFloat32(net, view, n);
      const bound = new Float64Array(emulated.maxError.length);
      float32Resolution(net, map, view, n, n, bound);
      let worst = 0;
      for (let k = 0; k < bound.length; k++) worst = Math.max(worst, emulated.maxError[k]! / bound[k]!);
      expect(worst).toBeLessThan(1);
      expect(float32ViewProblem(net, map, view, n, n)).toBeNull();
      expect(emulated.agreement).toBe(1);
    });
  }

  it('refuses a hardtanh saturation boundary zoomed to 1e-6, where the emulated float32 map is wrong', () => {
    const net = initNetwork({ widths: [2, 8, 8, 1], activation: 'hardtanh', seed: 4 });
    const L = net.layers[0]!;
    const size = 1e-6;
    const n = 32;
    const t = 0.1;
    // Neuron 0's pre-activation is +1 at s0; the first centre offset where float32's rounding of it moves
    // the boundary by two pixels or more.
    const s0 = (1 - L.bias[0]! - L.weights[1]! * t) / L.weights[0]!;
    let s = s0;
    for (let k = 1; k < 100; k++) {
      s = s0 + (k / 100) * (size / 2);
      const zc = L.weights[0]! * s + L.weights[1]! * t + L.bias[0]!;
      if (Math.abs(Math.fround(zc) - zc) / Math.hypot(L.weights[0]!, L.weights[1]!) > (2 * size) / n) break;
    }
    const view = { x0: s - size / 2, x1: s + size / 2, y0: t - size / 2, y1: t + size / 2 };
    expect(float32ViewProblem(net, map, view, n, n)).toMatch(/float32 cannot resolve/);
    expect(emulateFloat32(net, view, n).agreement).toBeLessThan(0.97);
  });

  it('passes wide and deep He networks at 1024 x 768 home views; their float32 maps agree on crops', () => {
    const view = { x0: -4, x1: 4, y0: -3, y1: 3 };
    for (const [w, l] of [
      [64, 4],
      [64, 8],
      [256, 8],
      [512, 16],
      [128, 16],
      [64, 32],
    ] as const) {
      const net = initNetwork({ widths: [2, ...hidden(w, l), 1], activation: 'relu', init: 'he', seed: 1 });
      const r = float32Resolution(net, map, view, 1024, 768);
      expect(r.pixels, `2-${w}x${l}`).toBeLessThan(0.5);
    }
    // 24 x 24 pixels of the 1024 x 768 image, away from the centre, for two of them.
    const pixel = 8 / 1024;
    const crop = { x0: 2, x1: 2 + 24 * pixel, y0: 1.5, y1: 1.5 + 24 * pixel };
    for (const [w, l] of [
      [64, 32],
      [128, 8],
    ] as const) {
      const net = initNetwork({ widths: [2, ...hidden(w, l), 1], activation: 'relu', init: 'he', seed: 1 });
      expect(emulateFloat32(net, view, 24, crop).agreement, `2-${w}x${l}`).toBe(1);
    }
  });
});
