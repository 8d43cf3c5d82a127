/**
 * Exact sign and order decisions for the pieces of a network along a segment (segment.ts), used where the
 * float64 filter cannot certify them.
 *
 * The segment is x(u) = X0 + u (X1 - X0) for the float64 points X0 and X1, so every input coordinate is an
 * exact affine form a u + c with dyadic coefficients, and so is every neuron's pre-activation composed
 * through an interval's activation pattern (exact-forms.ts, with the t coefficients zero). An interval's ends
 * are 0, 1 or the root -c/a of such a form: a rational p/q. The sign of a form at an end and the order of two
 * ends are then signs of integer expressions (a p + c q, p1 q2 - p2 q1): exact, whatever the magnitudes.
 *
 * An end is recorded by the neuron whose threshold it is (layer, neuron, threshold) and the pattern of the
 * interval it cut (only its states of earlier layers matter); its exact form is computed only when a decision
 * needs it, and cached by the pattern prefix.
 */
import {
  activate,
  affine,
  commonScale,
  type ExactLayer,
  exactLayers,
  type FormVector,
  shift,
} from './exact-forms.ts';
import type { Network } from './model.ts';

/** The crossing of a neuron's threshold on an interval: the exact root of one affine form of u. */
export interface CrossingRef {
  /** Layer of the neuron (0-based). */
  layer: number;
  /** Neuron within its layer. */
  j: number;
  /** The threshold its pre-activation crosses (-1, 0 or 1). */
  threshold: number;
  /** The pattern of the interval it cuts; its states of layers before `layer` fix the neuron's form. */
  pattern: Uint8Array;
}

/** One end of an interval along the segment: the parameter 0 or 1 exactly, or a crossing. */
export type SegmentEnd = 0 | 1 | CrossingRef;

/** An affine form a u + c of the segment parameter, over integers (scaled by a positive power of two). */
interface Form1 {
  a: bigint;
  c: bigint;
}

/** Patterns cached before the cache is cleared (bounds memory on long runs with many exact decisions). */
const CACHE_LIMIT = 4096;

/** Exact decisions along one segment of one network. */
export class ExactSegment {
  private readonly layers: ExactLayer[];
  private readonly input: FormVector;
  private readonly offsets: number[];
  /** Pre-activations of a layer (before thresholds) for a pattern prefix, keyed by layer and prefix. */
  private readonly cache = new Map<string, FormVector>();
  private readonly roots = new WeakMap<CrossingRef, [bigint, bigint]>();
  /** Number of exact decisions taken (a diagnostic for tests and benchmarks). */
  decisions = 0;

  /** Prepare exact decisions for `net` on the segment from input point `x0` to `x1` (float64, taken exactly). */
  constructor(net: Network, x0: ArrayLike<number>, x1: ArrayLike<number>) {
    this.layers = exactLayers(net);
    const n = net.inputDim;
    const both = commonScale([...Array.from(x0), ...Array.from(x1)]);
    const a: bigint[] = [];
    const c: bigint[] = [];
    for (let i = 0; i < n; i++) {
      a.push(both.ints[n + i]! - both.ints[i]!);
      c.push(both.ints[i]!);
    }
    this.input = { a, b: a.map(() => 0n), c, e: both.e };
    this.offsets = [];
    let off = 0;
    for (const L of net.layers) {
      this.offsets.push(off);
      off += L.outDim;
    }
  }

  /** The pre-activations of `layer` on intervals whose earlier states are those of `pattern`. */
  private preactivations(layer: number, pattern: Uint8Array): FormVector {
    const end = this.offsets[layer]!;
    let key = `${layer}:`;
    for (let k = 0; k < end; k++) key += String.fromCharCode(48 + pattern[k]!);
    const hit = this.cache.get(key);
    if (hit) return hit;
    const L = this.layers[layer]!;
    const h =
      layer === 0
        ? this.input
        : activate(
            this.layers[layer - 1]!,
            this.preactivations(layer - 1, pattern),
            pattern,
            this.offsets[layer - 1]!,
          );
    const z = affine(L, h);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(key, z);
    return z;
  }

  /** The form z_j - threshold of neuron j of `layer` on intervals with this pattern prefix, exactly. */
  private form(layer: number, j: number, threshold: number, pattern: Uint8Array): Form1 {
    const z = this.preactivations(layer, pattern);
    const E = Math.min(z.e, 0);
    const up = z.e - E;
    return { a: shift(z.a[j]!, up), c: shift(z.c[j]!, up) - BigInt(threshold) * shift(1n, -E) };
  }

  /** The end as p / q with q > 0. */
  private root(end: SegmentEnd): [bigint, bigint] {
    if (end === 0) return [0n, 1n];
    if (end === 1) return [1n, 1n];
    const hit = this.roots.get(end);
    if (hit) return hit;
    const f = this.form(end.layer, end.j, end.threshold, end.pattern);
    const r: [bigint, bigint] = f.a < 0n ? [f.c, -f.a] : [-f.c, f.a];
    this.roots.set(end, r);
    return r;
  }

  /**
   * The exact sign (-1, 0 or 1) of z_j - threshold for neuron j of `layer` at the end `end` of an interval
   * whose pattern is `pattern`.
   */
  signAt(layer: number, j: number, threshold: number, pattern: Uint8Array, end: SegmentEnd): number {
    this.decisions++;
    const f = this.form(layer, j, threshold, pattern);
    const [p, q] = this.root(end);
    const v = f.a * p + f.c * q;
    return v > 0n ? 1 : v < 0n ? -1 : 0;
  }

  /** The exact order of two ends: negative when `p` comes first, 0 when they are the same point. */
  compare(p: SegmentEnd, q: SegmentEnd): number {
    this.decisions++;
    const [p1, q1] = this.root(p);
    const [p2, q2] = this.root(q);
    const v = p1 * q2 - p2 * q1;
    return v > 0n ? 1 : v < 0n ? -1 : 0;
  }

  /** The end as the nearest float64 below or at it (for crossings whose float64 estimate was not finite). */
  value(end: SegmentEnd): number {
    const [p, q] = this.root(end);
    return ratioToNumber(p, q);
  }
}

/** p / q (q > 0) as a float64, within a few ulps, for any sizes of p and q. */
export function ratioToNumber(p: bigint, q: bigint): number {
  if (p === 0n) return 0;
  const neg = p < 0n;
  const m = neg ? -p : p;
  // Scale so that the integer quotient has about 64 significant bits, then divide in float64.
  const shiftBits = m.toString(2).length - q.toString(2).length - 64;
  const quotient = shiftBits >= 0 ? m / (q << BigInt(shiftBits)) : (m << BigInt(-shiftBits)) / q;
  const v = Number(quotient) * 2 ** shiftBits;
  return neg ? -v : v;
}
