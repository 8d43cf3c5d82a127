/**
 * The views' regions worker: enumerates the regions of the view with their affine maps (for the surface,
 * the contours, the analysis and the verification) off the main thread. Cancellation is by terminating
 * the worker (see views/exactRegions.ts).
 */
import { parseModelOrThrow } from '../engine/model.ts';
import {
  countDepths,
  enumerateWithBudget,
  type ViewRegionsRequest,
  type ViewRegionsResponse,
} from '../views/regionsProtocol.ts';

self.onmessage = (e: MessageEvent<ViewRegionsRequest>) => {
  const q = e.data;
  try {
    // Checked on the main thread already; a bad model is reported like any failure below.
    const network = parseModelOrThrow(q.model);
    if (q.depths) {
      post({ id: q.id, depths: countDepths(network, q.window, q.depths, q.maxRegions, q.budgetMs) });
      return;
    }
    const { enumeration: r, timedOut } = enumerateWithBudget(network, q.window, q.maxRegions, q.budgetMs);
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
