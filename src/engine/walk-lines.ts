/**
 * The line being tested by the region walk (face-walk.ts): its layer, neuron, threshold and the pattern of the
 * face it cuts, and the exact oracle of the subdivision for it (signs at vertices decided in exact
 * arithmetic, exact-lines.ts; the line's id, made on first use); and the decision of a line that the box test
 * left open, by Subdivision.side.
 */
import { thresholds } from './activations.ts';
import type { ExactForm } from './exact-lines.ts';
import { STRIDE as STRIDE_ } from './face-maps.ts';
import { addState as addState_ } from './packed-states.ts';
import {
  ABOVE as ABOVE_,
  CROSSES as CROSSES_,
  type Face,
  type LineOracle,
  ON_LINE as ON_LINE_,
} from './subdivision.ts';
import { WalkBase } from './walk-base.ts';
import type { WalkSetup } from './walk-setup.ts';

// Local copies of imported bindings (see face-walk.ts).
const ABOVE = ABOVE_;
const ON_LINE = ON_LINE_;
const CROSSES = CROSSES_;
const STRIDE = STRIDE_;
const addState = addState_;

/** The walk's current line; also the exact oracle of the subdivision for it. */
export class WalkLines extends WalkBase implements LineOracle {
  protected readonly s: WalkSetup;
  // The line being tested: (layer, neuron, threshold, pattern offset of the parent face).
  private curLayer = 0;
  private curJ = 0;
  private curTh = 0;
  private curPOff = 0;
  private curId = -1;
  protected curForm: ExactForm | null = null;
  /** The pattern arena's bytes (re-read after every allocation), two bits per neuron (packed-states.ts). */
  protected pat: Uint8Array;
  /** Each layer's first neuron in a pattern. */
  protected readonly offs: number[] = [];
  /**
   * Per depth: (neuron + outDim * threshold index) of the lines crossing the face being cut, in the order of
   * the neurons (cut in that order; the neurons whose states differ between its pieces).
   */
  protected readonly crossings: Int32Array[] = [];

  constructor(setup: WalkSetup) {
    super(setup.composition);
    this.s = setup;
    this.pat = setup.patterns.data;
  }

  /** The exact sign of the current line at vertex v (see LineOracle). */
  signAt(v: number): number {
    const { sub, exact } = this.s;
    const l0 = sub.vl0[v]!;
    const l1 = sub.vl1[v]!;
    const { curLayer, curJ, curTh } = this;
    if (exact.sameNeuron(l1, curLayer, curJ, curTh) || exact.sameNeuron(l0, curLayer, curJ, curTh)) return 0;
    if (this.curForm === null) this.curForm = exact.neuronForm(curLayer, curJ, curTh, this.curPOff);
    return exact.signOfFormAt(this.curForm, l0, l1);
  }

  /** The id of the current line (see LineOracle). */
  lineId(): number {
    if (this.curId < 0) {
      this.curId = this.s.exact.addLine(this.curLayer, this.curJ, this.curTh, this.curPOff);
      if (this.curForm !== null) this.s.exact.setForm(this.curId, this.curForm);
    }
    return this.curId;
  }

  /** Make neuron j of layer l (threshold th), cutting the face whose pattern is at pOff, the current line. */
  protected setLine(l: number, j: number, th: number, pOff: number): void {
    this.curLayer = l;
    this.curJ = j;
    this.curTh = th;
    this.curPOff = pOff;
    this.curId = -1;
    this.curForm = null;
  }

  /**
   * Neuron j's line (threshold ti) of layer l against `parent` where the box test left it open: listed in
   * this.crossings[l] (at nc; returns the new count) when it crosses, else its state set.
   */
  protected decide(
    parent: Face,
    l: number,
    z: Float64Array,
    j: number,
    ti: number,
    pOff: number,
    nc: number,
  ): number {
    const { sub, net } = this.s;
    const { outDim, activation } = net.layers[l]!;
    const ths = thresholds(activation);
    const th = ths[ti]!;
    const tol = this.tolOf(z, STRIDE * j, th, l);
    this.setLine(l, j, th, pOff);
    const line = sub.line;
    line[0] = z[STRIDE * j]!;
    line[1] = z[STRIDE * j + 1]!;
    line[2] = z[STRIDE * j + 2]! - th;
    line[3] = tol;
    const side = sub.sideOfLine(parent);
    if (side === CROSSES || Number.isNaN(side)) this.crossings[l]![nc++] = j + outDim * ti;
    else if (side === ABOVE || (side === ON_LINE && ti === 0 && ths.length === 2)) {
      addState(this.pat, pOff + this.offs[l]! + j, 1);
    }
    return nc;
  }
}
