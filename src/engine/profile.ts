/**
 * The 1-D profile of a network: f restricted to a segment of the (s, t) plane (or the input interval of a
 * one-input network), as exact linear pieces in a length parameter x, with its breakpoints and the jumps
 * of f' there (the sizes of the impulses of f''). Built on segment.ts; no sampling.
 */
import { patternHashInto } from './forward.ts';
import type { Network } from './model.ts';
import type { PlaneMap } from './plane.ts';
import { segmentPieces } from './segment.ts';

/** One linear piece: f(x) = slope x + intercept for x in [x0, x1]. */
export interface ProfilePiece {
  /** Start of the piece (parameter units). */
  x0: number;
  /** End of the piece, > x0. */
  x1: number;
  /** f'(x) on the piece (output units per parameter unit). */
  slope: number;
  /** f(x) = slope x + intercept on the piece. */
  intercept: number;
  /** The activation pattern of the piece (one state per neuron). */
  pattern: Uint8Array;
  /** Low word of the pattern hash (the region colour of the map uses its low 14 bits). */
  hashLo: number;
  /** High word of the pattern hash. */
  hashHi: number;
}

/** A kink of f: where the activation pattern changes. */
export interface Breakpoint {
  /** Position (parameter units). */
  x: number;
  /** f at the breakpoint (the average of the two pieces' values there; they agree up to rounding). */
  value: number;
  /** Jump of f' across it: right slope minus left slope (the mass of the impulse of f''; may be 0). */
  jump: number;
}

/** The exact profile of one output along a segment. */
export interface LineProfile {
  /** Parameter at the segment's start. */
  x0: number;
  /** Parameter at the segment's end (> x0). */
  x1: number;
  /** The pieces, in order, covering [x0, x1]. */
  pieces: ProfilePiece[];
  /** The breakpoints, in order (one between every two pieces). */
  breakpoints: Breakpoint[];
}

/** Options of {@link lineProfile}. */
export interface ProfileOptions {
  /** Output index (default 0). */
  output?: number;
  /** Parameter at `from` (default 0). */
  x0?: number;
  /** Parameter at `to` (default x0 + the Euclidean length of the segment in plane units, or x0 + 1 if 0). */
  x1?: number;
}

/**
 * The exact profile of output `output` of `net` along the plane segment from `from` to `to`, with
 * parameter x running linearly from opts.x0 to opts.x1. For a one-input network pass from = [a, 0],
 * to = [b, 0], x0 = a, x1 = b: x is then the input itself. A zero-length segment gives one piece.
 */
export function lineProfile(
  net: Network,
  map: PlaneMap,
  from: readonly [number, number],
  to: readonly [number, number],
  opts: ProfileOptions = {},
): LineProfile {
  const k = opts.output ?? 0;
  const x0 = opts.x0 ?? 0;
  const len = Math.hypot(to[0] - from[0], to[1] - from[1]);
  const x1 = opts.x1 ?? x0 + (len > 0 ? len : 1);
  const span = x1 - x0;
  const words = new Uint32Array(2);
  const pieces: ProfilePiece[] = segmentPieces(net, map, from, to).map((p) => {
    // f = a u + c with u = (x - x0) / span.
    const slope = p.slope[k]! / span;
    const intercept = p.intercept[k]! - slope * x0;
    patternHashInto(p.pattern, words);
    return {
      x0: x0 + p.u0 * span,
      x1: p.u1 === 1 ? x1 : x0 + p.u1 * span,
      slope,
      intercept,
      pattern: p.pattern,
      hashLo: words[0]!,
      hashHi: words[1]!,
    };
  });
  const breakpoints: Breakpoint[] = [];
  for (let i = 1; i < pieces.length; i++) {
    const a = pieces[i - 1]!;
    const b = pieces[i]!;
    const x = b.x0;
    breakpoints.push({
      x,
      value: (a.slope * x + a.intercept + b.slope * x + b.intercept) / 2,
      jump: b.slope - a.slope,
    });
  }
  return { x0, x1, pieces, breakpoints };
}

/** Index of the piece containing x (binary search; x outside [x0, x1] gives the first or last piece). */
export function pieceIndexAt(profile: LineProfile, x: number): number {
  let lo = 0;
  let hi = profile.pieces.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (profile.pieces[mid]!.x0 <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** f(x) from the profile's pieces (the piece containing x; see {@link pieceIndexAt}). */
export function profileValue(profile: LineProfile, x: number): number {
  const p = profile.pieces[pieceIndexAt(profile, x)]!;
  return p.slope * x + p.intercept;
}

/** Smallest and largest value of f over the profile (at piece ends: f is linear on each piece). */
export function profileRange(profile: LineProfile): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const p of profile.pieces) {
    for (const x of [p.x0, p.x1]) {
      const v = p.slope * x + p.intercept;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return [lo, hi];
}
