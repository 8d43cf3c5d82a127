/**
 * GPU against CPU: the per-pixel pattern hashes, outputs and gradient magnitudes read back from the
 * explorer agree with the float64 engine (evaluateGrid) at every pixel centre.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivationName } from '../../src/engine/activations.ts';
import { evaluateGrid } from '../../src/engine/forward.ts';
import { initNetwork } from '../../src/engine/init.ts';
import { type Network, toModelJson } from '../../src/engine/model.ts';
import { type PlaneMap, planeMap } from '../../src/engine/plane.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';
import { type AppPage, closeSession, openApp, openSession, type Session } from './harness.ts';
import { nearZeroSets } from './zeroSets.ts';

const SIZE = 256;

/**
 * A window of width `size` (a fraction of the unit window) about a vertex of the region subdivision of the
 * seeded 2-16-16-16-1 (or 2-24-24-1) network where at least three regions meet, found with the engine's
 * enumeration of [c - 1, c + 1]^2. The window is offset by a third of its size so the vertex is not central.
 */
function zoomAt(seed: number, size: number, c: [number, number] = [0, 0]): Scene['view'] {
  const widths = seed === 8 ? [2, 24, 24, 1] : [2, 16, 16, 16, 1];
  const net = initNetwork({ widths, activation: 'relu', seed });
  const e = enumerateRegions(net, { x0: c[0] - 1, x1: c[0] + 1, y0: c[1] - 1, y1: c[1] + 1 });
  if (typeof e === 'string') throw new Error(e);
  const degree = new Map<string, { s: number; t: number; n: number }>();
  for (const r of e.regions) {
    for (let i = 0; i < r.polygon.length; i += 2) {
      const key = `${r.polygon[i]!.toFixed(9)},${r.polygon[i + 1]!.toFixed(9)}`;
      const d = degree.get(key) ?? { s: r.polygon[i]!, t: r.polygon[i + 1]!, n: 0 };
      d.n++;
      degree.set(key, d);
    }
  }
  const inner = [...degree.values()].filter(
    (d) => d.n >= 4 && Math.abs(d.s - c[0]) < 0.9 && Math.abs(d.t - c[1]) < 0.9,
  );
  const v = inner[Math.floor(inner.length / 2)];
  if (!v) throw new Error('no interior vertex of degree 4');
  const s0 = v.s + size / 3;
  const t0 = v.t - size / 5;
  return { x0: s0 - size / 2, x1: s0 + size / 2, y0: t0 - size / 2, y1: t0 + size / 2 };
}

interface Scene {
  name: string;
  widths: number[];
  activation: ActivationName;
  seed: number;
  view: { x0: number; x1: number; y0: number; y1: number };
}

const SCENES: Scene[] = [
  {
    name: 'relu 2-16-16-1',
    widths: [2, 16, 16, 1],
    activation: 'relu',
    seed: 1,
    view: { x0: -3, x1: 3, y0: -3, y1: 3 },
  },
  {
    name: 'leaky 2-12-12-12-2',
    widths: [2, 12, 12, 12, 2],
    activation: 'leaky_relu',
    seed: 2,
    view: { x0: -2, x1: 4, y0: -1, y1: 2 },
  },
  {
    name: 'abs 2-9-7-1',
    widths: [2, 9, 7, 1],
    activation: 'abs',
    seed: 3,
    view: { x0: -2, x1: 2, y0: -2, y1: 2 },
  },
  {
    name: 'hardtanh 2-10-10-1',
    widths: [2, 10, 10, 1],
    activation: 'hardtanh',
    seed: 4,
    view: { x0: -3, x1: 3, y0: -3, y1: 3 },
  },
  {
    name: 'prelu 2-33-5-3 (odd widths)',
    widths: [2, 33, 5, 3],
    activation: 'prelu',
    seed: 5,
    view: { x0: -1, x1: 1, y0: -1, y1: 1 },
  },
  {
    name: 'relu deep zoom 1e-3 about a vertex',
    widths: [2, 16, 16, 16, 1],
    activation: 'relu',
    seed: 6,
    view: zoomAt(6, 1e-3),
  },
  {
    name: 'relu 1e-5 window about a vertex',
    widths: [2, 16, 16, 16, 1],
    activation: 'relu',
    seed: 7,
    view: zoomAt(7, 1e-5),
  },
  {
    name: 'relu 1e-9 window about a vertex',
    widths: [2, 16, 16, 16, 1],
    activation: 'relu',
    seed: 7,
    view: zoomAt(7, 1e-9),
  },
  {
    name: 'relu 1e-5 window off the origin',
    widths: [2, 24, 24, 1],
    activation: 'relu',
    seed: 8,
    view: zoomAt(8, 1e-5, [2, 2]),
  },
];

let session: Session | undefined;
let app: AppPage;

beforeAll(async () => {
  session = await openSession();
  app = await openApp(session);
  // The exact count is not needed here: keep the CPU for SwiftShader.
  await app.page.evaluate(() => window.reluOrigami!.setExactCap(0));
  await app.page.evaluate((n) => window.reluOrigami!.resize(n, n), SIZE);
});

afterAll(async () => {
  await closeSession(session);
});

async function show(net: Network, view: Scene['view']): Promise<string> {
  return await app.page.evaluate(
    async (model, v) => {
      const api = window.reluOrigami!;
      await api.setModel(model);
      // Exactly the scene's window, whatever the canvas's aspect: the engine's picture is of that window.
      await api.setView(v, { exact: true });
      await api.render();
      return api.info().weights;
    },
    toModelJson(net) as unknown as Record<string, unknown>,
    view,
  );
}

async function readIds(): Promise<Uint32Array> {
  const r = await app.page.evaluate(async () => {
    const { width, height, ids } = await window.reluOrigami!.readRegionIds();
    return { width, height, ids: Array.from(ids) };
  });
  expect([r.width, r.height]).toEqual([SIZE, SIZE]);
  expect(await app.page.evaluate(() => window.reluOrigami!.info().idReadback)).toBe('integer target');
  return Uint32Array.from(r.ids);
}

async function readValues(kind: 'output' | 'gradient', output: number): Promise<Float32Array> {
  const v = await app.page.evaluate(
    async (k, o) => Array.from(await window.reluOrigami!.readValues(k, o)),
    kind,
    output,
  );
  return Float32Array.from(v);
}

describe('GPU region ids against the CPU engine, 256 x 256', () => {
  for (const sc of SCENES) {
    it(sc.name, async () => {
      const net = initNetwork({ widths: sc.widths, activation: sc.activation, seed: sc.seed });
      const map = planeMap(2, undefined) as PlaneMap;
      // The weights live in a texture (Renderer.weightStorage 'texture', the default).
      expect(await show(net, sc.view)).toBe('texture');
      const gpu = await readIds();
      const cpu = evaluateGrid(net, map, sc.view, SIZE, SIZE);
      const pixel = Math.max((sc.view.x1 - sc.view.x0) / SIZE, (sc.view.y1 - sc.view.y0) / SIZE);
      const near = nearZeroSets(net, map, sc.view, SIZE, SIZE, pixel);
      let agree = 0;
      let far = 0;
      let farAgree = 0;
      const regions = new Set<number>();
      for (let p = 0; p < SIZE * SIZE; p++) {
        const same = gpu[2 * p] === cpu.ids[2 * p] && gpu[2 * p + 1] === cpu.ids[2 * p + 1];
        regions.add(cpu.ids[2 * p]!);
        if (same) agree++;
        if (!near[p]) {
          far++;
          if (same) farAgree++;
        }
      }
      const all = agree / (SIZE * SIZE);
      console.log(
        `${sc.name}: ${regions.size} regions; all pixels ${(100 * all).toFixed(3)}% agree; ` +
          `${far} pixels farther than one pixel from every zero set: ${(100 * (farAgree / far)).toFixed(3)}% agree`,
      );
      expect(regions.size).toBeGreaterThanOrEqual(3);
      expect(far).toBeGreaterThan(SIZE * SIZE * 0.3);
      expect(farAgree).toBe(far);
      expect(all).toBeGreaterThanOrEqual(0.995);

      // Output and |grad f| on the pixels away from every zero set (where f is smooth at pixel scale).
      const k = sc.widths[sc.widths.length - 1]! - 1;
      const cpuK = evaluateGrid(net, map, sc.view, SIZE, SIZE, { gradientOutput: k });
      const out = await readValues('output', k);
      const grad = await readValues('gradient', k);
      const nOut = sc.widths[sc.widths.length - 1]!;
      let fScale = 0;
      for (let p = 0; p < SIZE * SIZE; p++) fScale = Math.max(fScale, Math.abs(cpuK.output[p * nOut + k]!));
      let maxOutErr = 0;
      let maxGradErr = 0;
      for (let p = 0; p < SIZE * SIZE; p++) {
        if (near[p]) continue;
        maxOutErr = Math.max(maxOutErr, Math.abs(out[p]! - cpuK.output[p * nOut + k]!) / fScale);
        const g = cpuK.gradientNorm[p]!;
        maxGradErr = Math.max(maxGradErr, Math.abs(grad[p]! - g) / Math.max(g, 1e-30));
      }
      console.log(
        `${sc.name}: output max error ${maxOutErr.toExponential(2)} of max|f|; |grad f| max relative error ${maxGradErr.toExponential(2)}`,
      );
      expect(maxOutErr).toBeLessThan(1e-4);
      expect(maxGradErr).toBeLessThan(1e-4);
    });
  }

  it('no page, console or WebGL errors', () => {
    expect(app.errors).toEqual([]);
  });
});
