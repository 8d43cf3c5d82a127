/**
 * The end of the colour scale for the gradient and output modes, sampled in float64 on a coarse grid of the
 * view. Deterministic, so the app and the CPU reference images use the same scale.
 */
import { classMargin } from './classes.ts';
import { createWorkspace, forwardInto, PlaneGradient } from './forward.ts';
import type { Network } from './model.ts';
import { type PlaneMap, pointAt } from './plane.ts';

/** A rectangle of the (s, t) plane. */
export interface ViewRect {
  /** Left edge. */
  x0: number;
  /** Right edge (> x0). */
  x1: number;
  /** Bottom edge. */
  y0: number;
  /** Top edge (> y0). */
  y1: number;
}

/**
 * Largest |grad f_k| (kind 'gradient'), |f_k| (kind 'output') or class margin (kind 'margin', classes.ts)
 * over an n x n grid of the view, n between 5
 * and 17 depending on the network's size. Returns 1 when the maximum is 0 or not finite, so the colour map is
 * always defined. `output` is the output index (negative: output 0).
 */
export function displayRange(
  net: Network,
  map: PlaneMap,
  view: ViewRect,
  kind: 'gradient' | 'output' | 'margin',
  output: number,
): number {
  let macs = 0;
  for (const L of net.layers) macs += L.inDim * L.outDim;
  const n = Math.max(5, Math.min(17, Math.floor(Math.sqrt(2e7 / Math.max(1, macs)))));
  const ws = createWorkspace(net);
  const grad = new PlaneGradient(net, map);
  const k = Math.max(0, output);
  let best = 0;
  for (let j = 0; j < n; j++) {
    const t = view.y0 + ((j + 0.5) * (view.y1 - view.y0)) / n;
    for (let i = 0; i < n; i++) {
      const s = view.x0 + ((i + 0.5) * (view.x1 - view.x0)) / n;
      pointAt(map, s, t, ws.x);
      forwardInto(net, ws.x, ws);
      const v =
        kind === 'gradient'
          ? grad.normAt(ws.pattern, k)
          : kind === 'margin'
            ? Math.abs(classMargin(ws.output))
            : Math.abs(ws.output[k] ?? 0);
      if (v > best) best = v;
    }
  }
  return best > 0 && Number.isFinite(best) ? best : 1;
}
