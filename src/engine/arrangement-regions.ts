/**
 * The regions of a network with one hidden layer, as the faces of its line arrangement (arrangement.ts):
 * a fast path of enumerateRegions (regions.ts) for 2 -> N -> k networks on a 2-D input without a plane.
 *
 * Method: each neuron's zero set (two parallel lines for hardtanh) is a line whose coefficients are the
 * float64 weights, exact; repeated lines are merged (exactly) into one carrying every neuron on it, lines
 * that miss the open window give their neurons one state everywhere. The arrangement's graph is built with
 * exact predicates, its faces are walked, and the faces' patterns are set by a breadth-first search over the
 * dual graph: across an edge exactly the neurons of its line change state. The output is affine in the
 * hidden activations, so each face's map is its neighbour's plus the changed neurons' terms. Cost: about
 * N^2 crossings with a sort along each line, then O(1) per half-edge and N bytes per region for its
 * pattern, instead of the general path's test of every line against every piece of the face it cuts.
 *
 * Returns null (the caller then takes the general path) for anything else: a plane, more layers, a cap
 * that the arrangement could pass, coefficients beyond 1e90 or below 1e-90 in magnitude (where products
 * of three would leave float64's normal range), hardtanh thresholds that float64 cannot apply exactly.
 */
import { orient2d, orient3d } from 'robust-predicates';
import { pieceOf, thresholds } from './activations.ts';
import { type ArrangementGraph, buildArrangement, leftPositive } from './arrangement.ts';
import { dualOrder, FacePatterns, faceHashes, N_STATES_MAX, regionsOf } from './arrangement-faces.ts';
import { type Network, neuronCount } from './model.ts';
import type { Window } from './plane.ts';
import type { EnumerateOptions, Enumeration } from './regions.ts';

/** True when x is 0 or of a magnitude the exact predicates take without overflow or underflow. */
function safe(x: number): boolean {
  const m = Math.abs(x);
  return m === 0 || (m >= 1e-90 && m <= 1e90);
}

/** x + y when float64 holds it exactly, else NaN. */
function exactSum(x: number, y: number): number {
  const s = x + y;
  const bv = s - x;
  const av = s - bv;
  return x - av + (y - bv) === 0 ? s : Number.NaN;
}

/**
 * Enumerate the regions of a one-hidden-layer network on `window` as its line arrangement's faces, with the
 * result enumerateRegions gives; null when this method does not apply (see the module comment).
 */
export function arrangementRegions(net: Network, window: Window, opts: EnumerateOptions): Enumeration | null {
  if (net.inputDim !== 2 || window.plane) return null;
  const nLayers = Math.max(0, Math.min(opts.layers ?? net.layers.length, net.layers.length));
  if (nLayers < 1) return null;
  const full = nLayers === net.layers.length;
  if (full && (net.layers.length !== 2 || net.layers[1]!.activation !== 'linear')) return null;
  // Only the first layer's partition, or the whole network when a linear output layer follows it.
  if (!full && nLayers !== 1) return null;
  const L0 = net.layers[0]!;
  const ths = thresholds(L0.activation);
  if (ths.length === 0) return null;
  const N = L0.outDim;
  const { x0, x1, y0, y1 } = window;
  for (const v of [x0, x1, y0, y1]) if (!safe(v)) return null;
  if (!(x1 - x0 < Number.POSITIVE_INFINITY && y1 - y0 < Number.POSITIVE_INFINITY)) return null;
  const nLines = N * ths.length;
  const maxRegions = opts.maxRegions ?? Number.POSITIVE_INFINITY;
  if (1 + nLines + (nLines * (nLines - 1)) / 2 > maxRegions) return null;
  const out = full ? net.layers[1]! : null;
  if (out) {
    for (const v of out.weights) if (Math.abs(v) > 1e90) return null;
    for (const v of out.bias) if (Math.abs(v) > 1e90) return null;
  }
  // Every neuron's lines: (a, b, c - threshold).
  const la = new Float64Array(nLines + 4);
  const lb = new Float64Array(nLines + 4);
  const lc = new Float64Array(nLines + 4);
  for (let j = 0; j < N; j++) {
    const a = L0.weights[2 * j]!;
    const b = L0.weights[2 * j + 1]!;
    if (!safe(a) || !safe(b) || !safe(L0.bias[j]!)) return null;
    for (let t = 0; t < ths.length; t++) {
      const c = exactSum(L0.bias[j]!, -ths[t]!);
      if (Number.isNaN(c) || !safe(c)) return null;
      la[j * ths.length + t] = a;
      lb[j * ths.length + t] = b;
      lc[j * ths.length + t] = c;
    }
  }
  const nNeurons = neuronCount(net);
  const base = new Uint8Array(nNeurons);
  let exactDecisions = 0;
  // Exact sign of a s + b t + c at a corner.
  const cornerSign = (k: number, s: number, t: number): number => {
    const a = la[k]!;
    const b = lb[k]!;
    const c = lc[k]!;
    const p = a * s;
    const q = b * t;
    const v = p + q + c;
    if (Math.abs(v) > 4 * Number.EPSILON * (Math.abs(p) + Math.abs(q) + Math.abs(c))) return v > 0 ? 1 : -1;
    exactDecisions++;
    // det [1 0 -s; 0 1 -t; a b c] = a s + b t + c.
    return Math.sign(orient3d(1, 0, -s, 0, 1, -t, a, b, c, 0, 0, 0));
  };
  // Lines crossing the open window, merged where two are the same line.
  const cs = [x0, x1, x1, x0];
  const ct = [y0, y0, y1, y1];
  const incl: number[] = [];
  const corner4 = new Int8Array(4);
  const cornerOf: number[] = [];
  for (let k = 0; k < nLines; k++) {
    const j = Math.floor(k / ths.length);
    const closedAbove = ths.length === 2 && k % 2 === 0;
    if (la[k] === 0 && lb[k] === 0) {
      if (lc[k]! > 0 || (lc[k] === 0 && closedAbove)) base[j]!++;
      continue;
    }
    let pos = false;
    let neg = false;
    for (let q = 0; q < 4; q++) {
      corner4[q] = cornerSign(k, cs[q]!, ct[q]!);
      if (corner4[q]! > 0) pos = true;
      if (corner4[q]! < 0) neg = true;
    }
    if (pos && neg) {
      incl.push(k);
      for (let q = 0; q < 4; q++) cornerOf.push(corner4[q]!);
    } else if (pos) base[j]!++;
  }
  const n = incl.length;
  const rep = new Int32Array(n).fill(-1);
  const orient = new Int8Array(n);
  const A = new Float64Array(n + 4);
  const B = new Float64Array(n + 4);
  const C = new Float64Array(n + 4);
  const corner = new Int8Array(4 * n);
  let m = 0;
  const geo = new Int32Array(n);
  for (let u = 0; u < n; u++) {
    if (rep[u]! >= 0) continue;
    const k = incl[u]!;
    rep[u] = u;
    orient[u] = 1;
    geo[u] = m;
    A[m] = la[k]!;
    B[m] = lb[k]!;
    C[m] = lc[k]!;
    for (let q = 0; q < 4; q++) corner[4 * m + q] = cornerOf[4 * u + q]!;
    for (let w = u + 1; w < n; w++) {
      if (rep[w]! >= 0) continue;
      const k2 = incl[w]!;
      const p = la[k]! * lb[k2]!;
      const q = la[k2]! * lb[k]!;
      if (Math.abs(p - q) > 4 * Number.EPSILON * (Math.abs(p) + Math.abs(q))) continue;
      exactDecisions++;
      // The same line: proportional (a, b, c), exactly (three 2 x 2 minors vanish).
      const det = (p1: number, q1: number, p2: number, q2: number) => orient2d(p1, q1, p2, q2, 0, 0);
      if (det(la[k]!, lb[k]!, la[k2]!, lb[k2]!) !== 0) continue;
      if (det(la[k]!, lc[k]!, la[k2]!, lc[k2]!) !== 0) continue;
      if (det(lb[k]!, lc[k]!, lb[k2]!, lc[k2]!) !== 0) continue;
      rep[w] = u;
      geo[w] = m;
      const ratioSign =
        la[k] !== 0 ? Math.sign(la[k2]!) * Math.sign(la[k]!) : Math.sign(lb[k2]!) * Math.sign(lb[k]!);
      orient[w] = ratioSign;
    }
    m++;
  }
  const stop = opts.shouldStop;
  const g = buildArrangement(A, B, C, m, corner, x0, x1, y0, y1, stop ? () => stop(0) : undefined);
  if (g === null) return stopped(0, 0, 0, exactDecisions);
  exactDecisions += g.exactDecisions;
  // The neurons of each geometric line (CSR): line k of neuron j at threshold index t, orientation o.
  const gStart = new Int32Array(m + 1);
  for (let u = 0; u < n; u++) gStart[geo[u]! + 1]!++;
  for (let i = 0; i < m; i++) gStart[i + 1]! += gStart[i]!;
  const gNeuron = new Int32Array(n);
  const gOrient = new Int8Array(n);
  const gFill = gStart.slice(0, m);
  for (let u = 0; u < n; u++) {
    const at = gFill[geo[u]!]!++;
    gNeuron[at] = Math.floor(incl[u]! / ths.length);
    gOrient[at] = orient[u]!;
  }
  return faces(net, g, corner, base, gStart, gNeuron, gOrient, nNeurons, full, opts, exactDecisions);
}

/** The result of a run stopped by shouldStop. */
function stopped(count: number, vertices: number, edges: number, exactDecisions: number): Enumeration {
  return { regions: [], count, vertices, edges, area: 0, complete: false, exactDecisions };
}

/** Walk the faces of the arrangement, set their patterns and maps, and build the regions. */
function faces(
  net: Network,
  g: ArrangementGraph,
  corner: Int8Array,
  base: Uint8Array,
  gStart: Int32Array,
  gNeuron: Int32Array,
  gOrient: Int8Array,
  nNeurons: number,
  full: boolean,
  opts: EnumerateOptions,
  exactDecisions: number,
): Enumeration | null {
  const { A, B, m, heOrigin, heLine, heForward, nh, rot, rotStart, rotPos, vx, nv } = g;
  const edges = nh / 2;
  const nFaces = edges - nv + 1;
  const maxRegions = opts.maxRegions ?? Number.POSITIVE_INFINITY;
  if (nFaces > maxRegions) return stopped(nFaces, nv, edges, exactDecisions);
  const next = (h: number): number => {
    const t = h ^ 1;
    const v = heOrigin[t]!;
    const s = rotStart[v]!;
    const d = rotStart[v + 1]! - s;
    return rot[s + ((rotPos[t]! + d - 1) % d)]!;
  };
  // Faces: the left face of every half-edge; the outer face (-2) lies left of the sides' outward runs.
  const face = new Int32Array(nh).fill(-1);
  const leftPos = new Uint8Array(m + 4);
  for (let i = 0; i < m + 4; i++) leftPos[i] = leftPositive(A[i]!, B[i]!) ? 1 : 0;
  for (let h = 0; h < nh; h++) {
    const i = heLine[h]!;
    if (i >= m && (heForward[h] === 1) !== (leftPos[i] === 1)) face[h] = -2;
  }
  // Each face's half-edges in order (counter-clockwise), faces one after another.
  const faceHe = new Int32Array(nh);
  let nFaceHe = 0;
  const faceVerts = new Int32Array(nFaces + 1);
  let f = 0;
  const shouldStop = opts.shouldStop;
  for (let h0 = 0; h0 < nh; h0++) {
    if (face[h0] !== -1) continue;
    // More faces than Euler's relation allows would be a defect: leave it to the general path.
    if (f >= nFaces) return null;
    if (shouldStop && (f & 1023) === 0 && f > 0 && shouldStop(f))
      return stopped(f, nv, edges, exactDecisions);
    let h = h0;
    do {
      face[h] = f;
      faceHe[nFaceHe++] = h;
      h = next(h);
    } while (h !== h0);
    faceVerts[f + 1] = nFaceHe;
    f++;
  }
  if (f !== nFaces) return null;
  const L0 = net.layers[0]!;
  const nStates = L0.activation === 'hardtanh' ? 3 : 2;
  const lean = opts.areasOnly === true && !opts.onRegion;
  const hashOnly = lean && opts.patternHashes === true;
  // Areas alone need neither patterns nor maps.
  const areas = () =>
    regionsOf(g, faceHe, faceVerts, null, new Float64Array(0), 0, 0, false, opts, exactDecisions);
  if (lean && !hashOnly) return areas();
  // The first face: left of the bottom side's first edge, at the corner (x0, y0); a line through that
  // corner leaves it upwards with a != 0, and the face lies on its side sign(a).
  // The bottom side's first forward half-edge starts at the corner (x0, y0), the smallest vertex on it.
  let best = -1;
  for (let h = 0; h < nh; h++) {
    if (heLine[h] === m && heForward[h] === 1 && (best < 0 || vx[heOrigin[h]!]! < vx[heOrigin[best]!]!))
      best = h;
  }
  const f0 = face[best]!;
  const first = base.slice();
  for (let i = 0; i < m; i++) {
    const side = corner[4 * i]! !== 0 ? corner[4 * i]! : Math.sign(A[i]!);
    for (let u = gStart[i]!; u < gStart[i + 1]!; u++) if (side * gOrient[u]! > 0) first[gNeuron[u]!]!++;
  }
  // Pattern hashes alone, for two-state activations: without the patterns (arrangement-faces.ts).
  if (hashOnly && nStates === 2) {
    const hashes = faceHashes(g, face, faceHe, faceVerts, f0, first, gStart, gNeuron);
    return hashes ? { ...areas(), hashes } : null;
  }
  const pats = new FacePatterns(nFaces, nNeurons, nStates === 2);
  pats.set(f0, first);
  // Output maps: per face [d/ds, d/dt] per output, then the offsets.
  const outL = full ? net.layers[1]! : null;
  const nOut = outL ? outL.outDim : 0;
  const mapStride = 3 * nOut;
  const maps = new Float64Array(full ? nFaces * mapStride : 0);
  const piece = new Float64Array(2);
  const slope = new Float64Array(N_STATES_MAX * L0.outDim);
  const icpt = new Float64Array(N_STATES_MAX * L0.outDim);
  for (let j = 0; j < L0.outDim; j++) {
    for (let s = 0; s < nStates; s++) {
      pieceOf(L0.activation, s, L0.alpha[j]!, piece);
      slope[N_STATES_MAX * j + s] = piece[0]!;
      icpt[N_STATES_MAX * j + s] = piece[1]!;
    }
  }
  const w0 = L0.weights;
  const b0 = L0.bias;
  if (outL) {
    const o = f0 * mapStride;
    for (let k = 0; k < nOut; k++) {
      let js = 0;
      let jt = 0;
      let c = outL.bias[k]!;
      for (let j = 0; j < L0.outDim; j++) {
        const v = outL.weights[k * L0.outDim + j]!;
        const st = first[j]!;
        const sl = slope[N_STATES_MAX * j + st]! * v;
        js += sl * w0[2 * j]!;
        jt += sl * w0[2 * j + 1]!;
        c += sl * b0[j]! + v * icpt[N_STATES_MAX * j + st]!;
      }
      maps[o + 2 * k] = js;
      maps[o + 2 * k + 1] = jt;
      maps[o + 2 * nOut + k] = c;
    }
  }
  // Breadth first over the dual graph.
  const walk = dualOrder(g, face, faceHe, faceVerts, f0);
  if (!walk) return null;
  const { order, via } = walk;
  for (let q = 1; q < order.length; q++) {
    const nb = order[q]!;
    const h = via[nb]!;
    const fc = face[h]!;
    const i = heLine[h]!;
    // fc is on the positive side of line i when its left side is the positive one.
    const sideF = (heForward[h] === 1) === (leftPos[i] === 1) ? 1 : -1;
    pats.copy(nb, fc);
    if (outL) maps.copyWithin(nb * mapStride, fc * mapStride, fc * mapStride + mapStride);
    for (let u = gStart[i]!; u < gStart[i + 1]!; u++) {
      const j = gNeuron[u]!;
      const before = pats.get(nb, j);
      const after = sideF * gOrient[u]! > 0 ? before - 1 : before + 1;
      // A state out of range would be a defect of the graph: leave it to the general path.
      if (after < 0 || after >= nStates) return null;
      pats.put(nb, j, after);
      if (outL) {
        const ds = slope[N_STATES_MAX * j + after]! - slope[N_STATES_MAX * j + before]!;
        const di = icpt[N_STATES_MAX * j + after]! - icpt[N_STATES_MAX * j + before]!;
        if (ds === 0 && di === 0) continue;
        const o = nb * mapStride;
        for (let k = 0; k < nOut; k++) {
          const v = outL.weights[k * L0.outDim + j]!;
          const sl = ds * v;
          maps[o + 2 * k] = maps[o + 2 * k]! + sl * w0[2 * j]!;
          maps[o + 2 * k + 1] = maps[o + 2 * k + 1]! + sl * w0[2 * j + 1]!;
          maps[o + 2 * nOut + k] = maps[o + 2 * nOut + k]! + sl * b0[j]! + v * di;
        }
      }
    }
  }
  if (outL) for (let k = 0; k < maps.length; k++) if (!Number.isFinite(maps[k]!)) return null;
  // Hashes of three-state patterns: the regions are built and reduced to their hashes (regions.ts).
  const built = hashOnly ? { ...opts, areasOnly: false } : opts;
  return regionsOf(g, faceHe, faceVerts, pats, maps, nNeurons, nOut, full, built, exactDecisions);
}
