/** The regions of a walked line arrangement's faces (arrangement-regions.ts): polygons, patterns and maps. */
import type { ArrangementGraph } from './arrangement.ts';
import { neuronKey, patternHashInto } from './forward.ts';
import type { EnumerateOptions, Enumeration, Region } from './regions.ts';

/** The most states a neuron has (hardtanh's three): the stride of the per-state tables. */
export const N_STATES_MAX = 3;

/** The regions of the walked faces (views of shared buffers, or one by one to onRegion). */
export function regionsOf(
  g: ArrangementGraph,
  faceHe: Int32Array,
  faceVerts: Int32Array,
  pats: Uint8Array,
  maps: Float64Array,
  nNeurons: number,
  nOut: number,
  full: boolean,
  opts: EnumerateOptions,
  exactDecisions: number,
): Enumeration {
  const { heOrigin, vx, vy, nv, nh } = g;
  const nFaces = faceVerts.length - 1;
  const onRegion = opts.onRegion;
  const areas = opts.areasOnly && !onRegion ? new Float64Array(nFaces) : null;
  let scratch = new Float64Array(64);
  const coords = new Float64Array(onRegion || areas ? 0 : 2 * faceVerts[nFaces]!);
  const regions: Region[] = [];
  const empty = new Float64Array(0);
  let totalArea = 0;
  const mapStride = 3 * nOut;
  for (let f = 0; f < nFaces; f++) {
    const k0 = faceVerts[f]!;
    const nvf = faceVerts[f + 1]! - k0;
    if (areas && scratch.length < 2 * nvf) scratch = new Float64Array(4 * nvf);
    const polygon = areas
      ? scratch
      : onRegion
        ? new Float64Array(2 * nvf)
        : coords.subarray(2 * k0, 2 * (k0 + nvf));
    for (let i = 0; i < nvf; i++) {
      const v = heOrigin[faceHe[k0 + i]!]!;
      polygon[2 * i] = vx[v]!;
      polygon[2 * i + 1] = vy[v]!;
    }
    // Shoelace sums relative to the first vertex.
    const ou = polygon[0]!;
    const ov = polygon[1]!;
    let a2 = 0;
    let cu = 0;
    let cv = 0;
    for (let p = 0; p < nvf; p++) {
      const q = p + 1 === nvf ? 0 : p + 1;
      const pu = polygon[2 * p]! - ou;
      const pv = polygon[2 * p + 1]! - ov;
      const qu = polygon[2 * q]! - ou;
      const qv = polygon[2 * q + 1]! - ov;
      const cr = pu * qv - qu * pv;
      a2 += cr;
      cu += (pu + qu) * cr;
      cv += (pv + qv) * cr;
    }
    const area = a2 > 0 ? 0.5 * a2 : 0;
    totalArea += area;
    if (areas) {
      areas[f] = area;
      continue;
    }
    const centroid: [number, number] = a2 > 0 ? [ou + cu / (3 * a2), ov + cv / (3 * a2)] : [ou, ov];
    let jacobian: Float64Array = empty;
    let offset: Float64Array = empty;
    if (full) {
      const o = f * mapStride;
      const src = onRegion ? maps.slice(o, o + mapStride) : maps;
      const so = onRegion ? 0 : o;
      jacobian = src.subarray(so, so + 2 * nOut);
      offset = src.subarray(so + 2 * nOut, so + 3 * nOut);
    }
    const pattern = onRegion
      ? pats.slice(f * nNeurons, (f + 1) * nNeurons)
      : pats.subarray(f * nNeurons, (f + 1) * nNeurons);
    const region: Region = { polygon, pattern, jacobian, offset, area, centroid };
    if (onRegion) onRegion(region);
    else regions.push(region);
  }
  return {
    regions,
    count: nFaces,
    vertices: nv,
    edges: nh / 2,
    area: totalArea,
    ...(areas ? { areas } : {}),
    complete: true,
    exactDecisions,
  };
}

/**
 * The faces in breadth-first order over the dual graph from face f0, crossing only the network's lines
 * (not the window's sides): `order` lists the faces, and `via[f]` is the half-edge of f's parent face
 * (face[via[f]]) whose twin bounds f; null when the walk does not reach every face.
 */
export function dualOrder(
  g: ArrangementGraph,
  face: Int32Array,
  faceHe: Int32Array,
  faceVerts: Int32Array,
  f0: number,
): { order: Int32Array; via: Int32Array } | null {
  const { heLine, m } = g;
  const nFaces = faceVerts.length - 1;
  const via = new Int32Array(nFaces).fill(-1);
  const order = new Int32Array(nFaces);
  order[0] = f0;
  via[f0] = -2;
  let qh = 0;
  let qt = 1;
  while (qh < qt) {
    const fc = order[qh++]!;
    for (let e = faceVerts[fc]!; e < faceVerts[fc + 1]!; e++) {
      const h = faceHe[e]!;
      const nb = face[h ^ 1]!;
      if (heLine[h]! < m && nb >= 0 && via[nb] === -1) {
        via[nb] = h;
        order[qt++] = nb;
      }
    }
  }
  return qt === nFaces ? { order, via } : null;
}

/**
 * Every face's pattern hash (forward.ts patternHashInto) without the patterns, for two-state activations:
 * crossing line i flips each of its neurons between states 0 and 1, so the hash changes by the XOR of their
 * keys neuronKey(j, 1), whichever way it is crossed. From face f0, whose pattern is `first`, in the order
 * of {@link dualOrder}; [lo, hi] per face at 2f, 2f + 1; null when the walk does not reach every face.
 */
export function faceHashes(
  g: ArrangementGraph,
  face: Int32Array,
  faceHe: Int32Array,
  faceVerts: Int32Array,
  f0: number,
  first: Uint8Array,
  gStart: Int32Array,
  gNeuron: Int32Array,
): Uint32Array | null {
  const { heLine, m } = g;
  const walk = dualOrder(g, face, faceHe, faceVerts, f0);
  if (!walk) return null;
  const { order, via } = walk;
  const keyLo = new Uint32Array(m);
  const keyHi = new Uint32Array(m);
  for (let i = 0; i < m; i++) {
    for (let u = gStart[i]!; u < gStart[i + 1]!; u++) {
      const [lo, hi] = neuronKey(gNeuron[u]!, 1);
      keyLo[i] = keyLo[i]! ^ lo;
      keyHi[i] = keyHi[i]! ^ hi;
    }
  }
  const hashes = new Uint32Array(2 * order.length);
  patternHashInto(first, hashes, 2 * f0);
  for (let q = 1; q < order.length; q++) {
    const nb = order[q]!;
    const h = via[nb]!;
    const fc = face[h]!;
    const i = heLine[h]!;
    hashes[2 * nb] = hashes[2 * fc]! ^ keyLo[i]!;
    hashes[2 * nb + 1] = hashes[2 * fc + 1]! ^ keyHi[i]!;
  }
  return hashes;
}
