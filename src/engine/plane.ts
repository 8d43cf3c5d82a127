/**
 * Windows of the input plane and plane slices through higher-dimensional inputs.
 *
 * A window is the rectangle [x0, x1] x [y0, y1] of plane coordinates (s, t). For a 2-D network without a
 * plane, (s, t) are the inputs themselves. With a plane (p0, p1, p2), (s, t) maps to the input
 * p0 + s (p1 - p0) + t (p2 - p0). For a 1-D network the window is the interval [x0, x1] (y0, y1 unused).
 */

/** Three points of the input space spanning a plane slice (each of the network's input dimension). */
export type Plane = readonly [readonly number[], readonly number[], readonly number[]];

/** A rectangle of the (s, t) plane, optionally through a plane slice. */
export interface Window {
  /** Left edge (smallest s). */
  x0: number;
  /** Right edge (largest s), > x0. */
  x1: number;
  /** Bottom edge (smallest t). */
  y0: number;
  /** Top edge (largest t), > y0. */
  y1: number;
  /** The plane slice; absent for 1-D and 2-D inputs taken as they are. */
  plane?: Plane;
}

/**
 * The affine map from plane coordinates (s, t) to the input space: x = origin + s * ds + t * dt.
 * For a 2-D input without a plane: origin 0, ds = e1, dt = e2. For a 1-D input: ds = e1, dt = 0.
 */
export interface PlaneMap {
  /** Input-space point at (s, t) = (0, 0). */
  readonly origin: Float64Array;
  /** Input-space direction of s. */
  readonly ds: Float64Array;
  /** Input-space direction of t. */
  readonly dt: Float64Array;
}

/**
 * Build the (s, t) -> input map for a network of `inputDim` inputs. Returns an error message (a string)
 * when the plane is missing for inputDim > 2, has points of the wrong size or non-finite coordinates,
 * or is degenerate (p1 - p0 and p2 - p0 not linearly independent).
 */
export function planeMap(inputDim: number, plane: Plane | undefined): PlaneMap | string {
  const origin = new Float64Array(inputDim);
  const ds = new Float64Array(inputDim);
  const dt = new Float64Array(inputDim);
  if (!plane) {
    if (inputDim > 2) return `a network with ${inputDim} inputs needs a plane (three points p0, p1, p2)`;
    ds[0] = 1;
    if (inputDim === 2) dt[1] = 1;
    return { origin, ds, dt };
  }
  if (!Array.isArray(plane) || plane.length !== 3) return 'plane must be three points [p0, p1, p2]';
  for (let k = 0; k < 3; k++) {
    const p = plane[k];
    if (!Array.isArray(p) || p.length !== inputDim) {
      return `plane point p${k} has ${Array.isArray(p) ? p.length : 0} coordinates, expected ${inputDim}`;
    }
    for (let i = 0; i < inputDim; i++) {
      if (typeof p[i] !== 'number' || !Number.isFinite(p[i]))
        return `plane point p${k}[${i}] is not a finite number`;
    }
  }
  const [p0, p1, p2] = plane;
  let n1 = 0;
  let n2 = 0;
  let dot = 0;
  for (let i = 0; i < inputDim; i++) {
    origin[i] = p0[i]!;
    ds[i] = p1[i]! - p0[i]!;
    dt[i] = p2[i]! - p0[i]!;
    n1 += ds[i]! * ds[i]!;
    n2 += dt[i]! * dt[i]!;
    dot += ds[i]! * dt[i]!;
  }
  if (inputDim === 1) {
    if (n1 === 0) return 'plane is degenerate: p1 equals p0';
    return { origin, ds, dt };
  }
  if (n1 === 0 || n2 === 0 || n1 * n2 - dot * dot <= 1e-24 * n1 * n2) {
    return 'plane is degenerate: p1 - p0 and p2 - p0 must be linearly independent';
  }
  return { origin, ds, dt };
}

/** Check a window: finite numbers with x0 < x1 and (for 2-D planes) y0 < y1. Returns an error or null. */
export function windowError(w: Window, oneDimensional = false): string | null {
  for (const k of ['x0', 'x1', 'y0', 'y1'] as const) {
    if (oneDimensional && (k === 'y0' || k === 'y1')) continue;
    if (typeof w[k] !== 'number' || !Number.isFinite(w[k])) return `window ${k} is not a finite number`;
  }
  if (!(w.x0 < w.x1)) return `window x0 (${w.x0}) must be less than x1 (${w.x1})`;
  if (!oneDimensional && !(w.y0 < w.y1)) return `window y0 (${w.y0}) must be less than y1 (${w.y1})`;
  return null;
}

/** Write into `out` the input-space point at plane coordinates (s, t); returns `out`. */
export function pointAt(map: PlaneMap, s: number, t: number, out: Float64Array): Float64Array {
  const n = map.origin.length;
  for (let i = 0; i < n; i++) out[i] = map.origin[i]! + s * map.ds[i]! + t * map.dt[i]!;
  return out;
}

/**
 * Fit `view` to the aspect of `canvas` so that its pixels are square: the window's shorter side (relative to
 * the canvas) grows about the centre until (x1 - x0) / width equals (y1 - y0) / height, so the requested
 * rectangle is always wholly visible. Used for links, the reset key, loaded views, the API's `setView`, the
 * tour and `relu-origami render`. Returns `view` itself when it is already square within 1e-12 or when the
 * canvas has no area; otherwise a new object (other fields copied).
 */
export function fitAspect<V extends { x0: number; x1: number; y0: number; y1: number }>(
  view: V,
  canvas: { width: number; height: number },
): V {
  const aspect = canvas.width / canvas.height;
  if (!(aspect > 0) || !Number.isFinite(aspect)) return view;
  const w = view.x1 - view.x0;
  const h = view.y1 - view.y0;
  if (!(w > 0) || !(h > 0)) return view;
  const want = h * aspect;
  if (Math.abs(w - want) <= 1e-12 * Math.max(w, want)) return view;
  const cx = (view.x0 + view.x1) / 2;
  const cy = (view.y0 + view.y1) / 2;
  if (w < want) {
    const hx = want / 2;
    return { ...view, x0: cx - hx, x1: cx + hx };
  }
  const hy = w / aspect / 2;
  return { ...view, y0: cy - hy, y1: cy + hy };
}

/**
 * The view to show after the canvas changed size: the same centre, the window's smaller extent kept along
 * the canvas's shorter side and the other extent fitted (square pixels). Flipping a window between landscape
 * and portrait and back gives the first view again. Returns `view` itself when the canvas has no area.
 */
export function refitAspect<V extends { x0: number; x1: number; y0: number; y1: number }>(
  view: V,
  canvas: { width: number; height: number },
): V {
  if (!(canvas.width > 0) || !(canvas.height > 0)) return view;
  const m = Math.min(view.x1 - view.x0, view.y1 - view.y0) / 2;
  const cx = (view.x0 + view.x1) / 2;
  const cy = (view.y0 + view.y1) / 2;
  return fitAspect({ ...view, x0: cx - m, x1: cx + m, y0: cy - m, y1: cy + m }, canvas);
}
