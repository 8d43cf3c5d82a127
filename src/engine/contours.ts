/**
 * Exact iso-lines of f: on every region f is affine, so the level set f = L is a straight chord of the
 * region's convex polygon. No sampling; the segments of neighbouring regions meet on their common edge.
 */
import type { Region } from './regions.ts';

/** The iso-lines of {@link contourSegments}. */
export interface Contours {
  /** Segments [s0, t0, s1, t1] in plane coordinates, 4 numbers each. */
  segments: Float64Array;
  /** The level of each segment. */
  levels: Float64Array;
  /** Number of segments. */
  count: number;
  /** True when maxSegments stopped the computation (the segments are then a subset). */
  truncated: boolean;
  /**
   * Why no segments were computed although some were asked for: the spacing is too fine for the range of f
   * in these regions (more than {@link MAX_CONTOUR_LEVELS} levels, or level indices past 2^53 where
   * float64 cannot tell consecutive levels apart). Empty when the segments are complete or truncated.
   */
  refused: string;
}

/**
 * Most distinct levels {@link contourSegments} draws across all its regions (the range of f divided by the
 * spacing). A finer spacing is refused with a message instead of looping for ever: at 1e-300 over a range
 * of 1 there would be 1e300 levels, and past 2^53 the level index q + 1 rounds back to q.
 */
export const MAX_CONTOUR_LEVELS = 10_000;

/** Largest level index |q| whose neighbours q - 1 and q + 1 are distinct float64 numbers (2^53 - 1). */
const MAX_LEVEL_INDEX = Number.MAX_SAFE_INTEGER;

/** Options of {@link contourSegments}. */
export interface ContourOptions {
  /** Output (default 0). */
  output?: number;
  /** Level offset: the levels are offset + k * spacing for integers k (default 0). */
  offset?: number;
  /** Stop after this many segments (default 200 000). */
  maxSegments?: number;
  /** Refuse spacings that give more levels than this over the regions' range of f (default {@link MAX_CONTOUR_LEVELS}). */
  maxLevels?: number;
}

/**
 * The segments of the level sets f = offset + k * spacing (spacing > 0) inside each region with an affine
 * map. Regions where f is constant contribute nothing (a level equal to that constant would be an area).
 * Returns no segments for a spacing that is not a positive finite number, and no segments with a message
 * in `refused` when the spacing gives more than `maxLevels` levels over the range of f in `regions` (or level
 * indices beyond 2^53); the work done is then one pass over the polygons' vertices.
 */
export function contourSegments(
  regions: readonly Region[],
  spacing: number,
  opts: ContourOptions = {},
): Contours {
  const k = opts.output ?? 0;
  const offset = opts.offset ?? 0;
  const max = opts.maxSegments ?? 200_000;
  let segs = new Float64Array(1024);
  let levels = new Float64Array(256);
  let count = 0;
  let truncated = false;
  const none = (refused: string): Contours => ({
    segments: new Float64Array(0),
    levels: new Float64Array(0),
    count: 0,
    truncated,
    refused,
  });
  if (!(spacing > 0) || !Number.isFinite(spacing)) return none('');
  const range = levelRange(regions, k);
  if (range !== null) {
    const maxLevels = opts.maxLevels ?? MAX_CONTOUR_LEVELS;
    const q0 = Math.ceil((range.lo - offset) / spacing);
    const q1 = Math.floor((range.hi - offset) / spacing);
    const levelsInView = q1 - q0 + 1;
    const g = (x: number) => String(Number(x.toPrecision(6)));
    const span = `f spans [${g(range.lo)}, ${g(range.hi)}]`;
    if (!(levelsInView <= maxLevels)) {
      const many = Number.isFinite(levelsInView) ? `about ${levelsInView.toPrecision(3)}` : 'too many';
      const fits = Number((range.hi - range.lo) / maxLevels).toPrecision(2);
      return none(
        `contour spacing ${spacing} is too fine for this view: ${span}, ${many} levels, at most ${maxLevels} ` +
          `are drawn; choose a spacing of at least ${Number(fits)} or zoom in`,
      );
    }
    if (!(Math.abs(q0) <= MAX_LEVEL_INDEX && Math.abs(q1) <= MAX_LEVEL_INDEX)) {
      return none(
        `contour spacing ${spacing} is too fine for this view: ${span}, and float64 cannot tell levels ` +
          `that many spacings (past 2^53) from the offset ${offset} apart; choose a larger spacing`,
      );
    }
  }
  let d = new Float64Array(64);
  outer: for (const r of regions) {
    if (r.jacobian.length <= 2 * k + 1) continue;
    const a = r.jacobian[2 * k]!;
    const b = r.jacobian[2 * k + 1]!;
    const c = r.offset[k]!;
    if (a === 0 && b === 0) continue;
    const p = r.polygon;
    const n = p.length / 2;
    if (d.length < n) d = new Float64Array(2 * n);
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const f = a * p[2 * i]! + b * p[2 * i + 1]! + c;
      d[i] = f;
      if (f < lo) lo = f;
      if (f > hi) hi = f;
    }
    const k0 = Math.ceil((lo - offset) / spacing);
    const k1 = Math.floor((hi - offset) / spacing);
    for (let q = k0; q <= k1; q++) {
      const level = offset + q * spacing;
      // Half-open sign rule (f > level): a convex polygon changes side exactly twice, or never.
      let found = 0;
      let sx = 0;
      let sy = 0;
      for (let i = 0; i < n && found < 2; i++) {
        const j = (i + 1) % n;
        const di = d[i]! - level;
        const dj = d[j]! - level;
        if (di > 0 === dj > 0) continue;
        const w = di / (di - dj);
        const x = p[2 * i]! + w * (p[2 * j]! - p[2 * i]!);
        const y = p[2 * i + 1]! + w * (p[2 * j + 1]! - p[2 * i + 1]!);
        if (found === 0) {
          sx = x;
          sy = y;
        } else if (x !== sx || y !== sy) {
          if (count >= max) {
            truncated = true;
            break outer;
          }
          if (4 * count + 4 > segs.length) {
            const g = new Float64Array(2 * segs.length);
            g.set(segs);
            segs = g;
            const h = new Float64Array(2 * levels.length);
            h.set(levels);
            levels = h;
          }
          segs.set([sx, sy, x, y], 4 * count);
          levels[count] = level;
          count++;
        }
        found++;
      }
    }
  }
  return {
    segments: segs.slice(0, 4 * count),
    levels: levels.slice(0, count),
    count,
    truncated,
    refused: '',
  };
}

/** The smallest and largest value of output k over the vertices of the non-constant regions; null: none. */
function levelRange(regions: readonly Region[], k: number): { lo: number; hi: number } | null {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const r of regions) {
    if (r.jacobian.length <= 2 * k + 1) continue;
    const a = r.jacobian[2 * k]!;
    const b = r.jacobian[2 * k + 1]!;
    const c = r.offset[k]!;
    if (a === 0 && b === 0) continue;
    const p = r.polygon;
    for (let i = 0; i + 1 < p.length; i += 2) {
      const f = a * p[i]! + b * p[i + 1]! + c;
      if (f < lo) lo = f;
      if (f > hi) hi = f;
    }
  }
  return lo <= hi ? { lo, hi } : null;
}

/**
 * A "nice" contour spacing (1, 2 or 5 times a power of ten) giving about `lines` levels over the range
 * [lo, hi]; 1 for an empty or degenerate range.
 */
export function niceSpacing(lo: number, hi: number, lines = 12): number {
  const span = hi - lo;
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, lines);
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}
