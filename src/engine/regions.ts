/**
 * Exact enumeration of the linear regions of a network on a 2-D window of the (s, t) plane.
 *
 * Method: layer-wise subdivision of a planar subdivision with shared vertices. The window, in normalised
 * coordinates (u, v) in [0, 1]^2, starts as one face. For each layer, every face knows the affine maps of
 * that layer's pre-activations z_j(u, v) (exact composition of the previous layers' pieces, in float64); each
 * face is then cut by the lines z_j = threshold of the neurons whose sign changes on it. A cut inserts the
 * crossing points into the neighbouring faces too (every edge knows the face on its other side), so a
 * bent hyperplane that continues into the neighbour reuses the very same vertex: vertices are never
 * duplicated and V, E, F describe one planar graph.
 *
 * Predicates: the sign of z at a vertex is decided in float64 with a relative tolerance
 * (|z| <= 2^12 eps (m + |a_u| + |a_v| + |c| + |threshold|) counts as zero, i.e. the vertex lies on the line,
 * where m bounds the magnitude of the terms that made z on this face through its own pattern: face-maps.ts;
 * deep networks compose in double-double, where the m term shrinks to about eps^2 m: face-maps-dd.ts).
 * Because the coordinates are normalised to the window, this tolerance is relative to the window, so a
 * window a million times smaller than the network's scale keeps its structure. A face is cut only when it
 * has vertices strictly on both sides, so concurrent, parallel and duplicated neurons, zero and dead
 * neurons and neurons that only touch a face never create spurious regions.
 */
import { thresholds } from './activations.ts';
import { arrangementRegions } from './arrangement-regions.ts';
import { type ExactForm, ExactLines } from './exact-lines.ts';
import {
  Arena,
  ByteArena,
  finiteBlock as finiteBlock_,
  prepareLayer,
  relativeTolerance,
  STRIDE as STRIDE_,
  TINY,
} from './face-maps.ts';
import { type Network, neuronCount, outputDim } from './model.ts';
import { composition } from './piece-maps.ts';
import { planeMap, type Window, windowError } from './plane.ts';
import { buildRegions } from './region-build.ts';
import {
  ABOVE as ABOVE_,
  CROSSES as CROSSES_,
  type Face,
  type LineOracle,
  NO_FACE,
  ON_LINE as ON_LINE_,
  Subdivision,
} from './subdivision.ts';

export type { EnumerateOptions, Enumeration, Region } from './regionTypes.ts';

import type { EnumerateOptions, Enumeration } from './regionTypes.ts';

// Local copies of imported bindings: module loaders that compile to CommonJS (tsx) turn every access to an
// imported binding into a getter call, which is measurable in the hot loops below.
const ABOVE = ABOVE_;
const ON_LINE = ON_LINE_;
const CROSSES = CROSSES_;
const STRIDE = STRIDE_;
const finiteBlock = finiteBlock_;

/**
 * Enumerate the regions of `net` on `window` (see plane.ts). Returns an error message (a string) for a bad
 * window or plane. Cost: about (faces of the previous layer) x width^2 per layer, plus the cuts.
 */
export function enumerateRegions(
  net: Network,
  window: Window,
  opts: EnumerateOptions = {},
): Enumeration | string {
  const werr = windowError(window);
  if (werr) return werr;
  if (!opts.forceSubdivision) {
    const fast = arrangementRegions(net, window, opts);
    if (fast) return fast;
  }
  const map = planeMap(net.inputDim, window.plane);
  if (typeof map === 'string') return map;
  const { x0, x1, y0, y1 } = window;
  const W = x1 - x0;
  const H = y1 - y0;
  const nLayers = Math.max(0, Math.min(opts.layers ?? net.layers.length, net.layers.length));
  const maxRegions = opts.maxRegions ?? Number.POSITIVE_INFINITY;
  const full = nLayers === net.layers.length;
  const sub = new Subdivision();
  const relTol = relativeTolerance(net);
  const prepared = net.layers.map(prepareLayer);
  // The input as affine maps of (u, v); double-double composition where float64's band would be wide.
  const { dd, h0, evalTol, compTol, layerMaps, firstMaps, sibMaps } = composition(
    net,
    prepared,
    map,
    window,
    relTol,
    nLayers > 0 ? opts.doubleDouble : false,
  );
  const n0 = net.inputDim;
  // The tolerance of a line: evaluation rounding, the composition's error (relative to m) and the low parts.
  const tolOf = (z: Float64Array, k: number, th: number) =>
    evalTol * (Math.abs(z[k]!) + Math.abs(z[k + 1]!) + Math.abs(z[k + 2]!) + Math.abs(th)) +
    compTol * z[k + 3]! +
    (Math.abs(z[k + 4]!) + Math.abs(z[k + 5]!) + Math.abs(z[k + 6]!)) +
    TINY;
  const nNeurons = neuronCount(net);
  const patterns = new ByteArena();
  const first = sub.square(patterns.alloc(nNeurons), 0);
  let pat = patterns.data;
  // Depth first: a face is cut by its layer's neurons and each piece is taken through the remaining layers
  // before the next piece, so only one face per layer holds maps at any time (zs[l]: the maps of layer l's
  // pre-activations on the face being cut at depth l; refs[l]: the next layer's maps of its first piece).
  // The memory of the maps is O(L W), not O(regions x W), and they stay in cache.
  const zs: Float64Array[] = [];
  const refs: Float64Array[] = [];
  for (let l = 0; l < nLayers; l++) zs.push(new Float64Array(STRIDE * net.layers[l]!.outDim));
  for (let l = 0; l < nLayers; l++) {
    const nextSize = l + 1 < nLayers ? STRIDE * net.layers[l + 1]!.outDim : STRIDE * net.layers[l]!.outDim;
    refs.push(new Float64Array(nextSize));
  }
  // The maps of the finished regions (the network's outputs when all layers are enumerated).
  const outMaps = new Arena(1024);
  if (nLayers > 0) layerMaps(prepared[0]!, h0, zs[0]!, 0);
  else {
    outMaps.alloc(STRIDE * n0);
    outMaps.data.set(h0);
  }
  // Exact decisions where the float64 filter cannot certify a sign (exact-lines.ts): the line being tested
  // is (layer, neuron, threshold, pattern prefix of the parent face); its exact form is made on demand.
  const exact = new ExactLines(net, map, window, () => patterns.data);
  let curLayer = 0;
  let curJ = 0;
  let curTh = 0;
  let curPOff = 0;
  let curId = -1;
  let curForm: ExactForm | null = null;
  const oracle: LineOracle = {
    signAt(v: number): number {
      const l0 = sub.vl0[v]!;
      const l1 = sub.vl1[v]!;
      if (exact.sameNeuron(l1, curLayer, curJ, curTh) || exact.sameNeuron(l0, curLayer, curJ, curTh))
        return 0;
      if (curForm === null) curForm = exact.neuronForm(curLayer, curJ, curTh, curPOff);
      return exact.signOfFormAt(curForm, l0, l1);
    },
    lineId(): number {
      if (curId < 0) {
        curId = exact.addLine(curLayer, curJ, curTh, curPOff);
        if (curForm !== null) exact.setForm(curId, curForm);
      }
      return curId;
    },
  };
  sub.oracle = oracle;
  const setLine = (l: number, j: number, th: number, pOff: number) => {
    curLayer = l;
    curJ = j;
    curTh = th;
    curPOff = pOff;
    curId = -1;
    curForm = null;
  };
  const overflow = (l: number) =>
    `the pre-activations of layer ${l + 1} overflow float64 on this window (values beyond 1.8e308 cannot ` +
    'be represented): use a smaller window or smaller weights';
  if (!finiteBlock(h0, 0, h0.length)) return 'the window maps to inputs that overflow float64';
  if (nLayers > 0 && !finiteBlock(zs[0]!, 0, zs[0]!.length)) return overflow(0);
  // The finished regions, in order (a stopped run counts every face of the subdivision instead).
  const done: Face[] = [];
  let count = 1;
  let stopped = false;
  let error: string | null = null;
  const offs: number[] = [];
  for (let l = 0, o = 0; l < net.layers.length; l++) {
    offs.push(o);
    o += net.layers[l]!.outDim;
  }
  // Per depth: the pieces of the face being cut, with their bounding boxes and pattern offsets in typed
  // arrays, so that the test of one line against every piece is a tight loop without object loads.
  const levelPieces: Face[][] = [];
  let bbox = new Float64Array(4 * 256);
  let bpo = new Int32Array(256);
  let crossing = new Int32Array(512); // (neuron, threshold index) pairs, used before any deeper visit
  const setBox = (k: number, f: Face) => {
    if (4 * k + 4 > bbox.length) {
      const b = new Float64Array(2 * bbox.length);
      b.set(bbox);
      bbox = b;
      const p = new Int32Array(2 * bpo.length);
      p.set(bpo);
      bpo = p;
    }
    const fb = sub.fBox;
    for (let i = 0; i < 4; i++) bbox[4 * k + i] = fb[4 * f + i]!;
    bpo[k] = sub.fPOff[f]!;
  };

  /** Cut `parent` (maps of layer l in zs[l]) by layer l's neurons and take every piece further. */
  const visit = (parent: Face, l: number): void => {
    if (count > maxRegions || opts.shouldStop?.(count)) {
      stopped = true;
      return;
    }
    const { outDim, activation, alpha } = net.layers[l]!;
    const ths = thresholds(activation);
    const off = offs[l]!;
    const z = zs[l]!;
    // Neurons whose lines miss the parent set its state once (inherited by all pieces); only the crossing
    // ones are cut, piece by piece.
    let nc = 0;
    if (crossing.length < outDim * ths.length) crossing = new Int32Array(outDim * ths.length);
    // Subdivision.side's bounding-box rejection, inlined: most lines miss the parent's box.
    const pb = sub.fBox;
    const hu = 0.5 * (pb[4 * parent + 1]! - pb[4 * parent]!);
    const hv = 0.5 * (pb[4 * parent + 3]! - pb[4 * parent + 2]!);
    const mu = pb[4 * parent]! + hu;
    const mv = pb[4 * parent + 2]! + hv;
    const pOff = sub.fPOff[parent]!;
    const po = pOff + off;
    for (let j = 0; j < outDim; j++) {
      const au = z[STRIDE * j]!;
      const av = z[STRIDE * j + 1]!;
      const cz = z[STRIDE * j + 2]!;
      const zc = cz + au * mu + av * mv;
      const r = Math.abs(au) * hu + Math.abs(av) * hv;
      const g = (Math.abs(au) + Math.abs(av)) * sub.maxR;
      for (let ti = 0; ti < ths.length; ti++) {
        const th = ths[ti]!;
        const tol = tolOf(z, STRIDE * j, th);
        if (zc - th - r > tol + g) {
          pat[po + j] = pat[po + j]! + 1;
          continue;
        }
        if (zc - th + r < -(tol + g)) continue;
        setLine(l, j, th, pOff);
        const side = sub.side(parent, au, av, cz - th, tol);
        if (side === CROSSES || Number.isNaN(side)) crossing[nc++] = j + outDim * ti;
        else if (side === ABOVE || (side === ON_LINE && ti === 0 && ths.length === 2)) {
          pat[po + j] = pat[po + j]! + 1;
        }
      }
    }
    if (levelPieces.length <= l) levelPieces.push([]);
    const pieces = levelPieces[l]!; // pieces[0 .. nPieces), written by index (keeps its backing store)
    pieces[0] = parent;
    let nPieces = 1;
    if (nc > 0) {
      // The crossings are cut here, before any piece goes deeper: the bounding-box arrays are this depth's.
      setBox(0, parent);
      for (let c = 0; c < nc; c++) {
        if (count > maxRegions) {
          // Stop inside a parent too (one parent of a wide first layer can hold most of the regions).
          stopped = true;
          return;
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
        const tol = tolOf(z, STRIDE * j, th);
        // The bounding-box filter of Subdivision.side, inlined: a piece whose box clears the line's band
        // lies on one side and is not cut.
        const aau = 0.5 * Math.abs(au);
        const aav = 0.5 * Math.abs(av);
        const band = tol + (Math.abs(au) + Math.abs(av)) * sub.maxR;
        const jo = off + j;
        setLine(l, j, th, pOff);
        const np = nPieces;
        for (let pi = 0; pi < np; pi++) {
          const k4 = 4 * pi;
          const u0 = bbox[k4]!;
          const u1 = bbox[k4 + 1]!;
          const v0 = bbox[k4 + 2]!;
          const v1 = bbox[k4 + 3]!;
          const zc = c0 + au * 0.5 * (u0 + u1) + av * 0.5 * (v0 + v1);
          const r = aau * (u1 - u0) + aav * (v1 - v0);
          if (zc - r > band) {
            const po = bpo[pi]! + jo;
            pat[po] = pat[po]! + 1;
            continue;
          }
          if (zc + r < -band) continue;
          const f = pieces[pi]!;
          let res = sub.cut(f, au, av, c0, tol);
          if (Number.isNaN(res)) {
            // Signs inconsistent with a convex face: the filter was wrong somewhere; decide every vertex.
            sub.forceExact = true;
            res = sub.cut(f, au, av, c0, tol);
            sub.forceExact = false;
          }
          const fp = sub.fPOff[f]!;
          if (res !== CROSSES) {
            if (Number.isNaN(res)) throw new Error(`inconsistent cut at layer ${l}, neuron ${j}`);
            if (res === ABOVE || (res === ON_LINE && closedAbove)) pat[fp + jo] = pat[fp + jo]! + 1;
          } else {
            // The new face (negative side, the newest) gets its own copy of the pattern so far: layers up
            // to this one (the later ones are still zero, in a zeroed block).
            const g = sub.nf - 1;
            const po = patterns.alloc(nNeurons);
            pat = patterns.data;
            pat.copyWithin(po, fp, fp + off + outDim);
            sub.fPOff[g] = po;
            pat[fp + jo] = pat[fp + jo]! + 1;
            setBox(pi, f);
            setBox(nPieces, g);
            pieces[nPieces++] = g;
            count++;
          }
        }
      }
    }
    const last = l + 1 === nLayers;
    if (last && !full) {
      for (let pi = 0; pi < nPieces; pi++) done.push(pieces[pi]!);
      return;
    }
    // Post-activation maps h = piece(z) of the first piece, and the next layer's W h + b in full; the
    // siblings differ from it only in the few neurons whose lines cross the parent.
    const nextP = last ? null : prepared[l + 1]!;
    const ref = pieces[0]!;
    const refMaps = refs[l]!;
    const nextSize = refMaps.length;
    firstMaps(activation, alpha, z, outDim, pat, sub.fPOff[ref]! + off, nextP, refMaps);
    if (!finiteBlock(refMaps, 0, nextSize)) {
      error = overflow(l + 1);
      return;
    }
    // Pieces are taken further in order; pieces[] of this depth is not touched by deeper visits.
    for (let pi = 0; pi < nPieces && !stopped && error === null; pi++) {
      const f = pieces[pi]!;
      let zn: Float64Array;
      let fo = 0;
      if (last) {
        fo = outMaps.alloc(nextSize);
        zn = outMaps.data;
        sub.fZOff[f] = fo;
      } else zn = zs[l + 1]!;
      zn.set(refMaps, fo);
      if (pi > 0) {
        sibMaps(activation, alpha, z, outDim, pat, sub.fPOff[f]! + off, sub.fPOff[ref]! + off, nextP, zn, fo);
        if (!finiteBlock(zn, fo, nextSize)) {
          error = overflow(l + 1);
          return;
        }
      }
      if (last) done.push(f);
      else visit(f, l + 1);
    }
  };
  if (nLayers > 0) visit(first, 0);
  else done.push(first);
  if (error !== null) return error;
  // Every face of the subdivision (all of them are regions when the run is complete).
  let directed = 0;
  let boundary = 0;
  for (let f = 0; f < sub.nf; f++) {
    const s = sub.fStart[f]!;
    directed += sub.fLen[f]!;
    for (let k = s; k < s + sub.fLen[f]!; k++) if (sub.eAdj[k] === NO_FACE) boundary++;
  }
  const edges = (directed + boundary) / 2;
  if (stopped)
    return {
      regions: [],
      count,
      vertices: sub.nv,
      edges,
      area: 0,
      complete: false,
      exactDecisions: exact.decisions,
      doubleDouble: dd,
    };
  const { regions, totalArea, areas } = buildRegions({
    sub,
    faces: done,
    zf: outMaps.data,
    pat,
    patternsUsed: patterns.used,
    nNeurons,
    nOut: outputDim(net),
    full,
    x0,
    y0,
    W,
    H,
    onRegion: opts.onRegion,
    areasOnly: opts.areasOnly,
  });
  return {
    regions,
    count: done.length,
    vertices: sub.nv,
    edges,
    area: totalArea,
    ...(areas ? { areas } : {}),
    complete: true,
    exactDecisions: exact.decisions,
    doubleDouble: dd,
  };
}
