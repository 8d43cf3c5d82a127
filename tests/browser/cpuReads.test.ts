/**
 * The CPU renderer's reads in the browser. On one small view the WebGL2 renderer and the CPU renderer
 * (its workers, as the explorer makes them) read the margin, the local complexity and the display word
 * with a probed neuron's state, and agree; the workers' reads equal the calling thread's word for word.
 * A large readRegionIds on the CPU renderer is computed in the workers: a heartbeat of the page keeps
 * ticking meanwhile, and the ids equal the float64 engine's.
 */
import type { Page } from 'puppeteer';
import { describe, expect, it } from 'vitest';
import { evaluateGrid } from '../../src/engine/forward.ts';
import { initNetwork } from '../../src/engine/init.ts';
import { toModelJson } from '../../src/engine/model.ts';
import { type PlaneMap, planeMap } from '../../src/engine/plane.ts';
import { useExplorerPages } from './harness.ts';

const pages = useExplorerPages();
const N = 32;
const view = { x0: -1.7, x1: 1.9, y0: -1.2, y1: 2.1 };
type Read = { name: string; args: unknown[] };
const READS: Read[] = [
  { name: 'margin', args: ['margin', N, N, 0, 0] },
  { name: 'complexity', args: ['complexity', N, N, 0, 0, 0.25] },
  { name: 'display, probe 3', args: ['display', N, N, 0, 0, 0, 3] },
  { name: 'display, probe 12', args: ['display', N, N, 0, 0, 0, 12] },
];

/** Both renderers' words of each read, made in the page from the dev server's modules. */
async function readBoth(page: Page, model: unknown) {
  const script = `(async () => {
    const { Renderer } = await import('/src/render/renderer.ts');
    const { CpuRenderer } = await import('/src/render/cpu/cpuRenderer.ts');
    const { parseModelOrThrow } = await import('/src/engine/model.ts');
    const { planeMap } = await import('/src/engine/plane.ts');
    const net = parseModelOrThrow(${JSON.stringify(model)});
    const canvas = () => { const c = document.createElement('canvas'); c.width = ${N}; c.height = ${N}; return c; };
    const gpu = Renderer.create(canvas());
    if (typeof gpu === 'string') throw new Error(gpu);
    const worker = () => new Worker(new URL('/src/workers/cpuRender.worker.ts', location.href), { type: 'module' });
    const c = canvas();
    const cpu = new CpuRenderer(c, c, worker, 2);
    const view = { ...${JSON.stringify(view)}, map: planeMap(2, undefined) };
    for (const r of [gpu, cpu]) { r.setNetwork(net); r.setView(view); }
    const out = [];
    for (const args of ${JSON.stringify(READS.map((r) => r.args))}) {
      out.push({
        gpu: Array.from(gpu.readWords(...args)),
        cpu: Array.from(cpu.readWords(...args)),
        workers: Array.from(await cpu.readWordsAsync(...args)),
      });
    }
    gpu.destroy();
    cpu.destroy();
    return out;
  })()`;
  return (await page.evaluate(script)) as { gpu: number[]; cpu: number[]; workers: number[] }[];
}

const f32 = (w: number) => new Float32Array(new Uint32Array([w]).buffer)[0]!;

describe('CPU reads against the GPU', () => {
  it('margin, complexity and the probe in the display word agree on a small view', async () => {
    const net = initNetwork({ widths: [2, 8, 8, 3], activation: 'hardtanh', seed: 6 });
    const { page } = await pages.open('#arch=2-8-1', 64, 64);
    const got = await readBoth(page, toModelJson(net));
    READS.forEach((r, k) => {
      const { gpu, cpu, workers } = got[k]!;
      expect(workers, r.name).toEqual(cpu);
      let same = 0;
      const seen = new Set<number>();
      for (let p = 0; p < N * N; p++) {
        if (r.name === 'margin') {
          const a = f32(gpu[p]!);
          const b = f32(cpu[p]!);
          if (Math.abs(a - b) <= 1e-4 * Math.max(1, Math.abs(b))) same++;
          seen.add(Math.round(b * 100));
        } else if (r.name === 'complexity') {
          if (gpu[p] === cpu[p]) same++;
          seen.add(f32(cpu[p]!));
        } else {
          // The state of the probed neuron (bits 14-15) and the 30 hash bits of the word.
          if (gpu[p] === cpu[p]) same++;
          seen.add((cpu[p]! >>> 14) & 3);
        }
      }
      console.log(`${r.name}: GPU and CPU words agree at ${same} of ${N * N} pixels (${seen.size} values)`);
      // Pixels on a boundary may fall either way between float32 and float64.
      expect(same / (N * N), r.name).toBeGreaterThan(0.98);
      expect(seen.size, r.name).toBeGreaterThan(1);
    });
  });
});

describe('CPU reads off the main thread', () => {
  it('a large readRegionIds leaves the page responsive and equals the engine', async () => {
    const S = 160;
    const net = initNetwork({ widths: [2, 48, 48, 48, 1], activation: 'relu', seed: 4 });
    const square = { x0: -1.7, x1: 1.9, y0: -1.5, y1: 2.1 };
    const { page } = await pages.open('?renderer=cpu#arch=2-8-1', S, S);
    const r = await page.evaluate(
      async (m, v, size) => {
        const api = window.reluOrigami!;
        await api.setExactCap(0);
        await api.resize(size, size);
        await api.setModel(m);
        await api.setView(v);
        await api.render();
        let ticks = 0;
        let gap = 0;
        let last = performance.now();
        let on = true;
        const beat = () => {
          const now = performance.now();
          gap = Math.max(gap, now - last);
          last = now;
          ticks++;
          if (on) setTimeout(beat, 0);
        };
        const t0 = performance.now();
        setTimeout(beat, 0);
        const read = await api.readRegionIds();
        on = false;
        return {
          ms: performance.now() - t0,
          ticks,
          gap,
          ids: Array.from(read.ids),
          info: api.info().renderer,
        };
      },
      toModelJson(net) as unknown as Record<string, unknown>,
      square,
      S,
    );
    expect(r.info).toBe('cpu');
    console.log(
      `readRegionIds of ${S} x ${S} on the CPU renderer: ${r.ms.toFixed(0)} ms, the page's heartbeat ticked ` +
        `${r.ticks} times, its longest gap ${r.gap.toFixed(0)} ms`,
    );
    const grid = evaluateGrid(net, planeMap(2, undefined) as PlaneMap, square, S, S);
    let same = 0;
    for (let p = 0; p < S * S; p++)
      if (r.ids[2 * p] === grid.ids[2 * p] && r.ids[2 * p + 1] === grid.ids[2 * p + 1]) same++;
    expect(same).toBe(S * S);
    // On the main thread the read would be one gap as long as the read itself.
    expect(r.ticks).toBeGreaterThan(10);
    expect(r.gap).toBeLessThan(r.ms / 3);
  });
});
