/**
 * The views' regions worker: enumerates the regions of the view with their affine maps (for the surface,
 * the contours, the analysis and the verification) off the main thread. Cancellation is by terminating
 * the worker (see views/exactRegions.ts).
 */
import { parseModelOrThrow } from '../engine/model.ts';
import { enumerateRegions } from '../engine/regions.ts';
import type { ViewRegionsRequest, ViewRegionsResponse } from '../views/regionsProtocol.ts';

self.onmessage = (e: MessageEvent<ViewRegionsRequest>) => {
  const q = e.data;
  try {
    // Checked on the main thread already; a bad model is reported like any failure below.
    const network = parseModelOrThrow(q.model);
    if (q.depths) {
      const depths = q.depths.map((layer) => {
        const start = performance.now();
        const r = enumerateRegions(network, q.window, {
          layers: layer,
          maxRegions: q.maxRegions,
          shouldStop: () => performance.now() - start > q.budgetMs,
        });
        return typeof r === 'string'
          ? { layer, count: 0, complete: false }
          : { layer, count: r.count, complete: r.complete };
      });
      post({ id: q.id, depths });
      return;
    }
    const start = performance.now();
    let timedOut = false;
    const r = enumerateRegions(network, q.window, {
      maxRegions: q.maxRegions,
      shouldStop: () => {
        timedOut = performance.now() - start > q.budgetMs;
        return timedOut;
      },
    });
    if (typeof r === 'string') {
      post({ id: q.id, error: r });
      return;
    }
    // Regions hold views of a few shared buffers: transfer each buffer once.
    const buffers = new Set<ArrayBuffer>();
    for (const g of r.regions) {
      for (const a of [g.polygon, g.pattern, g.jacobian, g.offset]) buffers.add(a.buffer as ArrayBuffer);
    }
    post({ id: q.id, enumeration: r, timedOut }, [...buffers]);
  } catch (err) {
    post({ id: q.id, error: err instanceof Error ? err.message : String(err) });
  }
};

function post(m: ViewRegionsResponse, transfer: Transferable[] = []): void {
  (self as unknown as Worker).postMessage(m, transfer);
}
