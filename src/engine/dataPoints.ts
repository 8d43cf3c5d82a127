/**
 * Data points on the map: the orthogonal projection of input points onto the view's plane, their distance
 * to it, the opacity that shows that distance, and the edits of the map (add a point, remove the nearest).
 *
 * The plane is x = origin + s ds + t dt (plane.ts). A point x projects to the (s, t) that minimise
 * |x - origin - s ds - t dt|: the normal equations G [s t]^T = [ds.(x - o), dt.(x - o)]^T with the Gram
 * matrix G = [[ds.ds, ds.dt], [ds.dt, dt.dt]], solved by Cramer's rule in float64. The distance is the
 * length of the residual. For a 2-input network without a plane (ds = e1, dt = e2) this gives s = x0,
 * t = x1 and distance 0 exactly; for a 1-input network (dt = 0) only s is solved and t is 0.
 */
import type { PlaneMap } from './plane.ts';
import type { PointSet } from './train/data.ts';

/** Plane coordinates of projected points and their distances to the plane (all of one length). */
export interface ProjectedPoints {
  /** s of point p at s[p]. */
  readonly s: Float64Array;
  /** t of point p at t[p] (0 for a 1-input network). */
  readonly t: Float64Array;
  /** Euclidean distance of point p to the plane, in input units (0 when it lies on the plane). */
  readonly distance: Float64Array;
}

/**
 * Project every point of `points` onto the plane of `map`. Returns a message when the points' input
 * dimension differs from the plane's, or when the plane is degenerate (a Gram determinant of 0).
 */
export function projectPoints(points: PointSet, map: PlaneMap): ProjectedPoints | string {
  const d = map.origin.length;
  if (points.inputDim !== d)
    return `the data has ${points.inputDim} input columns, the network has ${d} inputs`;
  const n = points.count;
  const s = new Float64Array(n);
  const t = new Float64Array(n);
  const distance = new Float64Array(n);
  const { origin: o, ds, dt } = map;
  let a = 0;
  let b = 0;
  let c = 0;
  for (let i = 0; i < d; i++) {
    a += ds[i]! * ds[i]!;
    b += ds[i]! * dt[i]!;
    c += dt[i]! * dt[i]!;
  }
  const oneAxis = c === 0;
  const det = a * c - b * b;
  if (a === 0 || (!oneAxis && !(det > 0)))
    return 'the plane is degenerate: its directions are not independent';
  for (let p = 0; p < n; p++) {
    let us = 0;
    let ut = 0;
    for (let i = 0; i < d; i++) {
      const r = points.x[p * d + i]! - o[i]!;
      us += ds[i]! * r;
      ut += dt[i]! * r;
    }
    const sp = oneAxis ? us / a : (c * us - b * ut) / det;
    const tp = oneAxis ? 0 : (a * ut - b * us) / det;
    let q = 0;
    for (let i = 0; i < d; i++) {
      const r = points.x[p * d + i]! - o[i]! - sp * ds[i]! - tp * dt[i]!;
      q += r * r;
    }
    s[p] = sp;
    t[p] = tp;
    distance[p] = Math.sqrt(q);
  }
  return { s, t, distance };
}

/**
 * The opacity that shows a point's distance to the plane: 1 / (1 + (distance / scale)^2), so a point on the
 * plane is opaque, one `scale` away half transparent, and far ones fade to 0. `scale` <= 0 or not finite:
 * 1 for a point on the plane and 0 otherwise.
 */
export function planeOpacity(distance: number, scale: number): number {
  if (!(scale > 0) || !Number.isFinite(scale)) return distance === 0 ? 1 : 0;
  const q = distance / scale;
  return 1 / (1 + q * q);
}

/**
 * The input-space width of the view [x0, x1] along the plane's s direction: (x1 - x0) |ds|. The map layer
 * uses a twentieth of it as the opacity scale, so the fading follows the zoom.
 */
export function viewInputWidth(map: PlaneMap, x0: number, x1: number): number {
  let q = 0;
  for (let i = 0; i < map.ds.length; i++) q += map.ds[i]! * map.ds[i]!;
  return (x1 - x0) * Math.sqrt(q);
}

/**
 * The index of the projected point nearest to (s, t), distances measured in pixels: a plane unit in s
 * is `pxPerS` pixels, in t `pxPerT`. Returns -1 when there are no points or the nearest is more than
 * `maxPixels` away.
 */
export function nearestPoint(
  proj: ProjectedPoints,
  s: number,
  t: number,
  pxPerS: number,
  pxPerT: number,
  maxPixels = Number.POSITIVE_INFINITY,
): number {
  let best = -1;
  let bestD = maxPixels * maxPixels;
  for (let p = 0; p < proj.s.length; p++) {
    const dx = (proj.s[p]! - s) * pxPerS;
    const dy = (proj.t[p]! - t) * pxPerT;
    const q = dx * dx + dy * dy;
    if (q <= bestD) {
      best = p;
      bestD = q;
    }
  }
  return best;
}

/** A new point set: `points` followed by one point with inputs `x` (inputDim numbers) and label or target `y`. */
export function withPoint(points: PointSet, x: ArrayLike<number>, y: number): PointSet {
  const d = points.inputDim;
  const nx = new Float64Array((points.count + 1) * d);
  nx.set(points.x.subarray(0, points.count * d));
  for (let i = 0; i < d; i++) nx[points.count * d + i] = x[i]!;
  const ny = new Float64Array(points.count + 1);
  ny.set(points.y.subarray(0, points.count));
  ny[points.count] = y;
  return { inputDim: d, count: points.count + 1, x: nx, y: ny };
}

/** A new point set: `points` without point `index` (the same points when `index` is out of range). */
export function withoutPoint(points: PointSet, index: number): PointSet {
  if (!Number.isInteger(index) || index < 0 || index >= points.count) return points;
  const d = points.inputDim;
  const nx = new Float64Array((points.count - 1) * d);
  nx.set(points.x.subarray(0, index * d));
  nx.set(points.x.subarray((index + 1) * d, points.count * d), index * d);
  const ny = new Float64Array(points.count - 1);
  ny.set(points.y.subarray(0, index));
  ny.set(points.y.subarray(index + 1, points.count), index);
  return { inputDim: d, count: points.count - 1, x: nx, y: ny };
}

/**
 * A point set from rows of inputs and one label or target per row. Returns a message naming the first row
 * that has a different length from the first, a non-finite number, or when the lengths of `x` and `y` differ.
 * An empty set has `emptyDim` inputs per point (default 2).
 */
export function pointSetOf(
  x: readonly (readonly number[])[],
  y: readonly number[],
  emptyDim = 2,
): PointSet | string {
  if (!Array.isArray(x) || !Array.isArray(y))
    return 'expected x (rows of inputs) and y (labels or targets) as arrays';
  if (x.length !== y.length) return `there are ${x.length} input rows and ${y.length} labels or targets`;
  const d = x.length > 0 ? (Array.isArray(x[0]) ? x[0].length : 0) : emptyDim;
  if (x.length > 0 && d < 1) return 'point 1 has no input coordinates';
  const px = new Float64Array(x.length * d);
  const py = new Float64Array(y.length);
  for (let p = 0; p < x.length; p++) {
    const row = x[p]!;
    if (!Array.isArray(row) || row.length !== d)
      return `point ${p + 1} has ${Array.isArray(row) ? row.length : 0} inputs, expected ${d}`;
    for (let i = 0; i < d; i++) {
      if (typeof row[i] !== 'number' || !Number.isFinite(row[i]))
        return `point ${p + 1} input ${i + 1} is not a finite number`;
      px[p * d + i] = row[i]!;
    }
    if (typeof y[p] !== 'number' || !Number.isFinite(y[p]))
      return `point ${p + 1} label is not a finite number`;
    py[p] = y[p]!;
  }
  return { inputDim: d, count: x.length, x: px, y: py };
}

/**
 * True when `bytes` read as a CSV of points rather than a model: text (no NUL byte, no leading `{` or `[`,
 * not ONNX's binary), whose first line that is not blank or a `#` comment has at least two cells separated
 * by commas, semicolons or tabs, and some line of which is all numbers. Only the first 64 KiB are looked at.
 */
export function looksLikePointsCsv(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 65_536);
  if (head.includes(0)) return false;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: false }).decode(head);
  } catch {
    return false;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const first = text.trimStart()[0];
  if (first === undefined || first === '{' || first === '[') return false;
  const lines = text
    .split(/\r\n|\n|\r/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const sep = /[,;\t]/;
  if (lines.length === 0 || !sep.test(lines[0]!)) return false;
  const num = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
  return lines.slice(0, 50).some((l) => {
    const cells = l.split(sep).map((c) => c.trim());
    return cells.length >= 2 && cells.every((c) => num.test(c));
  });
}
