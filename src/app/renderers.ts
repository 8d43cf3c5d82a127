/**
 * How the explorer makes its renderer: WebGL2 where it can, the CPU renderer (render/cpu/) in workers
 * otherwise, behind one {@link FallbackRenderer}. The URL's query may ask for a renderer (`renderer=cpu`,
 * or `renderer=webgl2` to keep the GPU even where float32 is too coarse, to see what it would draw) and,
 * for tests, make the network programs fail to compile (`gpu-fault=compile`).
 */

import type { BandWorker } from '../render/cpu/cpuFrame.ts';
import { CpuRenderer } from '../render/cpu/cpuRenderer.ts';
import { FallbackRenderer } from '../render/cpu/fallback.ts';
import { breakNetworkPrograms } from '../render/reglContext.ts';
import { Renderer } from '../render/renderer.ts';

/** The renderer options of a page (see the module comment). */
export interface RendererOptions {
  /** Ask for a renderer ('cpu': always the CPU; 'webgl2': the GPU even where float32 is too coarse). */
  force?: 'cpu' | 'webgl2' | null;
  /** Make the network programs fail to compile (a test of the fallback). */
  fault?: 'compile' | null;
}

/** The options in a URL query string such as `?renderer=cpu&gpu-fault=compile` (unknown values ignored). */
export function rendererOptionsOf(search: string): RendererOptions {
  const q = new URLSearchParams(search);
  const r = q.get('renderer');
  return {
    force: r === 'cpu' || r === 'webgl2' ? r : null,
    fault: q.get('gpu-fault') === 'compile' ? 'compile' : null,
  };
}

/** Workers of the CPU renderer: one per core but one, 1 to 4. */
function workerCount(): number {
  const n = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  return Math.max(1, Math.min(4, n - 1));
}

function bandWorker(): BandWorker {
  return new Worker(new URL('../workers/cpuRender.worker.ts', import.meta.url), {
    type: 'module',
  }) as unknown as BandWorker;
}

/** A WebGL2 renderer on `canvas` (with the fault asked for), or why there is none. */
function gpuOn(canvas: HTMLCanvasElement, o: RendererOptions): Renderer | string {
  try {
    const r = Renderer.create(canvas);
    if (typeof r !== 'string' && o.fault === 'compile') breakNetworkPrograms(r.gl);
    return r;
  } catch (e) {
    return `WebGL2 could not start: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/**
 * The explorer's renderer on `canvas`: WebGL2 with the CPU renderer drawing into a 2-D canvas laid over it
 * (id `view-cpu`, shown only while it draws), or, without WebGL2, the CPU renderer drawing into `canvas`.
 */
export function createMapRenderer(canvas: HTMLCanvasElement, o: RendererOptions = {}): FallbackRenderer {
  const gpu = gpuOn(canvas, o);
  let target = canvas;
  if (typeof gpu !== 'string') {
    target = canvas.ownerDocument.createElement('canvas');
    target.id = 'view-cpu';
    target.hidden = true;
    target.setAttribute('aria-hidden', 'true');
    canvas.after(target);
  }
  const workers = typeof Worker === 'undefined' ? null : bandWorker;
  const cpu = new CpuRenderer(canvas, target, workers, workerCount());
  return new FallbackRenderer(canvas, { gpu, cpu, recreate: () => gpuOn(canvas, o), force: o.force ?? null });
}
