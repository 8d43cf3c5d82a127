/**
 * Timing helpers of the benchmark page: medians, timed runs and work sized from a measured rate. The clock
 * is passed in, so the helpers run anywhere.
 */

/** Median of `xs` (the upper middle for an even count); NaN for an empty list. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Wall time of one call of `f` in milliseconds, with the clock `now` (milliseconds). */
export function timeMs(f: () => void, now: () => number): number {
  const t0 = now();
  f();
  return now() - t0;
}

/**
 * Run `f` `warmups` times untimed, then `repeats` times timed with `now` (milliseconds); returns every timed
 * duration in seconds. `f` must finish its GPU work itself (readPixels) before it returns.
 */
export function timeRuns(f: () => void, warmups: number, repeats: number, now: () => number): number[] {
  for (let i = 0; i < warmups; i++) f();
  const out: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = now();
    f();
    out.push((now() - t0) / 1000);
  }
  return out;
}

/**
 * The side of a square target whose work (side^2 x `workPerPixel`) takes about `seconds` at `ratePerSecond`,
 * rounded down to a multiple of 8 and clamped to [8, maxSide]. A non-finite or non-positive rate gives 8.
 */
export function sideFor(
  ratePerSecond: number,
  workPerPixel: number,
  seconds: number,
  maxSide: number,
): number {
  if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) return 8;
  const side = Math.sqrt((ratePerSecond * seconds) / Math.max(1, workPerPixel));
  return Math.max(8, Math.min(maxSide, Math.floor(side / 8) * 8));
}
