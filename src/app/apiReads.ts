/** What the scripting API's reads return: region ids, the frame loop's status, and distinct-id counts. */
import { hashKey } from '../engine/forward.ts';

/** The per-pixel pattern hashes of the view: two words [lo, hi] per pixel, row-major, row 0 at the top. */
export interface RegionIds {
  /** Width in pixels (the drawing buffer's). */
  width: number;
  /** Height in pixels. */
  height: number;
  /** Words lo, hi of pixel (i, j) at 2 * (j * width + i): the engine's patternHashInto. */
  ids: Uint32Array;
}

/** What the frame loop has drawn, for scripts that check what the canvas shows. */
export interface FrameStatus {
  /** Frames completed so far, at every resolution. */
  drawn: number;
  /** Steps drawn so far (a heavy frame takes several, with the page's own tasks between them). */
  steps: number;
  /** Resolution divisor of the last completed frame (1: full resolution). */
  reduction: number;
  /** Fraction of the full-resolution frame in progress that is drawn (0 to 1), or null when none is. */
  refining: number | null;
  /** True when the canvas shows a frame of the current network (not the previous one's picture). */
  current: boolean;
}

/** Number of distinct (lo, hi) pairs among words laid out 4 per pixel (see Renderer.readIdWords). */
export function countDistinct(words: Uint32Array): number {
  const seen = new Set<bigint>();
  for (let p = 0; p < words.length; p += 4) seen.add(hashKey(words[p]!, words[p + 1]!));
  return seen.size;
}
