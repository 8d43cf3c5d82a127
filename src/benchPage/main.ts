/**
 * The benchmark page (bench.html). On load, synchronously (so that `chromium --dump-dom` sees the result),
 * it measures the fragment-shader FMA peak, the app's region-map shader for every configuration of
 * network.ts and the CPU engine on the same networks, and writes one flat JSON object per line into
 * `<pre id="result">`. Query flags: `post` also POSTs the lines to /result (gpu/serve.py); `size=N` fixes
 * the side of the region-map target (default: sized from a probe to about `seconds` per pass, at most 2048);
 * `seconds=S` the time of one timed pass; `tile=M` the multiply-adds per draw call of the Renderer's tiling
 * (default MACS_PER_DRAW); `only=W` runs only configurations of width W; `cpu=0` skips the CPU engine.
 * Then (upload.ts, interaction.ts) the upload of a 1e6-parameter network (`upload=0` skips it), the
 * interactive frames of each configuration on a simulated canvas (`interaction=0` skips them; `canvas=WxH`,
 * default 1920x1080, 480x270 on SwiftShader; `interactionMax=W` the widest, default 64 on SwiftShader) and
 * the JS heap's growth per frame (`heap=0` skips it; `heapFrames=N`, default 200, at most 5 s of frames;
 * `heapCanvas=WxH`, default the interaction canvas, 96x54 on SwiftShader).
 * Shader variants: `pixels=1|2|4|8` pixels per fragment (default: the Renderer's choice), `unrollInputs=N`,
 * `unrollLayer=N`, `chunked=0` (programs.ts UnrollPlan), `weights=auto` (a uniform block where the weights fit).
 * `variants=k:v,k:v;k:v...` (keys px, ui, ul, ch=0, w=ubo) instead runs each variant in turn per configuration, `rounds` times (default 2), and writes one
 * `variant` line per run (rates from the fastest pass, fraction of the fastest peak draw): for comparing
 * variants back to back on a noisy machine.
 */
import { Renderer } from '../render/renderer.ts';
import { appReduction, measureHeap, measureInteraction } from './interaction.ts';
import { BENCH_NETWORKS, benchNetwork, measureCpu, measureGpu, setBenchView } from './network.ts';
import { measurePeak } from './peak.ts';
import { measureUpload } from './upload.ts';

const out = document.getElementById('result')!;
const status = document.getElementById('status')!;
const query = new URLSearchParams(location.search);
const now = () => performance.now();
const lines: string[] = [];

/** Numbers to 4 significant digits (integers kept), so that the lines stay readable. */
const round = (_key: string, v: unknown) =>
  typeof v === 'number' && !Number.isInteger(v) && Number.isFinite(v) ? Number(v.toPrecision(4)) : v;

function emit(record: Record<string, unknown>): void {
  const line = JSON.stringify(record, round);
  lines.push(line);
  out.textContent = `${lines.join('\n')}\n`;
  console.log(line);
}

/** The pixels-per-fragment flag: 1, 2, 4 or 8, else 'auto'. */
function pixelsOf(flag: string | null): 'auto' | 1 | 2 | 4 | 8 {
  return flag === '1' ? 1 : flag === '2' ? 2 : flag === '4' ? 4 : flag === '8' ? 8 : 'auto';
}

function run(): void {
  const started = now();
  const canvas = document.createElement('canvas');
  canvas.width = 8;
  canvas.height = 8;
  const renderer = Renderer.create(canvas);
  if (typeof renderer === 'string') {
    emit({ kind: 'error', message: renderer });
    return;
  }
  if (['unrollInputs', 'unrollLayer', 'chunked'].some((k) => query.has(k))) {
    renderer.unrollPlan = {
      maxInputTexels: Number(query.get('unrollInputs') ?? renderer.unrollPlan.maxInputTexels),
      maxLayerTexels: Number(query.get('unrollLayer') ?? renderer.unrollPlan.maxLayerTexels),
      chunked: query.get('chunked') !== '0',
    };
  }
  renderer.pixelsPerFragment = pixelsOf(query.get('pixels'));
  if (query.get('weights') === 'auto') renderer.weightStorage = 'auto';
  const name = renderer.limits.renderer;
  const swiftShader = /swiftshader/i.test(name);
  const base = { renderer: name, swiftShader };
  const passSeconds = Number(query.get('seconds') ?? (swiftShader ? 0.25 : 0.3));
  const repeats = swiftShader ? 3 : 5;
  let peakFma = Number.NaN;
  const peakCanvas = document.createElement('canvas');
  const peakGl = peakCanvas.getContext('webgl2', { antialias: false, depth: false, stencil: false });
  if (!peakGl) {
    emit({ kind: 'error', message: 'no WebGL2 context for the peak', ...base });
  } else {
    try {
      const side = swiftShader ? 256 : 2048;
      const p = measurePeak(peakGl, side, swiftShader ? 0.15 : 0.2, 5, now);
      peakFma = query.has('variants') ? p.bestFmaPerSecond : p.fmaPerSecond;
      emit({ kind: 'peak', ...p, ...base, userAgent: navigator.userAgent });
    } catch (e) {
      emit({ kind: 'error', message: `peak: ${e instanceof Error ? e.message : String(e)}`, ...base });
    }
    peakGl.getExtension('WEBGL_lose_context')?.loseContext();
  }
  const only = query.has('only') ? Number(query.get('only')) : null;
  const variants = query.get('variants');
  if (variants) {
    // Experiment: variants of the shader (k:v,k:v;...) alternated per configuration, `rounds` times.
    const list = variants.split(';').map((v) => Object.fromEntries(v.split(',').map((kv) => kv.split(':'))));
    for (let r = 0; r < Number(query.get('rounds') ?? 2); r++) {
      for (const { W, L } of BENCH_NETWORKS) {
        if (only !== null && W !== only) continue;
        for (const v of list) {
          renderer.unrollPlan = {
            maxInputTexels: Number(v.ui ?? 64),
            chunked: v.ch !== '0',
            maxLayerTexels: Number(v.ul ?? 256),
          };
          renderer.pixelsPerFragment = pixelsOf(v.px ?? 'auto');
          renderer.weightStorage = v.w === 'ubo' ? 'auto' : 'texture';
          const net = benchNetwork(W, L);
          const plan = { passSeconds, maxSide: 2048, fixedSide: 0, repeats, macsPerDraw: 0 };
          const gpu = measureGpu(renderer, net, plan, now);
          if (typeof gpu === 'string') {
            emit({ kind: 'error', W, L, message: gpu });
            continue;
          }
          emit({
            kind: 'variant',
            variant: JSON.stringify(v),
            W,
            L,
            mac: gpu.macPerSecond,
            best: gpu.bestMacPerSecond,
            frac: gpu.bestMacPerSecond / peakFma,
            compile: gpu.compileSeconds,
          });
        }
      }
    }
    renderer.destroy();
    return;
  }
  for (const { W, L } of BENCH_NETWORKS) {
    if (only !== null && W !== only) continue;
    status.textContent = `W=${W} L=${L}`;
    const net = benchNetwork(W, L);
    const plan = {
      passSeconds,
      maxSide: 2048,
      fixedSide: Number(query.get('size') ?? 0),
      repeats,
      macsPerDraw: Number(query.get('tile') ?? 0),
    };
    const gpu = measureGpu(renderer, net, plan, now);
    if (typeof gpu === 'string') {
      emit({ kind: 'error', W, L, message: gpu, ...base });
      continue;
    }
    const cpu = query.get('cpu') === '0' ? null : measureCpu(net, swiftShader ? 0.25 : 0.3, 3, now);
    emit({
      kind: 'regionMap',
      W,
      L,
      ...gpu,
      fractionOfPeak: gpu.macPerSecond / peakFma,
      ...(cpu ? { ...cpu, gpuCpuRatio: gpu.macPerSecond / cpu.cpuMacPerSecond } : {}),
      ...base,
    });
  }
  const configs = BENCH_NETWORKS.filter(({ W }) => only === null || W === only);
  if (query.get('upload') !== '0') {
    status.textContent = 'upload';
    const t0 = now();
    const up = measureUpload(renderer, 7, now);
    const wallSeconds = (now() - t0) / 1000;
    emit(
      typeof up === 'string'
        ? { kind: 'error', message: `upload: ${up}`, ...base }
        : { kind: 'upload', ...up, wallSeconds, ...base },
    );
  }
  measureFrames(renderer, configs, swiftShader, base);
  renderer.destroy();
  status.textContent = `done in ${((now() - started) / 1000).toFixed(1)} s`;
}

/** `WxH` as two positive integers (1 for what is not one). */
function canvasSize(text: string): [number, number] {
  const [w, h] = text.split('x').map(Number);
  return [Math.max(1, Math.floor(w ?? 1) || 1), Math.max(1, Math.floor(h ?? 1) || 1)];
}

/** The interaction and heap records (see interaction.ts) of `configs`, as the query asks. */
function measureFrames(
  renderer: Renderer,
  configs: readonly { W: number; L: number }[],
  swiftShader: boolean,
  base: Record<string, unknown>,
): void {
  const [width, height] = canvasSize(query.get('canvas') ?? (swiftShader ? '480x270' : '1920x1080'));
  const widest = Number(query.get('interactionMax') ?? (swiftShader ? 64 : Number.POSITIVE_INFINITY));
  const chosen = configs.filter(({ W }) => W <= widest);
  if (chosen.length === 0) return;
  const install = (W: number, L: number): string | null => {
    const map = setBenchView(renderer);
    return typeof map === 'string' ? map : renderer.setNetwork(benchNetwork(W, L));
  };
  const reductions = new Map<number, number>();
  if (query.get('interaction') !== '0') {
    const plan = swiftShader
      ? { width, height, repeats: 3, frameBudgetMs: 400, drawBudgetMs: 400, maxDraws: 8 }
      : { width, height, repeats: 5, frameBudgetMs: 250, drawBudgetMs: 500, maxDraws: 100 };
    for (const { W, L } of chosen) {
      status.textContent = `interaction W=${W} L=${L}`;
      const t0 = now();
      const err = install(W, L);
      const f = err ?? measureInteraction(renderer, plan, now);
      const wallSeconds = (now() - t0) / 1000;
      if (typeof f === 'string') {
        emit({ kind: 'error', W, L, message: `interaction: ${f}`, ...base });
        continue;
      }
      reductions.set(W, f.reduction);
      emit({ kind: 'interaction', W, L, ...f, wallSeconds, ...base });
    }
  }
  if (query.get('heap') === '0') return;
  // The lightest configuration; on a GPU also the heaviest (more tiles, so more per-frame objects).
  const heapConfigs = swiftShader
    ? chosen.slice(0, 1)
    : [...new Set([chosen[0]!, chosen[chosen.length - 1]!])];
  const frames = Math.max(1, Number(query.get('heapFrames') ?? 200));
  // What a frame allocates depends on its tiles, not its pixels: SwiftShader draws the heap frames small.
  const heapCanvas = query.get('heapCanvas') ?? (swiftShader ? '96x54' : `${width}x${height}`);
  const [hw, hh] = canvasSize(heapCanvas);
  const sameCanvas = hw === width && hh === height;
  for (const { W, L } of heapConfigs) {
    status.textContent = `heap W=${W} L=${L}`;
    const err = install(W, L);
    renderer.canvas.width = hw;
    renderer.canvas.height = hh;
    const measured = sameCanvas ? reductions.get(W) : undefined;
    const reduction = measured ?? appReduction(renderer, 2 ** 28);
    const t0 = now();
    const h = err ?? measureHeap(renderer, reduction, frames, 5000, now);
    const wallSeconds = (now() - t0) / 1000;
    emit(
      typeof h === 'string'
        ? { kind: 'error', W, L, message: `heap: ${h}`, ...base }
        : { kind: 'heap', W, L, ...h, wallSeconds, ...base },
    );
  }
}

try {
  run();
} catch (e) {
  emit({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
}
out.dataset.done = '1';
if (query.has('post')) {
  void fetch('/result', { method: 'POST', body: lines.join('\n') }).catch(() => {});
}
