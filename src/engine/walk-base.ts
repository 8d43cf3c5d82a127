/**
 * The part of the region walk (face-walk.ts) that holds its tolerances and the bounding boxes of the pieces
 * being cut: the tolerance of a line on a face, and the typed arrays that make the test of one line against
 * every piece a tight loop.
 */
import type { ErrorNorms } from './face-error.ts';
import { TINY as TINY_ } from './face-maps.ts';
import type { Composition } from './piece-maps.ts';
import type { Face, Subdivision } from './subdivision.ts';

// A local copy of the imported binding (see face-walk.ts).
const TINY = TINY_;
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

  constructor(comp: Composition) {
    this.evalTol = comp.evalTol;
    this.compTols = comp.compTols;
    this.ddLayers = comp.ddLayers;
    this.errors = comp.errors;
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
