/**
 * The CPU renderer in Node (a fake canvas: reads and image parts need none): its words equal the float64
 * engine's evaluateGrid, its bands put together equal the whole image, its image parts equal the crop of the
 * whole image, and the float32 check flags exactly the views where float32 cannot resolve a breakpoint.
 */
import { describe, expect, it } from 'vitest';
import { float32Resolution, float32ViewProblem } from '../../src/engine/float32.ts';
import { evaluateGrid } from '../../src/engine/forward.ts';
import { initNetwork } from '../../src/engine/init.ts';
import { evaluatePixels, neighbourRect } from '../../src/engine/pixels.ts';
import { type PlaneMap, planeMap } from '../../src/engine/plane.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';
import { bandHost, type FromBandWorker } from '../../src/render/cpu/bands.ts';
import { colourPixels, colourPlan } from '../../src/render/cpu/colour.ts';
import { CpuRenderer } from '../../src/render/cpu/cpuRenderer.ts';
import type { DisplayOptions } from '../../src/render/mapRenderer.ts';

const map = planeMap(2, undefined) as PlaneMap;
const view = { x0: -2, x1: 2, y0: -1.5, y1: 2.5 };
const W = 32;
const H = 24;

function renderer(widths: number[], activation: 'relu' | 'hardtanh' | 'leaky_relu' = 'relu', seed = 3) {
  const net = initNetwork({ widths, activation, seed });
  const canvas = { width: W, height: H } as HTMLCanvasElement;
  const r = new CpuRenderer(canvas);
  expect(r.setNetwork(net)).toBeNull();
  r.setView({ ...view, map });
  return { net, r };
}

const display = (mode: DisplayOptions['mode'], over: Partial<DisplayOptions> = {}): DisplayOptions => ({
  mode,
  layer: 1,
  output: 0,
  probe: -1,
  boundaries: true,
  range: 2,
  ...over,
});

describe('CPU renderer words', () => {
  it('readIdWords and readWords equal evaluateGrid at every pixel', () => {
    const { net, r } = renderer([2, 8, 8, 8, 2], 'leaky_relu');
    const grid = evaluateGrid(net, map, view, W, H, { gradientOutput: 1 });
    const words = r.readIdWords(W, H, 0, 1);
    const grad = new Float32Array(r.readWords('gradient', W, H, 0, 1).buffer);
    let same = 0;
    for (let p = 0; p < W * H; p++) {
      const out = new Float32Array(new Uint32Array([words[4 * p + 2]!]).buffer)[0]!;
      if (
        words[4 * p] === grid.ids[2 * p] &&
        words[4 * p + 1] === grid.ids[2 * p + 1] &&
        out === Math.fround(grid.output[2 * p + 1]!) &&
        grad[p] === Math.fround(grid.gradientNorm[p]!)
      )
        same++;
    }
    expect(same).toBe(W * H);
    expect(new Set(grid.ids.filter((_, i) => i % 2 === 0)).size).toBeGreaterThan(5);
  });

  it('hashes the first k layers in readWords as evaluateGrid does', () => {
    const { net, r } = renderer([2, 8, 8, 8, 1]);
    const grid = evaluateGrid(net, map, view, W, H, { layers: 1 });
    const lo = r.readWords('hashLo', W, H, 1);
    expect(Array.from(lo)).toEqual(Array.from(grid.ids.filter((_, i) => i % 2 === 0)));
  });
});

describe('CPU renderer images', () => {
  for (const mode of ['regions', 'gradient', 'output'] as const) {
    it(`${mode}: bands from the worker host and image parts equal the whole image`, async () => {
      const { net, r } = renderer([2, 8, 8, 3]);
      const d = display(mode, { probe: 3, output: mode === 'output' ? -1 : 0 });
      const whole = r.renderImagePart({
        display: d,
        imageWidth: W,
        imageHeight: H,
        x: 0,
        y: 0,
        width: W,
        height: H,
      })!;
      // The whole image from the pure functions directly.
      const plan = colourPlan(net, d);
      const crop = { x: 0, y: 0, width: W, height: H };
      const ref = new Uint8Array(4 * W * H);
      colourPixels(evaluatePixels(net, map, view, W, H, neighbourRect(crop, W), plan), plan, W, crop, ref);
      expect(Buffer.from(whole).equals(Buffer.from(ref))).toBe(true);
      // Bands of 7 rows from the worker's host, put together.
      const got = new Uint8Array(4 * W * H);
      let bands = 0;
      let allIn: () => void = () => {};
      const arrived = new Promise<void>((d) => {
        allIn = d;
      });
      const receive = bandHost((m: FromBandWorker) => {
        if (m.type === 'band') got.set(m.rgba, 4 * W * m.y);
        if (++bands === Math.ceil(H / 7)) allIn();
      });
      receive({ type: 'network', seq: 1, net });
      for (let y = 0; y < H; y += 7) {
        receive({
          type: 'band',
          job: 1,
          pass: 0,
          net: 1,
          map,
          view,
          imageWidth: W,
          imageHeight: H,
          y,
          rows: Math.min(7, H - y),
          plan,
        });
      }
      await arrived;
      expect(Buffer.from(got).equals(Buffer.from(ref))).toBe(true);
      // An image part equals its crop of the whole image.
      const part = r.renderImagePart({
        display: d,
        imageWidth: W,
        imageHeight: H,
        x: 11,
        y: 9,
        width: 20,
        height: 13,
      })!;
      let diff = 0;
      for (let j = 0; j < 13; j++)
        for (let i = 0; i < 20 * 4; i++) if (part[j * 80 + i] !== ref[(9 + j) * W * 4 + 44 + i]) diff++;
      expect(diff).toBe(0);
    });
  }

  it('a cancel message drops the queued bands of its frame', async () => {
    const { net } = renderer([2, 8, 1]);
    const plan = colourPlan(net, display('regions'));
    const got: number[] = [];
    const receive = bandHost((m: FromBandWorker) => {
      if (m.type === 'band') got.push(m.job);
    });
    receive({ type: 'network', seq: 1, net });
    for (const job of [1, 1, 1, 2]) {
      receive({
        type: 'band',
        job,
        pass: 0,
        net: 1,
        map,
        view,
        imageWidth: W,
        imageHeight: H,
        y: 0,
        rows: 2,
        plan,
      });
    }
    receive({ type: 'cancel', job: 1 });
    await new Promise((d) => setTimeout(d, 100));
    expect(got).toEqual([2]);
  });
});

describe('float32 resolution of a view', () => {
  it('passes the views the GPU tests check (ReLU family, unit to 1e-9 windows)', () => {
    const cases = [
      { widths: [2, 16, 16, 1], act: 'relu', seed: 1, v: { x0: -3, x1: 3, y0: -3, y1: 3 } },
      { widths: [2, 10, 10, 1], act: 'hardtanh', seed: 4, v: { x0: -3, x1: 3, y0: -3, y1: 3 } },
      {
        widths: [2, 16, 16, 16, 1],
        act: 'relu',
        seed: 7,
        v: { x0: 0.3, x1: 0.3 + 1e-9, y0: 0.2, y1: 0.2 + 1e-9 },
      },
    ] as const;
    for (const c of cases) {
      const net = initNetwork({ widths: [...c.widths], activation: c.act, seed: c.seed });
      expect(float32ViewProblem(net, map, c.v, 256, 256)).toBeNull();
    }
  });

  it('passes ReLU windows of 1e-5 and 1e-9 about a vertex where regions meet, with the same error in pixels', () => {
    const net = initNetwork({ widths: [2, 16, 16, 16, 1], activation: 'relu', seed: 7 });
    const e = enumerateRegions(net, { x0: -1, x1: 1, y0: -1, y1: 1 });
    if (typeof e === 'string') throw new Error(e);
    // A vertex shared by at least four region polygons (so several breakpoints pass near the centre).
    const seen = new Map<string, number>();
    let vertex: [number, number] | null = null;
    for (const r of e.regions) {
      for (let i = 0; i < r.polygon.length && !vertex; i += 2) {
        const key = `${r.polygon[i]!.toFixed(9)},${r.polygon[i + 1]!.toFixed(9)}`;
        const n = (seen.get(key) ?? 0) + 1;
        seen.set(key, n);
        if (n >= 4) vertex = [r.polygon[i]!, r.polygon[i + 1]!];
      }
    }
    expect(vertex).not.toBeNull();
    const [s, t] = vertex!;
    const at = (size: number) => ({
      x0: s - size / 3,
      x1: s + (2 * size) / 3,
      y0: t - size / 2,
      y1: t + size / 2,
    });
    const r5 = float32Resolution(net, map, at(1e-5), 256, 256);
    const r9 = float32Resolution(net, map, at(1e-9), 256, 256);
    expect(r5.neuron).toBeGreaterThanOrEqual(0);
    expect(r5.pixels).toBeLessThan(0.5);
    expect(Math.abs(r9.pixels / r5.pixels - 1)).toBeLessThan(0.01);
    expect(float32ViewProblem(net, map, at(1e-9), 256, 256)).toBeNull();
  });

  it('flags a hardtanh saturation boundary zoomed to 1e-6, with an error radius of a fixed plane size', () => {
    const net = initNetwork({ widths: [2, 8, 8, 1], activation: 'hardtanh', seed: 4 });
    const L = net.layers[0]!;
    // The point where neuron 0's pre-activation is exactly +1 on the line t = 0.1.
    const t = 0.1;
    const s = (1 - L.bias[0]! - L.weights[1]! * t) / L.weights[0]!;
    const at = (size: number) => ({ x0: s - size / 2, x1: s + size / 2, y0: t - size / 2, y1: t + size / 2 });
    const coarse = float32Resolution(net, map, at(1e-2), 64, 64);
    const deep = float32Resolution(net, map, at(1e-6), 64, 64);
    // The radius is about eps / |grad z|, whatever the zoom; in pixels it grows with the zoom.
    expect(deep.radius / coarse.radius).toBeGreaterThan(0.5);
    expect(deep.radius / coarse.radius).toBeLessThan(2);
    expect(deep.pixels).toBeGreaterThan(1);
    expect(float32ViewProblem(net, map, at(1e-2), 64, 64)).toBeNull();
    expect(float32ViewProblem(net, map, at(1e-6), 64, 64)).toMatch(/float32 cannot resolve/);
  });

  it('flags a view whose pixel steps underflow float32', () => {
    const net = initNetwork({ widths: [2, 8, 1], activation: 'relu', seed: 2 });
    const v = { x0: 0.5, x1: 0.5 + 1e-34, y0: 0.5, y1: 0.5 + 1e-34 };
    expect(float32ViewProblem(net, map, v, 64, 64)).toMatch(/too small for float32/);
  });
});
