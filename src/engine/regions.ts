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

import { placeLayers } from './affine-wasm.ts';
import { Arena, ByteArena } from './arenas.ts';
import { arrangementRegions } from './arrangement-regions.ts';
import { ExactLines } from './exact-lines.ts';
import { inputError, sumMaps } from './face-error.ts';
import { finiteBlock, prepareLayer, relativeTolerance, STRIDE, splitWeights } from './face-maps.ts';
import { FaceWalk } from './face-walk.ts';
import { patternHashInto } from './forward.ts';
import { type Network, neuronCount, outputDim } from './model.ts';
import { packedBytes } from './packed-states.ts';
import { type Composition, composition } from './piece-maps.ts';
import { planeMap, type Window, windowError } from './plane.ts';
import { buildRegions, type FinishedSubdivision } from './region-build.ts';
import { NO_FACE, Subdivision } from './subdivision.ts';
import { overflowMessage } from './walk-setup.ts';
import { spareStores } from './walk-stores.ts';

export type { EnumerateOptions, Enumeration, Region } from './regionTypes.ts';

import type { EnumerateOptions, Enumeration } from './regionTypes.ts';

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
  const lean = opts.areasOnly === true && !opts.onRegion;
  const hashes = lean && opts.patternHashes === true;
  if (!opts.forceSubdivision) {
    // The arrangement's count alone builds no patterns, nor do its hashes for two-state activations;
    // otherwise it builds the regions, reduced here to their hashes.
    const fast = arrangementRegions(net, window, opts);
    if (fast) return hashes && !fast.hashes ? areasAndHashes(fast) : fast;
  }
  const map = planeMap(net.inputDim, window.plane);
  if (typeof map === 'string') return map;
  const { x0, x1, y0, y1 } = window;
  const W = x1 - x0;
  const H = y1 - y0;
  const nLayers = Math.max(0, Math.min(opts.layers ?? net.layers.length, net.layers.length));
  const maxRegions = opts.maxRegions ?? Number.POSITIVE_INFINITY;
  const full = nLayers === net.layers.length;
  // The stores of the previous enumeration, with their memory, when it left them (walk-stores.ts).
  const spare = spareStores();
  const sub = spare?.sub ?? new Subdivision();
  const relTol = relativeTolerance(net);
  const prepared = net.layers.map(prepareLayer);
  // The input as affine maps of (u, v); double-double composition where float64's band would be wide.
  const comp = composition(net, prepared, map, window, relTol, nLayers > 0 ? opts.doubleDouble : false);
  // W h + b in the WebAssembly kernels where they compile (the same numbers as the JavaScript loops).
  for (let l = 0; l < comp.ddLayers; l++) splitWeights(prepared[l]!);
  placeLayers(prepared, comp.ddLayers);
  const n0 = net.inputDim;
  const nNeurons = neuronCount(net);
  const patterns = spare?.patterns ?? new ByteArena();
  // Patterns two bits per neuron; faces name theirs by slot (packed-states.ts).
  const first = sub.square(4 * patterns.alloc(packedBytes(nNeurons)), 0);
  // The maps of the face being cut at each depth (face-walk.ts).
  const zs: Float64Array[] = [];
  for (let l = 0; l < nLayers; l++) zs.push(new Float64Array(STRIDE * net.layers[l]!.outDim));
  // The maps of the finished regions (the network's outputs when all layers are enumerated).
  const outMaps = spare?.outMaps ?? new Arena(1024);
  if (nLayers > 0) {
    comp.layerMaps(prepared[0]!, comp.h0, zs[0]!, 0);
    // The spectral error bound of the first layer's maps (face-error.ts), in slot 7 of the first neuron.
    if (comp.errors && comp.ddLayers === 0) zs[0]![7] = inputError(comp.errors, comp.h0, STRIDE);
  } else {
    outMaps.alloc(STRIDE * n0);
    outMaps.data.set(comp.h0);
  }
  if (!finiteBlock(comp.h0, 0, comp.h0.length)) return 'the window maps to inputs that overflow float64';
  if (nLayers > 0 && !finiteBlock(zs[0]!, 0, zs[0]!.length)) return overflowMessage(0);
  // Exact decisions where the float64 filter cannot certify a sign (exact-lines.ts): the line being tested
  // is (layer, neuron, threshold, pattern prefix of the parent face); its exact form is made on demand.
  const exact = new ExactLines(net, map, window, () => patterns.data);
  const walk = new FaceWalk({
    net,
    prepared,
    composition: comp,
    sub,
    patterns,
    outMaps,
    exact,
    nLayers,
    full,
    maxRegions,
    shouldStop: opts.shouldStop,
    zs,
    lean,
    hashes,
  });
  sub.oracle = walk;
  if (nLayers > 0) {
    sumMaps(zs[0]!, 0, net.layers[0]!.outDim, walk.zSums, 0);
    walk.visit(first, 0, zs[0]!);
  } else walk.finish(first, sub.fPOff[first]!);
  const result = walkResult(walk, sub, exact, comp, {
    faces: walk.done,
    pres: walk.donePre,
    split: walk.split,
    zf: outMaps.data,
    pat: walk.patternBytes(),
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
  walk.retire(!lean);
  return result;
}

/** What the finished (or stopped) walk found: its regions, or its error. */
function walkResult(
  walk: FaceWalk,
  sub: Subdivision,
  exact: ExactLines,
  comp: Composition,
  finished: Omit<FinishedSubdivision, 'sub'>,
): Enumeration | string {
  const { done, stopped, error, count } = walk;
  if (error !== null) return error;
  // Every face of the subdivision (all of them are regions when the run is complete).
  let directed = 0;
  let boundary = 0;
  const { fStart, fLen, eAdj, nf } = sub;
  const none = NO_FACE;
  for (let f = 0; f < nf; f++) {
    const s = fStart[f]!;
    const e = s + fLen[f]!;
    directed += e - s;
    for (let k = s; k < e; k++) if (eAdj[k] === none) boundary++;
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
      doubleDouble: comp.dd,
      doubleDoubleLayers: comp.ddLayers,
      spectralBound: comp.errors !== null,
    };
  const { regions, totalArea, areas } = buildRegions({ sub, ...finished });
  return {
    regions,
    count: done.length,
    vertices: sub.nv,
    edges,
    area: totalArea,
    ...(areas ? { areas } : {}),
    ...(areas && walk.hashes ? { hashes: walk.hashes.slice(0, 2 * done.length) } : {}),
    complete: true,
    exactDecisions: exact.decisions,
    doubleDouble: comp.dd,
    doubleDoubleLayers: comp.ddLayers,
    spectralBound: comp.errors !== null,
  };
}

/** A full enumeration reduced to what areasOnly with patternHashes returns: areas and pattern hashes. */
function areasAndHashes(e: Enumeration): Enumeration {
  if (!e.complete) return e;
  const n = e.regions.length;
  const areas = new Float64Array(n);
  const hashes = new Uint32Array(2 * n);
  for (let k = 0; k < n; k++) {
    const r = e.regions[k]!;
    areas[k] = r.area;
    patternHashInto(r.pattern, hashes, 2 * k);
  }
  return { ...e, regions: [], areas, hashes };
}
