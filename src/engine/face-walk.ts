/**
 * The depth-first walk of the region enumeration (regions.ts): a face is cut by its layer's neurons and each
 * piece is taken through the remaining layers before the next piece, so only a few faces per layer hold maps
 * at any time (refs[l]: the next layer's maps of the first piece of the face cut at depth l, which are also
 * that piece's maps when it is cut in turn; zs[l + 1]: those of the sibling being taken further). The memory
 * of the maps is O(L W), not O(regions x W), and they stay in cache.
 *
 * The walk is a class, not closures made per enumeration, so that its compiled code (and what it inlined)
 * is kept from one enumeration to the next: a new closure would be a new call target each time.
 */
import { thresholds } from './activations.ts';
import { mapsAt as mapsAt_ } from './affine-wasm.ts';
import {
  ddMapsError as ddMapsError_,
  refBound as refBound_,
  siblingError as siblingError_,
} from './face-error.ts';
import { STRIDE as STRIDE_ } from './face-maps.ts';
import { patternHashInto as patternHashInto_ } from './forward.ts';
import { dropSums as dropSums_ } from './kernel-sums.ts';
import { addState as addState_, packedBytes, unpackRegion as unpackRegion_ } from './packed-states.ts';
import { ABOVE as ABOVE_, CROSSES as CROSSES_, type Face, ON_LINE as ON_LINE_ } from './subdivision.ts';
import { WalkLines } from './walk-lines.ts';
import { overflowMessage as overflowMessage_, type WalkSetup } from './walk-setup.ts';
import { handOn as handOn_ } from './walk-stores.ts';

// Local copies of imported bindings: module loaders that compile to CommonJS (tsx) turn every access to an
// imported binding into a getter call, which is measurable in the hot loops below.
const ABOVE = ABOVE_;
const ON_LINE = ON_LINE_;
const CROSSES = CROSSES_;
const STRIDE = STRIDE_;
const patternHashInto = patternHashInto_;
const unpackRegion = unpackRegion_;
const addState = addState_;
const overflowMessage = overflowMessage_;
const handOn = handOn_;
const refBound = refBound_;
const ddMapsError = ddMapsError_;
const siblingError = siblingError_;
const mapsAt = mapsAt_;
const dropSums = dropSums_;

/** Faces' patterns start at slots (packed-states.ts) held in an Int32Array: their bytes end by 2^29. */
const PATTERN_BYTES_MAX = 2 ** 29;
const PATTERNS_FULL = 'the activation patterns passed 512 MiB';

/** The walk's state. */
export class FaceWalk extends WalkLines {
  /** The finished regions, in order. */
  readonly done: Face[] = [];
  /** Per finished region, the slot of its states below `split` (packed-states.ts unpackRegion). */
  readonly donePre: number[] = [];
  /** The first state of the deepest cutting layer (0 if none): its new faces keep those from there on. */
  readonly split: number;
  /** The slot of the states below split of the faces being finished (their last cutting visit's parent's). */
  private curPre = 0;
  /** With setup.hashes: the pattern hash of done[k] at 2k, 2k + 1 (taken when it is finished). */
  hashes: Uint32Array | null;
  /** Stopped by the cap or shouldStop. */
  stopped = false;
  /** An overflow message, when the maps overflowed. */
  error: string | null = null;
  private readonly nNeurons: number;
  private readonly refs: Float64Array[] = [];
  /** The deepest enumerated layer whose neurons cut (one with thresholds), or -1. */
  private readonly lastCut: number;
  /** Bytes of one face's pattern. */
  private readonly patBytes: number;
  /** One pattern unpacked, to be hashed. */
  private readonly states: Uint8Array;
  // Per depth: the pieces of the face being cut (their bounding boxes and pattern offsets: WalkBase).
  private readonly levelPieces: Face[][] = [];

  constructor(setup: WalkSetup) {
    super(setup);
    const { net, nLayers } = setup;
    let o = 0;
    for (const L of net.layers) {
      this.offs.push(o);
      o += L.outDim;
    }
    this.nNeurons = o;
    this.patBytes = packedBytes(o);
    this.states = new Uint8Array(setup.hashes ? o : 0);
    let lastCut = -1;
    for (let l = 0; l < nLayers; l++) if (thresholds(net.layers[l]!.activation).length > 0) lastCut = l;
    this.lastCut = lastCut;
    this.split = lastCut >= 0 ? this.offs[lastCut]! : 0;
    this.hashes = setup.hashes ? new Uint32Array(2048) : null;
    for (let l = 0; l < nLayers; l++) {
      const nextSize = l + 1 < nLayers ? STRIDE * net.layers[l + 1]!.outDim : STRIDE * net.layers[l]!.outDim;
      this.refs.push(new Float64Array(nextSize));
    }
  }

  /** Faces so far (every cut adds one). */
  get count(): number {
    return this.s.sub.nf;
  }

  /** The pattern arena's bytes as the walk left them. */
  patternBytes(): Uint8Array {
    return this.pat;
  }

  /**
   * End of the enumeration: hand the stores on to the next one and empty the walk, which is kept until the
   * next one retires (walk-stores.ts). `patternsShared`: the regions hold views of the pattern arena.
   */
  retire(patternsShared: boolean): void {
    const { sub, patterns, outMaps, exact, zs, prepared } = this.s;
    handOn({ sub, patterns, outMaps }, exact, patternsShared, this);
    (prepared as unknown[]).length = 0;
    zs.length = 0;
    this.done.length = 0;
    this.donePre.length = 0;
    this.refs.length = 0;
    this.levelPieces.length = 0;
    if (this.hashes) this.hashes = new Uint32Array(2);
    this.pat = patterns.data;
    this.curForm = null;
  }

  /** Cut `parent` (z: the maps of layer l's pre-activations on it) by layer l's neurons; take every piece further. */
  visit(parent: Face, l: number, z: Float64Array): void {
    const { sub, net, zs, maxRegions, nLayers, full, outMaps, prepared } = this.s;
    if (sub.nf > maxRegions || this.s.shouldStop?.(sub.nf)) {
      this.stopped = true;
      return;
    }
    const { outDim } = net.layers[l]!;
    const off = this.offs[l]!;
    // With only areas kept, the faces this visit makes (the deepest cutting layer's) need their patterns
    // only until the visit is done: no line refers to them (lines name the pattern of the face they cut, and
    // no deeper layer cuts), and nothing reads them after the walk.
    const release = this.s.lean && l === this.lastCut;
    const mark = release ? this.s.patterns.used : 0;
    // The loops are methods of their own, each optimised apart: a loop compiled on the fly inside visit
    // would be left (deoptimised) at visit's rest on every call until visit itself is compiled.
    const nc = this.classify(parent, l, z);
    if (this.levelPieces.length <= l) this.levelPieces.push([]);
    const pieces = this.levelPieces[l]!; // pieces[0 .. nPieces), written by index (keeps its backing store)
    pieces[0] = parent;
    const nPieces = nc > 0 ? this.cutCrossing(parent, l, z, nc, pieces) : 1;
    if (nPieces === 0) return;
    // The slot of the earlier layers' states of every face this visit made (and of their deeper pieces).
    if (l === this.lastCut) this.curPre = sub.fPOff[parent]!;
    const pat = this.pat;
    const last = l + 1 === nLayers;
    if (last && !full) {
      for (let pi = 0; pi < nPieces; pi++) this.finish(pieces[pi]!, this.curPre);
      if (release) this.s.patterns.release(mark);
      return;
    }
    // Post-activation maps h = piece(z) of the first piece, and the next layer's W h + b in full; the
    // siblings differ from it only in the few neurons whose lines cross the parent.
    const firstMaps = this.s.composition.firstMaps[l]!;
    const sibMaps = this.s.composition.sibMaps[l]!;
    const nextP = last ? null : prepared[l + 1]!;
    const ref = pieces[0]!;
    const refPo = sub.fPOff[ref]! + off;
    const refMaps = this.refs[l]!;
    const nextSize = refMaps.length;
    const here = prepared[l]!;
    dropSums();
    const hss = firstMaps(here.pieces, z, outDim, pat, refPo, nextP, refMaps, this.mapsAt[l]!, here);
    const sums = this.zSums;
    const q = 2 * l + 2;
    if (!this.summed(refMaps, 0, nextSize, q)) {
      this.error = overflowMessage(l + 1);
      return;
    }
    // The spectral error bounds of the next layer's maps (face-error.ts), the first piece's, then each sibling's.
    // A double-double layer's bound comes from its tolerance (at the last such layer; none before it).
    const eb = last || l + 1 < this.ddLayers ? null : this.errors;
    const eParent = eb === null ? 0 : l < this.ddLayers ? ddMapsError(z, outDim, this.compTols[l]!) : z[7]!;
    const refNorm = eb === null ? 0 : refBound(eb, l, sums[2 * l]!, eParent, outDim, hss, refMaps, sums[q]!);
    // Where the kernels left the first piece's maps (each sibling's are set below).
    const refAt = last ? -1 : mapsAt(nextP!, false);
    // Pieces are taken further in order; pieces[] of this depth is not touched by deeper visits.
    for (let pi = 0; pi < nPieces && !this.stopped && this.error === null; pi++) {
      const f = pieces[pi]!;
      // The first piece's maps are refMaps itself (deeper visits only read them); a sibling's are written
      // into the next depth's buffer, or where the finished region keeps them.
      let zn = refMaps;
      let fo = 0;
      if (last) {
        fo = outMaps.alloc(nextSize);
        zn = outMaps.data;
        sub.fZOff[f] = fo;
        if (pi === 0) zn.set(refMaps, fo);
      } else if (pi > 0) zn = zs[l + 1]!;
      if (pi > 0) {
        dropSums();
        const dss = sibMaps(
          prepared[l]!.pieces,
          z,
          outDim,
          this.pat,
          sub.fPOff[f]! + off,
          refPo,
          nextP,
          refMaps,
          zn,
          fo,
          this.crossings[l]!,
          nc,
        );
        if (!this.summed(zn, fo, nextSize, q)) {
          this.error = overflowMessage(l + 1);
          return;
        }
        // A sibling differs from the first piece in at most the nc crossing neurons.
        if (eb !== null)
          zn[fo + 7] = siblingError(eb, l, refMaps[7]!, refNorm, nc, Math.sqrt(dss) * (1 + 2 ** -30));
      }
      if (last) this.finish(f, this.curPre);
      else {
        this.mapsAt[l + 1] = pi === 0 ? refAt : mapsAt(nextP!, true);
        this.visit(f, l + 1, zn);
      }
    }
    if (release) this.s.patterns.release(mark);
  }

  /**
   * Face f is a finished region, its states below split at slots from `pre` (its own slot when it keeps its
   * whole pattern): list it, and hash its pattern while the pattern is still there.
   */
  finish(f: Face, pre: number): void {
    const k = this.done.length;
    this.done.push(f);
    this.donePre.push(pre);
    let h = this.hashes;
    if (h === null) return;
    if (2 * k + 2 > h.length) {
      const g = new Uint32Array(2 * h.length);
      g.set(h);
      h = g;
      this.hashes = g;
    }
    unpackRegion(this.pat, pre, this.s.sub.fPOff[f]!, this.split, this.nNeurons, this.states, 0);
    patternHashInto(this.states, h, 2 * k, this.nNeurons);
  }

  /**
   * Set the states of layer l's neurons whose lines miss `parent` (inherited by all its pieces) and list the
   * crossing ones in this.crossings[l] (neuron + outDim * threshold index); returns how many cross.
   */
  private classify(parent: Face, l: number, z: Float64Array): number {
    const { sub, net } = this.s;
    const { outDim, activation } = net.layers[l]!;
    const ths = thresholds(activation);
    const off = this.offs[l]!;
    const pat = this.pat;
    let nc = 0;
    if (this.crossings.length <= l) this.crossings.push(new Int32Array(64));
    if (this.crossings[l]!.length < outDim * ths.length)
      this.crossings[l] = new Int32Array(outDim * ths.length);
    const pOff = sub.fPOff[parent]!;
    const po = pOff + off;
    // In a float64 layer whose maps the kernels made, the test below in the classify kernel.
    const at = ths.length === 1 && l >= this.ddLayers ? this.mapsAt[l]! : -1;
    const P = this.s.prepared[l]!;
    const n = at < 0 ? -1 : this.classifyInKernel(P, at, z, l, ths[0]!, sub, parent, pat, po);
    if (n >= 0) {
      const list = this.kList;
      for (let k = 0; k < n; k++) nc = this.decide(parent, l, z, list[this.kListAt + k]!, 0, pOff, nc);
      return nc;
    }
    // Subdivision.side's bounding-box rejection, inlined: most lines miss the parent's box.
    const pb = sub.fBox;
    const hu = 0.5 * (pb[4 * parent + 1]! - pb[4 * parent]!);
    const hv = 0.5 * (pb[4 * parent + 3]! - pb[4 * parent + 2]!);
    const mu = pb[4 * parent]! + hu;
    const mv = pb[4 * parent + 2]! + hv;
    for (let j = 0; j < outDim; j++) {
      const au = z[STRIDE * j]!;
      const av = z[STRIDE * j + 1]!;
      const cz = z[STRIDE * j + 2]!;
      const zc = cz + au * mu + av * mv;
      const r = Math.abs(au) * hu + Math.abs(av) * hv;
      const g = (Math.abs(au) + Math.abs(av)) * sub.maxR;
      for (let ti = 0; ti < ths.length; ti++) {
        const th = ths[ti]!;
        const tol = this.tolOf(z, STRIDE * j, th, l);
        if (zc - th - r > tol + g) {
          addState(pat, po + j, 1);
          continue;
        }
        if (zc - th + r < -(tol + g)) continue;
        nc = this.decide(parent, l, z, j, ti, pOff, nc);
      }
    }
    return nc;
  }

  /**
   * Cut `parent` by the nc crossing lines of this.crossings[l], piece by piece: the pieces go to pieces[0 ..),
   * parent first. Returns how many there are, or 0 when the run was stopped by the cap.
   */
  private cutCrossing(parent: Face, l: number, z: Float64Array, nc: number, pieces: Face[]): number {
    const { sub, net, patterns, maxRegions } = this.s;
    const { outDim, activation } = net.layers[l]!;
    const ths = thresholds(activation);
    const off = this.offs[l]!;
    const patBytes = this.patBytes;
    const crossing = this.crossings[l]!;
    const pOff = sub.fPOff[parent]!;
    // The deepest cutting layer's new faces keep their tails (packed-states.ts): this layer's states and
    // the later ones, at the parent's phase (slot mod 4) of this layer's first state, so that they copy
    // byte for byte; other new faces copy the parent's layers up to this one.
    const tail = l === this.lastCut;
    const phase = (pOff + off) & 3;
    const newBytes = tail ? (phase + this.nNeurons - off + 3) >> 2 : patBytes;
    const skip = tail ? off : 0;
    const shift = tail ? phase - off : 0;
    const copyLen = ((tail ? phase : off) + outDim + 3) >> 2;
    let pat = this.pat;
    let nPieces = 1;
    // The crossings are cut here, before any piece goes deeper: the bounding-box arrays are this depth's.
    this.setBox(sub, 0, parent);
    for (let c = 0; c < nc; c++) {
      if (sub.nf > maxRegions) {
        // Stop inside a parent too (one parent of a wide first layer can hold most of the regions).
        this.stopped = true;
        return 0;
      }
      const ti = Math.floor(crossing[c]! / outDim);
      const j = crossing[c]! - outDim * ti;
      const au = z[STRIDE * j]!;
      const av = z[STRIDE * j + 1]!;
      const cz = z[STRIDE * j + 2]!;
      const th = ths[ti]!;
      const c0 = cz - th;
      // For hardtanh's lower threshold the closed side z >= -1 counts as "above"; otherwise z > th does.
      const closedAbove = ths.length === 2 && ti === 0;
      const tol = this.tolOf(z, STRIDE * j, th, l);
      // The bounding-box filter of Subdivision.side, inlined: a piece whose box clears the line's band
      // lies on one side and is not cut.
      const aau = 0.5 * Math.abs(au);
      const aav = 0.5 * Math.abs(av);
      const band = tol + (Math.abs(au) + Math.abs(av)) * sub.maxR;
      const jo = off + j;
      this.setLine(l, j, th, pOff);
      // The line of every cut below (Subdivision.line: passed unboxed).
      const line = sub.line;
      line[0] = au;
      line[1] = av;
      line[2] = c0;
      line[3] = tol;
      const np = nPieces;
      for (let pi = 0; pi < np; pi++) {
        const bbox = this.bbox;
        const k4 = 4 * pi;
        const u0 = bbox[k4]!;
        const u1 = bbox[k4 + 1]!;
        const v0 = bbox[k4 + 2]!;
        const v1 = bbox[k4 + 3]!;
        const zc = c0 + au * 0.5 * (u0 + u1) + av * 0.5 * (v0 + v1);
        const r = aau * (u1 - u0) + aav * (v1 - v0);
        if (zc - r > band) {
          addState(pat, this.bpo[pi]! + jo, 1);
          continue;
        }
        if (zc + r < -band) continue;
        const f = pieces[pi]!;
        let res = sub.cutLine(f);
        if (Number.isNaN(res)) {
          // Signs inconsistent with a convex face: the filter was wrong somewhere; decide every vertex.
          sub.forceExact = true;
          res = sub.cutLine(f);
          sub.forceExact = false;
        }
        const fp = sub.fPOff[f]!;
        if (res !== CROSSES) {
          if (Number.isNaN(res)) throw new Error(`inconsistent cut at layer ${l}, neuron ${j}`);
          if (res === ABOVE || (res === ON_LINE && closedAbove)) addState(pat, fp + jo, 1);
        } else {
          // The new face (negative side, the newest) gets its own copy of the pattern so far (the later
          // layers' states are still zero, in a zeroed block).
          const g = sub.nf - 1;
          const q = patterns.alloc(newBytes);
          if (q + newBytes > PATTERN_BYTES_MAX) throw new RangeError(PATTERNS_FULL);
          pat = patterns.data;
          this.pat = pat;
          const from = (fp + skip) >> 2;
          pat.copyWithin(q, from, from + copyLen);
          sub.fPOff[g] = 4 * q + shift;
          addState(pat, fp + jo, 1);
          this.setBox(sub, pi, f);
          this.setBox(sub, nPieces, g);
          pieces[nPieces++] = g;
        }
      }
    }
    return nPieces;
  }
}
