/** What the depth-first walk of the region enumeration (face-walk.ts) starts from, and its overflow message. */

import type { Arena, ByteArena } from './arenas.ts';
import type { ExactLines } from './exact-lines.ts';
import type { PreparedLayer } from './face-maps.ts';
import type { Network } from './model.ts';
import type { Composition } from './piece-maps.ts';
import type { Subdivision } from './subdivision.ts';

/** The message for maps of layer l (0-based) that overflow float64. */
export function overflowMessage(l: number): string {
  return (
    `the pre-activations of layer ${l + 1} overflow float64 on this window (values beyond 1.8e308 cannot ` +
    'be represented): use a smaller window or smaller weights'
  );
}

/** What the walk starts from (see {@link FaceWalk}). */
export interface WalkSetup {
  net: Network;
  prepared: readonly PreparedLayer[];
  composition: Composition;
  sub: Subdivision;
  patterns: ByteArena;
  outMaps: Arena;
  exact: ExactLines;
  /** Layers enumerated, and whether that is all of them. */
  nLayers: number;
  full: boolean;
  maxRegions: number;
  shouldStop: ((count: number) => boolean) | undefined;
  /** Per layer, a buffer for the maps of its pre-activations on a face (zs[0]: the first face's, filled). */
  zs: Float64Array[];
  /**
   * Only the count and areas are kept (no pattern is read after the walk): the pattern slots of the faces
   * made by the deepest layer that cuts are given back once that layer's visit is done (see visit).
   */
  lean: boolean;
  /** With lean: hash every finished region's pattern (FaceWalk.hashes). */
  hashes: boolean;
}
