/**
 * The exact-count worker: enumerates the regions of the view with the engine and posts the count, whether
 * the enumeration completed, and (up to a cap) the polygons with their pattern hashes.
 * Cancellation is by terminating the worker (see app/exact.ts).
 */

import type { ExactRequest, ExactResponse } from '../app/exactProtocol.ts';
import { patternHashInto } from '../engine/forward.ts';
import { parseModelOrThrow } from '../engine/model.ts';
import { enumerateRegions } from '../engine/regions.ts';

self.onmessage = (e: MessageEvent<ExactRequest>) => {
  const q = e.data;
  try {
    // Checked on the main thread already; a bad model is reported like any failure below.
    const network = parseModelOrThrow(q.model);
    const r = enumerateRegions(network, q.window, { maxRegions: q.maxRegions, layers: q.layers });
    if (typeof r === 'string') {
      post({ id: q.id, error: r });
      return;
    }
    const keep = r.regions.length <= q.maxPolygons ? r.regions : [];
    const hashes = new Uint32Array(2 * keep.length);
    let hashNeurons = 0;
    for (let l = 0; l < Math.min(q.layers, network.layers.length); l++)
      hashNeurons += network.layers[l]!.outDim;
    for (let i = 0; i < keep.length; i++) patternHashInto(keep[i]!.pattern, hashes, 2 * i, hashNeurons);
    const polygons = keep.map((reg) => reg.polygon);
    const areas = Float64Array.from(keep, (reg) => reg.area);
    post({ id: q.id, count: r.count, complete: r.complete, polygons, hashes, areas }, [
      hashes.buffer,
      areas.buffer,
      // Region polygons are views of one shared buffer (see regions.ts): transfer each buffer once.
      ...new Set(polygons.map((p) => p.buffer as ArrayBuffer)),
    ]);
  } catch (err) {
    post({ id: q.id, error: err instanceof Error ? err.message : String(err) });
  }
};

function post(m: ExactResponse, transfer: Transferable[] = []): void {
  (self as unknown as Worker).postMessage(m, transfer);
}
