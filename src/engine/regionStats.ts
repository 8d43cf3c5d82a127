/**
 * Shape statistics of one linear region (a convex polygon) and distributions over many regions.
 *
 * Definitions (docs/cli.md repeats them):
 * - vertices: the polygon's corners. The engine's polygons carry collinear vertices where a neighbour was cut
 *   (T-junctions); a vertex counts as a corner only when it lies farther than a tolerance from the line through
 *   its two neighbours (2^-40 of the polygon's bounding-box diagonal plus 2^-44 of the window's scale, that is
 *   beyond the rounding of the coordinates), so the count depends on the region, not on how it was cut.
 * - perimeter and area: of the polygon (the shoelace formula relative to its first vertex).
 * - inradius: the radius of the largest disc inside the polygon, centred at the Chebyshev centre. It is
 *   computed by shrinking the polygon: every edge moves inward at unit speed, an edge whose neighbours meet
 *   vanishes (the first such event is found from the 3 x 3 system of the edge and its two neighbours), and
 *   when three edges are left the point where their offset lines meet is the centre and its time the radius.
 *   For a convex polygon every edge shrinks as it moves, so the process always ends (an O(n^2) walk of the
 *   polygon's straight skeleton).
 * - eccentricity: sqrt(1 - λmin / λmax) of the covariance of the uniform distribution on the polygon (its
 *   second central moments over its area). An ellipse of semi-axes a >= b has the classical eccentricity
 *   sqrt(1 - b^2 / a^2); a w x h rectangle (w >= h) has sqrt(1 - h^2 / w^2); regular polygons have 0.
 * Degenerate polygons (fewer than three corners, or no area) have inradius 0 and eccentricity 1.
 */

/** sqrt(x^2 + y^2) without overflow or underflow (Math.hypot only where the squares would leave float64). */
export function segmentLength(x: number, y: number): number {
  const m = Math.max(Math.abs(x), Math.abs(y));
  return m > 1e150 || (m < 1e-150 && m > 0) ? Math.hypot(x, y) : Math.sqrt(x * x + y * y);
}

/** The shape of one region, in window units. */
export interface RegionStats {
  /** Area (square window units). */
  area: number;
  /** Perimeter (window units). */
  perimeter: number;
  /** Number of corners (collinear vertices are not counted). */
  vertices: number;
  /** Radius of the largest inscribed disc (0 for a degenerate polygon). */
  inradius: number;
  /** sqrt(1 - λmin/λmax) of the second central moments, in [0, 1] (1 for a degenerate polygon). */
  eccentricity: number;
  /** The centroid [s, t] (the first vertex for a polygon without area). */
  centroid: [number, number];
  /** The Chebyshev centre [s, t]: the centre of the largest inscribed disc (the centroid when degenerate). */
  centre: [number, number];
}

/**
 * The corners of a counter-clockwise convex polygon [x0, y0, x1, y1, ...] as a new array, without repeated
 * and collinear vertices (tolerance in the module comment; `scale` is the window's size, e.g. the largest of
 * its width, height and coordinates). Returns fewer than 3 corners for a degenerate polygon.
 */
export function polygonCorners(polygon: ArrayLike<number>, scale = 0): number[] {
  const n = polygon.length >> 1;
  let xmin = Number.POSITIVE_INFINITY;
  let xmax = Number.NEGATIVE_INFINITY;
  let ymin = Number.POSITIVE_INFINITY;
  let ymax = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const x = polygon[2 * i]!;
    const y = polygon[2 * i + 1]!;
    xmin = Math.min(xmin, x);
    xmax = Math.max(xmax, x);
    ymin = Math.min(ymin, y);
    ymax = Math.max(ymax, y);
  }
  const tol = 2 ** -40 * segmentLength(xmax - xmin, ymax - ymin) + 2 ** -44 * scale;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    xs.push(polygon[2 * i]!);
    ys.push(polygon[2 * i + 1]!);
  }
  // Drop vertices near the line through their neighbours until none is left to drop.
  let changed = true;
  while (changed && xs.length >= 3) {
    changed = false;
    for (let i = 0; i < xs.length && xs.length >= 3; ) {
      const p = (i + xs.length - 1) % xs.length;
      const q = (i + 1) % xs.length;
      const ax = xs[q]! - xs[p]!;
      const ay = ys[q]! - ys[p]!;
      const bx = xs[i]! - xs[p]!;
      const by = ys[i]! - ys[p]!;
      const len = segmentLength(ax, ay);
      const dist = len > 0 ? Math.abs(ax * by - ay * bx) / len : segmentLength(bx, by);
      if (dist <= tol) {
        xs.splice(i, 1);
        ys.splice(i, 1);
        changed = true;
      } else i++;
    }
  }
  const out: number[] = [];
  for (let i = 0; i < xs.length; i++) out.push(xs[i]!, ys[i]!);
  return out;
}

/**
 * Area, first and second moments of a polygon [x0, y0, ...] about its first vertex: [A, Sx, Sy, Ixx, Iyy, Ixy]
 * with Sx = ∫x, Ixx = ∫x², Ixy = ∫xy in coordinates relative to that vertex (signed: counter-clockwise > 0).
 */
function moments(polygon: ArrayLike<number>): number[] {
  const n = polygon.length >> 1;
  const ox = polygon[0]!;
  const oy = polygon[1]!;
  let a = 0;
  let sx = 0;
  let sy = 0;
  let ixx = 0;
  let iyy = 0;
  let ixy = 0;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    const x0 = polygon[2 * i]! - ox;
    const y0 = polygon[2 * i + 1]! - oy;
    const x1 = polygon[2 * j]! - ox;
    const y1 = polygon[2 * j + 1]! - oy;
    const c = x0 * y1 - x1 * y0;
    a += c;
    sx += (x0 + x1) * c;
    sy += (y0 + y1) * c;
    ixx += (x0 * x0 + x0 * x1 + x1 * x1) * c;
    iyy += (y0 * y0 + y0 * y1 + y1 * y1) * c;
    ixy += (x0 * y1 + 2 * x0 * y0 + 2 * x1 * y1 + x1 * y0) * c;
  }
  return [a / 2, sx / 6, sy / 6, ixx / 12, iyy / 12, ixy / 24];
}

/**
 * The largest disc inside a counter-clockwise convex polygon given by its corners (no collinear vertices):
 * [centre x, centre y, radius], by the edge-collapse walk of the module comment. Returns null for fewer
 * than three corners.
 */
export function chebyshevCentre(corners: ArrayLike<number>): [number, number, number] | null {
  const n = corners.length >> 1;
  if (n < 3) return null;
  // Edge i runs from corner i to corner i + 1; its inward unit normal (nx, ny) and offset c: n . p >= c inside.
  const nx = new Float64Array(n);
  const ny = new Float64Array(n);
  const c = new Float64Array(n);
  const ox = corners[0]!;
  const oy = corners[1]!;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    const x0 = corners[2 * i]! - ox;
    const y0 = corners[2 * i + 1]! - oy;
    const dx = corners[2 * j]! - ox - x0;
    const dy = corners[2 * j + 1]! - oy - y0;
    const len = segmentLength(dx, dy);
    nx[i] = -dy / len;
    ny[i] = dx / len;
    c[i] = nx[i]! * x0 + ny[i]! * y0;
  }
  const prev = Array.from({ length: n }, (_, i) => (i + n - 1) % n);
  const next = Array.from({ length: n }, (_, i) => (i + 1) % n);
  const alive = new Uint8Array(n).fill(1);
  const time = new Float64Array(n);
  const px = new Float64Array(n);
  const py = new Float64Array(n);
  // Where the offset lines a, i, b meet: n_k . p - t = c_k for k in {a, i, b}; t = Infinity when singular.
  const event = (i: number) => {
    const a = prev[i]!;
    const b = next[i]!;
    const det =
      nx[a]! * (ny[i]! * -1 - -1 * ny[b]!) -
      ny[a]! * (nx[i]! * -1 - -1 * nx[b]!) +
      -1 * (nx[i]! * ny[b]! - ny[i]! * nx[b]!);
    if (det === 0 || !Number.isFinite(det)) {
      time[i] = Number.POSITIVE_INFINITY;
      return;
    }
    const ca = c[a]!;
    const ci = c[i]!;
    const cb = c[b]!;
    const dX =
      ca * (ny[i]! * -1 - -1 * ny[b]!) - ny[a]! * (ci * -1 - -1 * cb) + -1 * (ci * ny[b]! - ny[i]! * cb);
    const dY =
      nx[a]! * (ci * -1 - -1 * cb) - ca * (nx[i]! * -1 - -1 * nx[b]!) + -1 * (nx[i]! * cb - ci * nx[b]!);
    const dT =
      nx[a]! * (ny[i]! * cb - ci * ny[b]!) -
      ny[a]! * (nx[i]! * cb - ci * nx[b]!) +
      ca * (nx[i]! * ny[b]! - ny[i]! * nx[b]!);
    px[i] = dX / det;
    py[i] = dY / det;
    time[i] = dT / det;
  };
  for (let i = 0; i < n; i++) event(i);
  let left = n;
  while (left > 3) {
    let best = -1;
    for (let i = 0; i < n; i++) if (alive[i] && (best < 0 || time[i]! < time[best]!)) best = i;
    const a = prev[best]!;
    const b = next[best]!;
    alive[best] = 0;
    next[a] = b;
    prev[b] = a;
    left--;
    event(a);
    event(b);
  }
  let last = 0;
  while (!alive[last]) last++;
  event(last);
  const r = time[last]!;
  if (!Number.isFinite(r) || r <= 0) return null;
  return [ox + px[last]!, oy + py[last]!, r];
}

/**
 * The statistics of one region's polygon [x0, y0, ...] (counter-clockwise, convex, possibly with collinear
 * vertices); `scale` is the window's size (see {@link polygonCorners}). The area is the polygon's own.
 */
export function polygonStats(polygon: ArrayLike<number>, scale = 0): RegionStats {
  const n = polygon.length >> 1;
  let perimeter = 0;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    perimeter += segmentLength(polygon[2 * j]! - polygon[2 * i]!, polygon[2 * j + 1]! - polygon[2 * i + 1]!);
  }
  const m = n > 0 ? moments(polygon) : [0, 0, 0, 0, 0, 0];
  const area = Math.max(0, m[0]!);
  const ox = n > 0 ? polygon[0]! : 0;
  const oy = n > 0 ? polygon[1]! : 0;
  const corners = polygonCorners(polygon, scale);
  const nc = corners.length >> 1;
  if (!(area > 0) || nc < 3) {
    return {
      area,
      perimeter,
      vertices: nc,
      inradius: 0,
      eccentricity: 1,
      centroid: [ox, oy],
      centre: [ox, oy],
    };
  }
  const cx = m[1]! / area;
  const cy = m[2]! / area;
  const sxx = m[3]! / area - cx * cx;
  const syy = m[4]! / area - cy * cy;
  const sxy = m[5]! / area - cx * cy;
  const mean = (sxx + syy) / 2;
  const d = segmentLength((sxx - syy) / 2, sxy);
  // 1 - λmin/λmax = 2d / (mean + d), without the cancellation of λmin = mean - d.
  const eccentricity = Math.min(1, Math.sqrt((2 * d) / (mean + d)));
  const centroid: [number, number] = [ox + cx, oy + cy];
  const cheb = chebyshevCentre(corners);
  return {
    area,
    perimeter,
    vertices: nc,
    inradius: cheb ? cheb[2] : 0,
    eccentricity: Number.isFinite(eccentricity) ? eccentricity : 1,
    centroid,
    centre: cheb ? [cheb[0], cheb[1]] : centroid,
  };
}

/** Quantiles of a list of numbers (nearest rank on the sorted list); all zero for an empty list. */
export interface Quantiles {
  min: number;
  p05: number;
  p25: number;
  median: number;
  p75: number;
  p95: number;
  max: number;
  mean: number;
}

/** The {@link Quantiles} of `values` (does not modify the input). */
export function quantiles(values: ArrayLike<number>): Quantiles {
  const n = values.length;
  if (n === 0) return { min: 0, p05: 0, p25: 0, median: 0, p75: 0, p95: 0, max: 0, mean: 0 };
  const s = Float64Array.from(values).sort();
  const q = (p: number) => s[Math.min(n - 1, Math.max(0, Math.round(p * (n - 1))))]!;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += s[i]!;
  return {
    min: s[0]!,
    p05: q(0.05),
    p25: q(0.25),
    median: q(0.5),
    p75: q(0.75),
    p95: q(0.95),
    max: s[n - 1]!,
    mean: sum / n,
  };
}

/** A distribution of small integers (corners per region, degrees): its histogram and its mean. */
export interface IntegerDistribution {
  min: number;
  max: number;
  mean: number;
  /** How many values equal each integer, as [value, count] pairs by increasing value. */
  histogram: [number, number][];
}

/** The {@link IntegerDistribution} of `values` (min = max = mean = 0 for an empty list). */
export function integerDistribution(values: ArrayLike<number>): IntegerDistribution {
  const counts = new Map<number, number>();
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    counts.set(v, (counts.get(v) ?? 0) + 1);
    sum += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  if (values.length === 0) return { min: 0, max: 0, mean: 0, histogram: [] };
  const histogram = [...counts.entries()].sort((a, b) => a[0] - b[0]);
  return { min, max, mean: sum / values.length, histogram };
}

/**
 * Whether a convex polygon [x0, y0, ...] and the open disc of centre (x, y) and radius r meet in a set of
 * positive area, i.e. the distance from the centre to the polygon (0 inside) is less than r. Polygons without
 * area never meet it.
 */
export function polygonMeetsDisc(polygon: ArrayLike<number>, x: number, y: number, r: number): boolean {
  const n = polygon.length >> 1;
  if (n < 3) return false;
  let inside = true;
  let best = Number.POSITIVE_INFINITY;
  let a2 = 0;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    const ax = polygon[2 * i]!;
    const ay = polygon[2 * i + 1]!;
    const dx = polygon[2 * j]! - ax;
    const dy = polygon[2 * j + 1]! - ay;
    const qx = x - ax;
    const qy = y - ay;
    a2 += ax * polygon[2 * j + 1]! - polygon[2 * j]! * ay;
    if (dx * qy - dy * qx < 0) inside = false;
    const l2 = dx * dx + dy * dy;
    const t = l2 > 0 ? Math.max(0, Math.min(1, (qx * dx + qy * dy) / l2)) : 0;
    best = Math.min(best, segmentLength(qx - t * dx, qy - t * dy));
  }
  if (!(a2 > 0)) return false;
  return inside || best < r;
}
