/**
 * Soak: the weights of a 2-16-16-16-1 network are animated (setModel with perturbed weights) and rendered
 * continuously for SOAK_SECONDS (40 s in the suite; `npm run soak` runs 300 s). Every interval the JS heap
 * after a forced collection (CDP HeapProfiler.collectGarbage, Runtime.getHeapUsage) and the count of live
 * WebGL objects (counted by wrapping the context's create and delete calls before the page loads) are
 * sampled; after the warm-up (the first quarter) neither may grow by more than 10%, and frames must keep
 * coming in every interval. The figures are printed as JSON.
 */
import { describe, expect, it } from 'vitest';
import { useExplorerPages } from './harness.ts';

const { open } = useExplorerPages();

const SECONDS = Number(process.env.SOAK_SECONDS ?? 40);
const INTERVALS = 8;

/** Counts live WebGL objects by kind: installed into the page before its scripts run. */
function countGlObjects(): void {
  const live: Record<string, number> = {};
  (window as unknown as { glLive: Record<string, number> }).glLive = live;
  const proto = WebGL2RenderingContext.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const kind of [
    'Texture',
    'Buffer',
    'Framebuffer',
    'Renderbuffer',
    'Program',
    'Shader',
    'VertexArray',
    'Query',
    'Sync',
  ]) {
    live[kind] = 0;
    const create = proto[`create${kind}`] ?? (kind === 'Sync' ? proto.fenceSync : undefined);
    const del = proto[`delete${kind}`];
    if (!create || !del) continue;
    const createName = proto[`create${kind}`] ? `create${kind}` : 'fenceSync';
    proto[createName] = function (this: unknown, ...a: unknown[]) {
      const o = create.apply(this, a);
      if (o) live[kind]!++;
      return o;
    };
    proto[`delete${kind}`] = function (this: unknown, ...a: unknown[]) {
      if (a[0]) live[kind]!--;
      return del.apply(this, a);
    };
  }
}

describe('soak', () => {
  it(
    `animates weights and renders for ${SECONDS} s with a flat heap and GL object count`,
    async () => {
      const { page } = await open('#arch=2-16-16-16-1&view=-2,2,-2,2', 200, 200);
      // The counters must see the objects made at start-up: reload with them installed first.
      await page.evaluateOnNewDocument(countGlObjects);
      await page.reload({ waitUntil: 'load' });
      await page.waitForFunction(() => window.reluOrigami !== undefined, { timeout: 60_000 });
      const cdp = await page.createCDPSession();
      await cdp.send('HeapProfiler.enable');
      const sample = async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
        const gl = await page.evaluate(() => ({
          ...(window as unknown as { glLive: Record<string, number> }).glLive,
        }));
        const frames = await page.evaluate(() => window.reluOrigami!.frames().drawn);
        return { heap: heap.usedSize, gl, glTotal: Object.values(gl).reduce((a, b) => a + b, 0), frames };
      };
      // The animation: each step perturbs every weight by a seeded wave and sets and draws the model.
      await page.evaluate(() => {
        const w = window as unknown as { soakStop: boolean; soakSteps: number };
        w.soakStop = false;
        w.soakSteps = 0;
        const api = window.reluOrigami!;
        const base = {
          inputDim: 2,
          layers: [2, 16, 16, 16, 1].slice(1).map((out, l, a) => {
            const inDim = l === 0 ? 2 : a[l - 1]!;
            return {
              weights: Array.from({ length: out }, (_, i) =>
                Array.from({ length: inDim }, (_, j) => Math.sin(1 + 7 * l + 3 * i + j) / Math.sqrt(inDim)),
              ),
              bias: Array.from({ length: out }, (_, i) => 0.1 * Math.cos(i + l)),
              activation: l === a.length - 1 ? 'linear' : 'relu',
            };
          }),
        };
        const run = async () => {
          while (!w.soakStop) {
            const k = w.soakSteps++;
            const m = {
              ...base,
              name: 'soak',
              layers: base.layers.map((L) => ({
                ...L,
                weights: L.weights.map((r, i) =>
                  r.map((x, j) => x * (1 + 0.2 * Math.sin(0.05 * k + i + 2 * j))),
                ),
              })),
            };
            await api.setModel(m);
            await api.render();
            await new Promise((r) => setTimeout(r, 0));
          }
        };
        void run();
      });
      const samples: Awaited<ReturnType<typeof sample>>[] = [];
      const steps: number[] = [];
      for (let k = 0; k <= INTERVALS; k++) {
        if (k > 0) await new Promise((r) => setTimeout(r, (SECONDS * 1000) / INTERVALS));
        samples.push(await sample());
        steps.push(await page.evaluate(() => (window as unknown as { soakSteps: number }).soakSteps));
      }
      await page.evaluate(() => {
        (window as unknown as { soakStop: boolean }).soakStop = true;
      });
      const warm = samples[Math.round(INTERVALS / 4)]!;
      const last = samples[samples.length - 1]!;
      const maxHeap = Math.max(...samples.slice(Math.round(INTERVALS / 4)).map((s) => s.heap));
      const report = {
        seconds: SECONDS,
        steps: steps[steps.length - 1],
        heapMB: samples.map((s) => Number((s.heap / 2 ** 20).toFixed(3))),
        glObjects: samples.map((s) => s.glTotal),
        glByKind: last.gl,
        framesPerInterval: samples.slice(1).map((s, i) => s.frames - samples[i]!.frames),
        heapGrowthAfterWarmup: Number(((last.heap - warm.heap) / warm.heap).toFixed(4)),
        maxHeapOverWarmup: Number((maxHeap / warm.heap - 1).toFixed(4)),
      };
      console.log(JSON.stringify(report));
      expect(last.heap).toBeLessThanOrEqual(warm.heap * 1.1);
      expect(last.glTotal).toBeLessThanOrEqual(warm.glTotal * 1.1);
      expect(warm.glTotal).toBeGreaterThan(0);
      // Frames keep coming: every interval drew some.
      for (const f of report.framesPerInterval) expect(f).toBeGreaterThan(0);
    },
    (SECONDS + 60) * 1000,
  );
});
