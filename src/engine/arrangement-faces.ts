/** The regions of a walked line arrangement's faces (arrangement-regions.ts): polygons, patterns and maps. */
import type { ArrangementGraph } from './arrangement.ts';
import { neuronKey, patternHashInto } from './forward.ts';
import type { EnumerateOptions, Enumeration, Region } from './regions.ts';
import { type PackedPatterns, type RegionStore, SharedRegion as SharedRegion_ } from './shared-region.ts';

// A local copy of an imported binding (see face-walk.ts).
const SharedRegion = SharedRegion_;

/** The most states a neuron has (hardtanh's three): the stride of the per-state tables. */
export const N_STATES_MAX = 3;

/**
 * The faces' patterns, face after face: one byte per neuron, or for two-state activations one bit per
 * neuron (`bits`, 32 neurons per word): an eighth of the memory, which on a wide layer is most of what the
 * enumeration writes (2 -> 512 -> 1: 60 MB of bytes for 116,355 faces).
 */
export class FacePatterns implements PackedPatterns {
  /** The bytes, face f's at f nNeurons (empty when packed). */
  readonly bytes: Uint8Array;
  /** The bits, face f's words at f words (null when not packed). */
  readonly bits: Uint32Array | null;
  /** Words (packed) or bytes per face. */
  readonly stride: number;
  readonly nNeurons: number;

  constructor(nFaces: number, nNeurons: number, packed: boolean) {
    this.nNeurons = nNeurons;
    this.stride = packed ? (nNeurons + 31) >> 5 : nNeurons;
    this.bits = packed ? new Uint32Array(nFaces * this.stride) : null;
    this.bytes = new Uint8Array(packed ? 0 : nFaces * nNeurons);
  }

  /** Face f's pattern := `states`. */
  set(f: number, states: Uint8Array): void {
    for (let j = 0; j < states.length; j++) this.put(f, j, states[j]!);
  }

  /** Face `to`'s pattern := face `from`'s. */
  copy(to: number, from: number): void {
    const st = this.stride;
    if (this.bits) this.bits.copyWithin(to * st, from * st, from * st + st);
    else this.bytes.copyWithin(to * st, from * st, from * st + st);
  }

  /** Neuron j's state on face f. */
  get(f: number, j: number): number {
    if (this.bits) return (this.bits[f * this.stride + (j >> 5)]! >>> (j & 31)) & 1;
    return this.bytes[f * this.stride + j]!;
  }

  /** Face f's states, as an array of their own. */
  pattern(f: number): Uint8Array {
    const b = this.bits;
    if (!b) return this.bytes.slice(f * this.stride, (f + 1) * this.stride);
    const p = new Uint8Array(this.nNeurons);
    const w0 = f * this.stride;
    for (let j = 0; j < p.length; j++) p[j] = (b[w0 + (j >> 5)]! >>> (j & 31)) & 1;
    return p;
  }

  /** Neuron j's state on face f := s (0 or 1 when packed). */
  put(f: number, j: number, s: number): void {
    const b = this.bits;
    if (b) {
      const w = f * this.stride + (j >> 5);
      b[w] = (b[w]! & ~(1 << (j & 31))) | (s << (j & 31));
    } else this.bytes[f * this.stride + j] = s;
  }
}

/** The regions of the walked faces (views of shared buffers, or one by one to onRegion). */
export function regionsOf(
  g: ArrangementGraph,
  faceHe: Int32Array,
  faceVerts: Int32Array,
  pats: FacePatterns | null,
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
  // Regions kept in the result view the shared buffers (shared-region.ts).
  const store: RegionStore | null =
    onRegion || areas
      ? null
      : {
          coords,
          starts: faceVerts,
          patterns: pats?.bytes ?? new Uint8Array(0),
          patternAt: null,
          packed: pats?.bits ? pats : null,
          nNeurons,
          maps,
          nOut: full ? nOut : 0,
          centroids: new Float64Array(2 * nFaces),
        };
  const regions: Region[] = [];
  const empty = new Float64Array(0);
  let totalArea = 0;
  const mapStride = 3 * nOut;
  for (let f = 0; f < nFaces; f++) {
    const k0 = faceVerts[f]!;
    const nvf = faceVerts[f + 1]! - k0;
    if (areas && scratch.length < 2 * nvf) scratch = new Float64Array(4 * nvf);
    // The polygon goes to poly[b0 ..): the shared coordinates, a scratch array or the region's own array.
    const poly = areas ? scratch : onRegion ? new Float64Array(2 * nvf) : coords;
    const b0 = store ? 2 * k0 : 0;
    for (let i = 0; i < nvf; i++) {
      const v = heOrigin[faceHe[k0 + i]!]!;
      poly[b0 + 2 * i] = vx[v]!;
      poly[b0 + 2 * i + 1] = vy[v]!;
    }
    // Shoelace sums relative to the first vertex.
    const ou = poly[b0]!;
    const ov = poly[b0 + 1]!;
    let a2 = 0;
    let cu = 0;
    let cv = 0;
    for (let p = 0; p < nvf; p++) {
      const q = p + 1 === nvf ? 0 : p + 1;
      const pu = poly[b0 + 2 * p]! - ou;
      const pv = poly[b0 + 2 * p + 1]! - ov;
      const qu = poly[b0 + 2 * q]! - ou;
      const qv = poly[b0 + 2 * q + 1]! - ov;
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
    const cs = a2 > 0 ? ou + cu / (3 * a2) : ou;
    const ct = a2 > 0 ? ov + cv / (3 * a2) : ov;
    if (store) {
      store.centroids[2 * f] = cs;
      store.centroids[2 * f + 1] = ct;
      regions.push(new SharedRegion(store, f, area));
      continue;
    }
    let jacobian: Float64Array = empty;
    let offset: Float64Array = empty;
    if (full) {
      const m = maps.slice(f * mapStride, f * mapStride + mapStride);
      jacobian = m.subarray(0, 2 * nOut);
      offset = m.subarray(2 * nOut, 3 * nOut);
    }
    onRegion!({ polygon: poly, pattern: pats!.pattern(f), jacobian, offset, area, centroid: [cs, ct] });
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
