/**
 * The "with page rendering" half of `npm run bench:train`: the explorer in headless Chromium (SwiftShader,
 * or the GPU where bench/node/gpu.ts would use it) trains each network in its training worker at full
 * speed while the page draws every update of the map, and reports the worker's steps per second and the
 * map's updates per second (distinct steps shown, sampled every animation frame) at a 1024 x 768 viewport
 * (BENCH_PAGE_SIZE), after an unrecorded warm-up run of the first network.
 * The page's worker trains about half of each update interval (trainingProtocol.ts UPDATE_BUDGET_MS), so
 * its steps per second are bounded by that share of one core. Not a test: nothing here asserts a time.
 */
import {
  closeSession,
  gpuFlags,
  machineHasGpu,
  openSession,
  SWIFTSHADER_FLAGS,
} from '../../src/cli/browser.ts';

/** The page's viewport (BENCH_PAGE_SIZE, e.g. 640x480; default 1024x768). */
const SIZE = (process.env.BENCH_PAGE_SIZE ?? '1024x768').split('x').map(Number) as [number, number];

/** What the page measured for one network. */
export interface PageFigures {
  /** Training steps per second of the page's worker while the map is drawn. */
  withPageStepsPerSecond: number;
  /** Map updates per second (frames with new weights). */
  pageUpdatesPerSecond: number;
  /** Resolution divisor of the last live frame (1: full resolution). */
  pageReduction: number;
  /** The page's viewport in CSS pixels. */
  pageViewport: string;
  /** The WebGL renderer. */
  pageRenderer: string;
}

/** Measure each network (URL-hash widths like 2-8-8-8-1) for `seconds` of training in the explorer. */
export async function measureWithPage(archs: string[], seconds: number): Promise<Map<string, PageFigures>> {
  const gpu = process.env.BENCH_GPU === '1' || (process.env.BENCH_GPU !== '0' && machineHasGpu());
  const session = await openSession(
    process.env.BENCH_DEV !== '1',
    gpu ? gpuFlags('vulkan') : SWIFTSHADER_FLAGS,
  );
  const out = new Map<string, PageFigures>();
  try {
    // A first, shorter run is not recorded: a fresh browser's first page also pays the software
    // rasteriser's start-up (shader compilation, caches), which is not the rate a run keeps.
    const measure = async (arch: string, secs: number, record: boolean) => {
      const page = await session.browser.newPage();
      page.on('pageerror', (e) => console.error(`page error: ${e instanceof Error ? e.message : String(e)}`));
      page.setDefaultNavigationTimeout(600_000);
      await page.setViewport({ width: SIZE[0], height: SIZE[1], deviceScaleFactor: 1 });
      await page.goto(`${session.url}#arch=${arch}&seed=1&data=spiral&noise=0.03`, { waitUntil: 'load' });
      await page.waitForFunction(() => window.reluOrigami !== undefined, { timeout: 120_000 });
      // A string, so that the bundler's helpers (tsx) do not leak into the page's code.
      const r = (await page.evaluate(`(async () => {
        const api = window.reluOrigami;
        await api.controlTraining('play');
        // Timing starts once the worker has posted its first steps (its module and data are loaded).
        const ready = performance.now();
        while (api.trainingState().latestStep === 0 && performance.now() - ready < 120000)
          await new Promise((r) => setTimeout(r, 20));
        const first = api.trainingState().latestStep;
        let shown = 0;
        let last = -1;
        const t0 = performance.now();
        await new Promise((done) => {
          const frame = () => {
            const s = api.trainingState().step;
            if (s !== last) { shown++; last = s; }
            if (performance.now() - t0 < ${secs * 1000}) requestAnimationFrame(frame); else done();
          };
          requestAnimationFrame(frame);
        });
        const seconds = (performance.now() - t0) / 1000;
        const steps = api.trainingState().latestStep - first;
        api.controlTraining('pause');
        const info = api.info();
        return { steps: steps / seconds, updates: shown / seconds, reduction: info.lastReduction, renderer: info.renderer };
      })()`)) as { steps: number; updates: number; reduction: number; renderer: string };
      if (record)
        out.set(arch, {
          withPageStepsPerSecond: Math.round(r.steps),
          pageUpdatesPerSecond: Number(r.updates.toFixed(1)),
          pageReduction: r.reduction,
          pageViewport: `${SIZE[0]}x${SIZE[1]}`,
          pageRenderer: r.renderer,
        });
      await page.close();
    };
    if (archs.length > 0) await measure(archs[0]!, Math.min(2, seconds), false);
    for (const arch of archs) await measure(arch, seconds, true);
  } finally {
    await closeSession(session);
  }
  return out;
}
