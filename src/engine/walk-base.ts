/**
 * The part of the region walk (face-walk.ts) that holds its tolerances and the bounding boxes of the pieces
 * being cut: the tolerance of a line on a face, the typed arrays that make the test of one line against
 * every piece a tight loop, and the sums of the maps that the error bounds need.
 */
import { walkSlots as walkSlots_ } from './affine-wasm.ts';
import { type ErrorNorms, sumMaps as sumMaps_ } from './face-error.ts';
import { finiteBlock as finiteBlock_, type PreparedLayer, TINY as TINY_ } from './face-maps.ts';
import { takeSums as takeSums_ } from './kernel-sums.ts';
import { addStates as addStates_ } from './packed-states.ts';
import type { Composition } from './piece-maps.ts';
import type { Face, Subdivision } from './subdivision.ts';

// Local copies of the imported bindings (see face-walk.ts).
const TINY = TINY_;
const walkSlots = walkSlots_;
const addStates = addStates_;
const sumMaps = sumMaps_;
const finiteBlock = finiteBlock_;
const takeSums = takeSums_;
const SQRT3 = 1.7320508075688774;

/** Tolerances and pieces' boxes of the walk. */
export class WalkBase {
  protected readonly evalTol: number;
  /** Per layer: the composition's error per unit of m. */
  protected readonly compTols: Float64Array;
  /** Layers 0 .. ddLayers - 1 have double-double maps, the others float64 maps. */
  protected readonly ddLayers: number;
  /**
   * The spectral error bound's constants (face-error.ts) for the float64 layers, or null where the bound m
   * serves alone.
   */
  protected readonly errors: ErrorNorms | null;
  /** Per piece of the face being cut at the current depth: its box (u0, u1, v0, v1) and pattern offset. */
  protected bbox = new Float64Array(4 * 256);
  protected bpo = new Int32Array(256);
  /**
   * Per layer: where the float64 kernels left the maps of its pre-activations on the face about to be visited
   * (affine-wasm.ts mapsAt), or -1.
   */
  protected readonly mapsAt: Int32Array;
  /**
   * Per depth l: at 2 l the sum of squares of the coefficients of layer l's maps on the face about to be
   * visited, at 2 l + 1 the sum of their m (face-error.ts sumMaps; the kernels' where they made the maps).
   */
  readonly zSums: Float64Array;
  /** The neurons the classify kernel left undecided: kList[kListAt ..]. */
  protected kList: Int32Array = new Int32Array(0);
  protected kListAt = 0;

  constructor(comp: Composition) {
    this.evalTol = comp.evalTol;
    this.compTols = comp.compTols;
    this.ddLayers = comp.ddLayers;
    this.errors = comp.errors;
    this.mapsAt = new Int32Array(comp.compTols.length).fill(-1);
    this.zSums = new Float64Array(2 * comp.compTols.length + 2);
  }

  /**
   * The sums of the maps out[o .. o + size) into zSums[q], zSums[q + 1]: the kernel's, where the call that
   * wrote them (after kernel-sums.ts dropSums) was one, else summed here. False when a map is not finite
   * (the sum of m is finite only when all maps are).
   */
  protected summed(out: Float64Array, o: number, size: number, q: number): boolean {
    const sums = this.zSums;
    if (!takeSums(out, o, sums, q)) sumMaps(out, o, size >> 3, sums, q);
    return sums[q + 1]! < Number.POSITIVE_INFINITY || finiteBlock(out, o, size);
  }

  /**
   * The first test of classify for layer l (one threshold th; maps z, also at byte `at` of the kernels'
   * memory) on face f's bounding box (sub.maxR: as in classify), in the classify kernel: the states of the
   * neurons whose lines pass above the box are added at slots po .. of pat; the neurons left undecided are
   * listed at kList[kListAt ..]. Returns how many, or -1 when the kernel cannot serve (classify tests in
   * JavaScript). Takes the face, not its box's numbers: float64 arguments of a call that is not inlined are
   * boxed.
   */
  protected classifyInKernel(
    P: PreparedLayer,
    at: number,
    z: Float64Array,
    l: number,
    th: number,
    sub: Subdivision,
    f: Face,
    pat: Uint8Array,
    po: number,
  ): number {
    const k = walkSlots(P);
    if (k === null) return -1;
    const n = P.layer.outDim;
    const e = this.errors === null ? Number.POSITIVE_INFINITY : SQRT3 * z[7]!;
    // The kernel's float64 parameters go through its memory (walk-kernels.ts): the box's centre and
    // half-sides, then the tolerances' terms.
    const p = k.f64;
    const q = (k.ss + 16) >> 3;
    const pb = sub.fBox;
    p[q + 2] = 0.5 * (pb[4 * f + 1]! - pb[4 * f]!);
    p[q + 3] = 0.5 * (pb[4 * f + 3]! - pb[4 * f + 2]!);
    p[q] = pb[4 * f]! + p[q + 2]!;
    p[q + 1] = pb[4 * f + 2]! + p[q + 3]!;
    p[q + 4] = sub.maxR;
    p[q + 5] = this.evalTol;
    p[q + 6] = this.compTols[l]!;
    p[q + 7] = e;
    p[q + 8] = th;
    const nc = k.classify(at, n, k.states, k.list, k.ss + 16);
    // Packed two bits per neuron (packed-states.ts).
    addStates(pat, po, n, k.u8, k.states, k.i32);
    this.kList = k.i32;
    this.kListAt = k.list >> 2;
    return nc;
  }

  /**
   * The tolerance of a line (neuron map at z[k ..] of layer l, threshold th): evaluation rounding, the
   * composition's error (relative to m, or in a float64 layer the face's spectral bound e in z[7] where that
   * is smaller: sqrt(3) e bounds one neuron's error on the unit square), the low parts.
   */
  protected tolOf(z: Float64Array, k: number, th: number, l: number): number {
    const mt = this.compTols[l]! * z[k + 3]!;
    return (
      this.evalTol * (Math.abs(z[k]!) + Math.abs(z[k + 1]!) + Math.abs(z[k + 2]!) + Math.abs(th)) +
      (this.errors === null || l < this.ddLayers ? mt : Math.min(mt, SQRT3 * z[7]!)) +
      (Math.abs(z[k + 4]!) + Math.abs(z[k + 5]!) + Math.abs(z[k + 6]!)) +
      TINY
    );
  }

  /** Piece k of the current depth is face f of `sub`: copy its box and pattern offset. */
  protected setBox(sub: Subdivision, k: number, f: Face): void {
    if (4 * k + 4 > this.bbox.length) {
      const b = new Float64Array(2 * this.bbox.length);
      b.set(this.bbox);
      this.bbox = b;
      const p = new Int32Array(2 * this.bpo.length);
      p.set(this.bpo);
      this.bpo = p;
    }
    const fb = sub.fBox;
    const bbox = this.bbox;
    for (let i = 0; i < 4; i++) bbox[4 * k + i] = fb[4 * f + i]!;
    this.bpo[k] = sub.fPOff[f]!;
  }
}
