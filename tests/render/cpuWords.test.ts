/**
 * The CPU renderer's margin, local-complexity and probe reads against independent truths (the engine's
 * classMargin and localComplexityAt, a one-neuron network's closed form, the forward pass's pattern), and
 * its reads over workers (bandHost in this process, as the page's workers run it): the same words as on the
 * calling thread, band by band, and a worker's failure rejects the read.
 */
import { describe, expect, it } from 'vitest';
import { classMargin } from '../../src/engine/classes.ts';
import { localComplexityAt } from '../../src/engine/complexity.ts';
import { createWorkspace, evaluateGrid, forwardInto } from '../../src/engine/forward.ts';
import { initNetwork } from '../../src/engine/init.ts';
import type { Network } from '../../src/engine/model.ts';
import { type PlaneMap, planeMap, pointAt } from '../../src/engine/plane.ts';
import { bandHost, type FromBandWorker, type ToBandWorker } from '../../src/render/cpu/bands.ts';
import type { BandWorker } from '../../src/render/cpu/cpuFrame.ts';
import { CpuRenderer } from '../../src/render/cpu/cpuRenderer.ts';
import { readBandRows } from '../../src/render/cpu/reads.ts';
import type { WordChannel } from '../../src/render/mapRenderer.ts';

const map = planeMap(2, undefined) as PlaneMap;
const view = { x0: -2, x1: 2, y0: -1.5, y1: 2.5 };
const W = 40;
const H = 30;
const f32 = (w: number) => new Float32Array(new Uint32Array([w]).buffer)[0]!;
const centre = (i: number, j: number) =>
  [view.x0 + ((i + 0.5) * (view.x1 - view.x0)) / W, view.y1 - ((j + 0.5) * (view.y1 - view.y0)) / H] as const;

/** A worker running bandHost in this process, answering in a later task as a real one does. */
class LocalWorker implements BandWorker {
  onmessage: ((e: MessageEvent<FromBandWorker>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  received = 0;
  private readonly host = bandHost((m) => setTimeout(() => this.onmessage?.({ data: m } as MessageEvent)));
  constructor(private readonly failReads = false) {}
  postMessage(m: ToBandWorker): void {
    if (m.type === 'read') this.received++;
    if (this.failReads && m.type === 'read') {
      setTimeout(() => this.onerror?.({ message: 'out of memory', preventDefault() {} } as ErrorEvent));
      return;
    }
    this.host(structuredClone(m));
  }
  terminate(): void {}
}

function renderer(net: Network, workers: LocalWorker[] | null = null) {
  const canvas = { width: W, height: H } as HTMLCanvasElement;
  let k = 0;
  const r = new CpuRenderer(canvas, canvas, workers ? () => workers[k++]! : null, workers?.length ?? 0);
  r.setNetwork(net);
  r.setView({ ...view, map });
  return r;
}

describe('CPU renderer: margin, complexity and probe words', () => {
  it('margin: the float32 of the largest output minus the second largest, at every pixel', () => {
    const net = initNetwork({ widths: [2, 8, 8, 3], activation: 'relu', seed: 5 });
    const grid = evaluateGrid(net, map, view, W, H);
    const words = renderer(net).readWords('margin', W, H);
    let same = 0;
    let positive = 0;
    for (let p = 0; p < W * H; p++) {
      const m = classMargin(grid.output.subarray(3 * p, 3 * p + 3));
      if (f32(words[p]!) === Math.fround(m)) same++;
      if (m > 0) positive++;
    }
    expect(same).toBe(W * H);
    expect(positive).toBe(W * H);
  });

  it('margin of one output: the output minus the search floor, as the shader computes it', () => {
    const net = initNetwork({ widths: [2, 6, 1], activation: 'relu', seed: 2 });
    const words = renderer(net).readWords('margin', W, H);
    for (const p of [0, 77, W * H - 1]) expect(f32(words[p]!)).toBe(Math.fround(3.4e38));
  });

  it('complexity of one neuron z = s: 1 where |s| <= r, else 0 (the output layer is linear)', () => {
    const net: Network = {
      inputDim: 2,
      layers: [
        {
          inDim: 2,
          outDim: 1,
          weights: new Float64Array([1, 0]),
          bias: new Float64Array([0]),
          activation: 'relu',
          alpha: new Float64Array(1),
        },
        {
          inDim: 1,
          outDim: 1,
          weights: new Float64Array([1]),
          bias: new Float64Array([0]),
          activation: 'linear',
          alpha: new Float64Array(1),
        },
      ],
    } as unknown as Network;
    const r = 0.5;
    const words = renderer(net).readWords('complexity', W, H, 0, 0, r);
    let ones = 0;
    for (let j = 0; j < H; j++)
      for (let i = 0; i < W; i++) {
        const [s] = centre(i, j);
        const want = Math.abs(s) <= r ? 1 : 0;
        expect(f32(words[j * W + i]!)).toBe(want);
        ones += want;
      }
    // The centres are at s = -1.95, -1.85, ..., 1.95: |s| <= 0.5 holds in the 10 columns -0.45 .. 0.45.
    expect(ones).toBe(12 * H - 2 * H);
  });

  it("complexity equals the engine's localComplexityAt at every pixel centre", () => {
    const net = initNetwork({ widths: [2, 8, 8, 1], activation: 'hardtanh', seed: 7 });
    const radius = 0.3;
    const words = renderer(net).readWords('complexity', W, H, 0, 0, radius);
    let nonzero = 0;
    let wrong = 0;
    for (let j = 0; j < H; j++)
      for (let i = 0; i < W; i++) {
        const [s, t] = centre(i, j);
        const c = localComplexityAt(net, map, s, t, radius);
        if (f32(words[j * W + i]!) !== c) wrong++;
        if (c > 0) nonzero++;
      }
    expect(wrong).toBe(0);
    expect(nonzero).toBeGreaterThan(W * H * 0.2);
  });

  it("the display word carries the probed neuron's state in bits 14-15 and hash bits 0..29", () => {
    const net = initNetwork({ widths: [2, 8, 8, 1], activation: 'hardtanh', seed: 3 });
    const grid = evaluateGrid(net, map, view, W, H);
    const ws = createWorkspace(net);
    let varying = 0;
    let wrong = 0;
    for (let probe = 0; probe < 16; probe++) {
      const words = renderer(net).readWords('display', W, H, 0, 0, 0, probe);
      const states = new Set<number>();
      for (let j = 0; j < H; j++)
        for (let i = 0; i < W; i++) {
          const p = j * W + i;
          const [s, t] = centre(i, j);
          pointAt(map, s, t, ws.x);
          forwardInto(net, ws.x, ws);
          const w = words[p]!;
          if (((w >>> 14) & 3) !== ws.pattern[probe]) wrong++;
          states.add(ws.pattern[probe]!);
          const lo = grid.ids[2 * p]!;
          if (((w & 0x3fff) | (((w >>> 16) & 0xffff) << 14)) !== (lo & 0x3fffffff)) wrong++;
        }
      if (states.size > 1) varying++;
    }
    expect(wrong).toBe(0);
    // Neurons whose zero sets cross the view show more than one state.
    expect(varying).toBeGreaterThan(3);
  });
});

describe('CPU renderer reads over workers', () => {
  // Wide enough that a 40 x 30 read takes several bands (readBandRows).
  const net = initNetwork({ widths: [2, 64, 64, 64, 2], activation: 'leaky_relu', seed: 9 });
  const channels: WordChannel[] = [
    'display',
    'hashLo',
    'hashHi',
    'output',
    'gradient',
    'argmax',
    'margin',
    'complexity',
  ];

  it('give the words computed on the calling thread, for every channel and the id words', async () => {
    const workers = [new LocalWorker(), new LocalWorker()];
    const r = renderer(net, workers);
    const here = renderer(net);
    for (const c of channels) {
      const got = await r.readWordsAsync(c, W, H, 1, 1, 0.2, 5);
      expect(Array.from(got), c).toEqual(Array.from(here.readWords(c, W, H, 1, 1, 0.2, 5)));
    }
    const ids = await r.readIdWordsAsync(W, H, 0, 1);
    expect(Array.from(ids)).toEqual(Array.from(here.readIdWords(W, H, 0, 1)));
    // Both workers computed bands.
    expect(workers[0]!.received).toBeGreaterThan(0);
    expect(workers[1]!.received).toBeGreaterThan(0);
  });

  it('cut a large read into bands of rows that cover it once', () => {
    const bands = readBandRows(1000, 700, 2000);
    expect(bands.length).toBeGreaterThan(100);
    let next = 0;
    for (const b of bands) {
      expect(b.y).toBe(next);
      next += b.rows;
    }
    expect(next).toBe(700);
  });

  it("reject with the worker's failure", async () => {
    const r = renderer(net, [new LocalWorker(true)]);
    await expect(r.readIdWordsAsync(W, H)).rejects.toThrow(/CPU render worker failed: out of memory/);
  });
});
