/**
 * The line being tested by the region walk (face-walk.ts): its layer, neuron, threshold and the pattern of the
 * face it cuts, and the exact oracle of the subdivision for it (signs at vertices decided in exact
 * arithmetic, exact-lines.ts; the line's id, made on first use).
 */
import type { ExactForm } from './exact-lines.ts';
import type { LineOracle } from './subdivision.ts';
import { WalkBase } from './walk-base.ts';
import type { WalkSetup } from './walk-setup.ts';

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

  constructor(setup: WalkSetup) {
    super(setup.composition);
    this.s = setup;
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
}
