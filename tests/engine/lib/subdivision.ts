/**
 * Vertex and edge counts of a subdivision of a window into convex polygons, exactly: the vertices are the
 * distinct strict corners of the regions (a T-junction is a strict corner of the regions on its bent side;
 * window corners are corners of their region); an edge is a piece of a region's side between consecutive
 * vertices, shared by two regions inside the window and owned by one on its boundary.
 */
import { corners } from './exact.ts';
import { cmp, orient, pointKey, type Q, type QPoint, toNumber } from './rational.ts';

/** The counts of {@link subdivisionCounts}. */
export interface SubdivisionCounts {
  vertices: number;
  edges: number;
}

function between(a: Q, b: Q, x: Q): boolean {
  const lo = cmp(a, b) <= 0 ? a : b;
  const hi = cmp(a, b) <= 0 ? b : a;
  return cmp(lo, x) <= 0 && cmp(x, hi) <= 0;
}

/** Count the vertices and edges of the subdivision of the window [x0,x1] x [y0,y1] by `polygons`. */
export function subdivisionCounts(
  polygons: ReadonlyArray<readonly QPoint[]>,
  window: { x0: Q; x1: Q; y0: Q; y1: Q },
): SubdivisionCounts {
  const cornerLists = polygons.map(corners);
  const vertexMap = new Map<string, { p: QPoint; x: number; y: number }>();
  for (const cs of cornerLists) {
    for (const p of cs) vertexMap.set(pointKey(p), { p, x: toNumber(p[0]), y: toNumber(p[1]) });
  }
  const vertices = [...vertexMap.values()];
  // A coarse float grid of the vertices, to find those on a side quickly (then checked exactly).
  const xs = vertices.map((v) => v.x);
  const ys = vertices.map((v) => v.y);
  const minX = Math.min(...xs);
  const minY = Math.min(...ys);
  const spanX = Math.max(...xs) - minX || 1;
  const spanY = Math.max(...ys) - minY || 1;
  const G = 64;
  const cell = (v: number, min: number, span: number) =>
    Math.min(G - 1, Math.max(0, Math.floor(((v - min) / span) * G)));
  const buckets = new Map<number, typeof vertices>();
  for (const v of vertices) {
    const k = cell(v.x, minX, spanX) * G + cell(v.y, minY, spanY);
    const b = buckets.get(k);
    if (b) b.push(v);
    else buckets.set(k, [v]);
  }
  const onBoundary = (a: QPoint, b: QPoint) =>
    (cmp(a[0], b[0]) === 0 && (cmp(a[0], window.x0) === 0 || cmp(a[0], window.x1) === 0)) ||
    (cmp(a[1], b[1]) === 0 && (cmp(a[1], window.y0) === 0 || cmp(a[1], window.y1) === 0));
  let sides = 0;
  let boundary = 0;
  for (const cs of cornerLists) {
    for (let i = 0; i < cs.length; i++) {
      const a = cs[i]!;
      const b = cs[(i + 1) % cs.length]!;
      const ax = toNumber(a[0]);
      const ay = toNumber(a[1]);
      const bx = toNumber(b[0]);
      const by = toNumber(b[1]);
      const [i0, i1] = [cell(Math.min(ax, bx), minX, spanX), cell(Math.max(ax, bx), minX, spanX)];
      const [j0, j1] = [cell(Math.min(ay, by), minY, spanY), cell(Math.max(ay, by), minY, spanY)];
      let inside = 0;
      const ka = pointKey(a);
      const kb = pointKey(b);
      // Float cells are only a filter: widen by one cell to be safe from rounding of toNumber.
      for (let ci = Math.max(0, i0 - 1); ci <= Math.min(G - 1, i1 + 1); ci++) {
        for (let cj = Math.max(0, j0 - 1); cj <= Math.min(G - 1, j1 + 1); cj++) {
          for (const v of buckets.get(ci * G + cj) ?? []) {
            const key = pointKey(v.p);
            if (key === ka || key === kb) continue;
            if (orient(a, b, v.p) === 0 && between(a[0], b[0], v.p[0]) && between(a[1], b[1], v.p[1]))
              inside++;
          }
        }
      }
      sides += inside + 1;
      if (onBoundary(a, b)) boundary += inside + 1;
    }
  }
  if ((sides + boundary) % 2 !== 0) throw new Error('odd edge count: the polygons do not tile the window');
  return { vertices: vertices.length, edges: (sides + boundary) / 2 };
}
