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
 * The quantile of |f_k| that ends the output mode's diverging scale: a robust end, so that a few large
 * values do not wash out the rest of the view (values beyond it take the map's end colours).
 */
export const OUTPUT_QUANTILE = 0.95;

/** {@link OUTPUT_QUANTILE} as the colour bar names it. */
export const OUTPUT_QUANTILE_LABEL = '95th percentile';

/**
 * The end of the colour scale over an n x n grid of the view, n between 5 and 17 depending on the network's
 * size: the largest |grad f_k| (kind 'gradient') or class margin (kind 'margin', classes.ts), and for kind
 * 'output' the {@link OUTPUT_QUANTILE} quantile of |f_k| (the nearest rank; the largest |f_k| when that
 * quantile is 0), the scale running symmetrically from -end to end. Returns 1 when the end is 0 or not
 * finite, so the colour map is always defined. `output` is the output index (negative: output 0).
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
  const values = kind === 'output' ? new Float64Array(n * n) : null;
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
      if (values) values[j * n + i] = v;
      if (v > best) best = v;
    }
  }
  if (values) {
    values.sort();
    const q = values[Math.max(0, Math.ceil(OUTPUT_QUANTILE * values.length) - 1)]!;
    if (q > 0 && Number.isFinite(q)) best = q;
  }
  return best > 0 && Number.isFinite(best) ? best : 1;
}
