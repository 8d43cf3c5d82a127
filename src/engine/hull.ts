/**
 * The convex hull of points of the plane (Andrew's monotone chain), used to rebuild a region from its pieces:
 * a convex set tiled by convex pieces is the hull of the pieces' vertices.
 */

/**
 * The convex hull of the vertices of `polygons` (each [x0, y0, x1, y1, ...]) as one counter-clockwise polygon
 * [x0, y0, ...], starting at the lowest-leftmost point, without collinear points (points on a hull edge, in
 * float64 orientation, are dropped). Fewer than three points, or all collinear, give what is left (0 to 2
 * points).
 */
export function hull(polygons: readonly ArrayLike<number>[]): number[] {
  const pts: [number, number][] = [];
  for (const p of polygons) for (let i = 0; i + 1 < p.length; i += 2) pts.push([p[i]!, p[i + 1]!]);
  pts.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const uniq: [number, number][] = [];
  for (const p of pts) {
    const q = uniq[uniq.length - 1];
    if (!q || q[0] !== p[0] || q[1] !== p[1]) uniq.push(p);
  }
  if (uniq.length < 3) return uniq.flat();
  const cross = (o: [number, number], a: [number, number], b: [number, number]) =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: [number, number][] = [];
  for (const p of uniq) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0)
      lower.pop();
    lower.push(p);
  }
  const upper: [number, number][] = [];
  for (let i = uniq.length - 1; i >= 0; i--) {
    const p = uniq[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0)
      upper.pop();
    upper.push(p);
  }
  lower.pop();
  upper.pop();
  return lower.concat(upper).flat();
}
