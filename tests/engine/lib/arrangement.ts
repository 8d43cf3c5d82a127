/** Line arrangements for the closed-form tests: crossings, a general-position check, a window holding them. */

/** A line a s + b t + c = 0. */
export type Line = readonly [number, number, number];

/** Every crossing point of two non-parallel lines of the arrangement. */
export function crossings(lines: readonly Line[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < lines.length; i++) {
    for (let j = i + 1; j < lines.length; j++) {
      const [a1, b1, c1] = lines[i]!;
      const [a2, b2, c2] = lines[j]!;
      const det = a1 * b2 - a2 * b1;
      if (Math.abs(det) < 1e-12 * Math.hypot(a1, b1) * Math.hypot(a2, b2)) continue;
      out.push([(b1 * c2 - b2 * c1) / det, (a2 * c1 - a1 * c2) / det]);
    }
  }
  return out;
}

/** The smallest distance between two crossing points (Infinity with fewer than two). */
export function minCrossingGap(points: ReadonlyArray<readonly [number, number]>): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      best = Math.min(best, Math.hypot(points[i]![0] - points[j]![0], points[i]![1] - points[j]![1]));
    }
  }
  return best;
}

/** A window holding every point with a margin (10% of the span plus 0.5), with sides not on round numbers. */
export function windowAround(points: ReadonlyArray<readonly [number, number]>): {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
} {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(0, ...xs), Math.max(0, ...xs), Math.min(0, ...ys), Math.max(0, ...ys)];
  const mx = 0.1 * (x1 - x0) + 0.5;
  const my = 0.1 * (y1 - y0) + 0.5;
  return { x0: x0 - mx * 1.013, x1: x1 + mx * 0.987, y0: y0 - my * 1.021, y1: y1 + my * 0.979 };
}
