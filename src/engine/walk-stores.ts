/**
 * The stores of an enumeration (regions.ts) handed on to the next one: its subdivision and arenas, emptied,
 * with their memory when it is small (SPARE_BYTES), so that the next enumeration touches no fresh pages (a
 * first touch of a 4 KB page costs about 10 us on a virtual machine: more than the walk's own work on it).
 *
 * The retired walk itself is kept, emptied, until the next one retires: V8 compiles the hot methods against
 * the hidden classes of these objects and holds the transitions to those classes weakly, so once every
 * instance has died a full collection frees them and deoptimises all that code, and the next enumeration
 * runs unoptimised until it is compiled again (1.7 times as long on 2 -> 64 x 4 after a full collection).
 */

import type { Arena, ByteArena } from './arenas.ts';
import type { ExactLines } from './exact-lines.ts';
import type { Subdivision } from './subdivision.ts';

/** What one enumeration hands to the next. */
export interface WalkStores {
  sub: Subdivision;
  patterns: ByteArena;
  outMaps: Arena;
}

/** The most memory (bytes) the stores handed on keep. */
const SPARE_BYTES = 64 << 20;

let spare: WalkStores | null = null;
/** The last walk retired, emptied: held only to keep its hidden classes alive. */
let kept: object | null = null;

/** The stores of the last enumeration, empty, for the caller alone; or null (then it makes new ones). */
export function spareStores(): WalkStores | null {
  const s = spare;
  spare = null;
  return s;
}

/** How many bytes the stores handed on hold (0 when none are waiting). */
export function spareBytes(): number {
  if (!spare) return 0;
  return spare.sub.bytes() + spare.patterns.data.byteLength + spare.outMaps.data.byteLength;
}

/**
 * Empty the stores of a finished enumeration and hand them on; keep `walk` (emptied by its caller).
 * `patternsShared`: the returned regions hold views of the pattern arena, which must then not be reused.
 */
export function handOn(s: WalkStores, exact: ExactLines, patternsShared: boolean, walk: object): void {
  const { sub, patterns, outMaps } = s;
  exact.trim();
  sub.oracle = null;
  const small = sub.bytes() + patterns.data.byteLength + outMaps.data.byteLength <= SPARE_BYTES;
  if (small) sub.reset();
  else sub.trim();
  if (small && !patternsShared) patterns.reset();
  else patterns.trim();
  if (small) outMaps.used = 0;
  else outMaps.trim();
  spare = { sub, patterns, outMaps };
  kept = walk;
}

/** Whether a retired walk is being kept (for the tests). */
export function keptWalk(): boolean {
  return kept !== null;
}
