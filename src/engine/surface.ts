/**
 * The 3-D surface of f over a window as a mesh of the exact regions: each region's polygon, lifted by its
 * affine map, is one flat facet (triangle fan); the polygon edges, lifted, are the creases. Vertices are
 * kept in float64 (for checks) and in normalised float32 coordinates (for the GPU: the window's longer side
 * maps to [-1, 1], keeping its aspect ratio, and the range of f to [-h, h] with h the height scale).
 */
import { patternHashInto } from './forward.ts';
import { layerOffsets, type Network } from './model.ts';
import type { Region } from './regions.ts';

/** The mesh of {@link surfaceMesh}. */
export interface SurfaceMesh {
  /** Triangle vertices (s, t, f) in plane and output units, three per triangle, non-indexed. */
  vertices: Float64Array;
  /** The same vertices normalised: ((s - cs) / hs, (t - ct) / ht, height * (f - cf) / hf), hs = ht. */
  positions: Float32Array;
  /** Region colour id per vertex (the low 14 bits of the pattern hash's low word, as the map uses). */
  ids: Float32Array;
  /** f per vertex, divided by `range` (the output colour value, in [-1, 1] when |f| <= range). */
  values: Float32Array;
  /** |grad f| per vertex (constant per facet), divided by `gradientRange`. */
  gradients: Float32Array;
  /**
   * Every output per vertex, the first {@link SURFACE_CLASS_OUTPUTS} of them, padded with -1e30 (for
   * the argmax class colour: outputs are affine on a facet, so their interpolation is exact).
   */
  outputs: Float32Array;
  /** Crease segments: pairs of normalised 3-D points (6 floats per segment), the lifted polygon edges. */
  creases: Float32Array;
  /** The index (in the regions given) of the region of each triangle. */
  triangleRegion: Uint32Array;
  /** Number of facets (regions with an affine map). */
  facets: number;
  /** Smallest and largest f over the window. */
  fRange: [number, number];
  /** Normalisation centre (cs, ct, cf) and half extents (hs, ht, hf). */
  centre: [number, number, number];
  /** See {@link centre}. */
  half: [number, number, number];
  /** The window [x0, x1, y0, y1] lifted. */
  window: [number, number, number, number];
  /** Half height of the normalised surface (see SurfaceOptions.height). */
  height: number;
}

/** How many outputs per vertex a surface mesh carries for its argmax class colour. */
export const SURFACE_CLASS_OUTPUTS = 12;

/** Options of {@link surfaceMesh}. */
export interface SurfaceOptions {
  /** Output drawn as height (default 0). */
  output?: number;
  /** Colour ids from the first `layers` layers' neurons only (the map's layer mode); default all. */
  layers?: number;
  /** Half height of the normalised surface (default 0.6). */
  height?: number;
  /** |f| scale of `values` (default: max |f| over the window, 1 if 0). */
  range?: number;
  /** |grad f| scale of `gradients` (default: the largest |grad f|, 1 if 0). */
  gradientRange?: number;
}

/**
 * Lift the regions of a complete enumeration of `net` (with affine maps; see enumerateRegions) over the
 * window [x0, x1] x [y0, y1]. Regions without an affine map (a partial-layer enumeration) are skipped.
 */
export function surfaceMesh(
  net: Network,
  regions: readonly Region[],
  window: { x0: number; x1: number; y0: number; y1: number },
  opts: SurfaceOptions = {},
): SurfaceMesh {
  const k = opts.output ?? 0;
  const hashNeurons = layerOffsets(net)[Math.min(opts.layers ?? net.layers.length, net.layers.length)]!;
  const height = opts.height ?? 0.6;
  let triangles = 0;
  let edges = 0;
  let fMin = Number.POSITIVE_INFINITY;
  let fMax = Number.NEGATIVE_INFINITY;
  let gMax = 0;
  const usableIndex: number[] = [];
  regions.forEach((r, i) => {
    if (r.jacobian.length > 2 * k + 1) usableIndex.push(i);
  });
  const usable = usableIndex.map((i) => regions[i]!);
  for (const r of usable) {
    const n = r.polygon.length / 2;
    triangles += Math.max(0, n - 2);
    edges += n;
    const a = r.jacobian[2 * k]!;
    const b = r.jacobian[2 * k + 1]!;
    const c = r.offset[k]!;
    gMax = Math.max(gMax, Math.hypot(a, b));
    for (let i = 0; i < n; i++) {
      const f = a * r.polygon[2 * i]! + b * r.polygon[2 * i + 1]! + c;
      if (f < fMin) fMin = f;
      if (f > fMax) fMax = f;
    }
  }
  if (!(fMin <= fMax)) [fMin, fMax] = [0, 0];
  const cs = (window.x0 + window.x1) / 2;
  const ct = (window.y0 + window.y1) / 2;
  const cf = (fMin + fMax) / 2;
  // One scale for s and t, so that the surface keeps the window's aspect ratio (the longer side spans [-1, 1]).
  const hs = Math.max(window.x1 - window.x0, window.y1 - window.y0) / 2;
  const ht = hs;
  const hf = (fMax - fMin) / 2 || 1;
  const range = opts.range ?? (Math.max(Math.abs(fMin), Math.abs(fMax)) || 1);
  const gRange = opts.gradientRange ?? (gMax || 1);
  const vertices = new Float64Array(9 * triangles);
  const positions = new Float32Array(9 * triangles);
  const ids = new Float32Array(3 * triangles);
  const values = new Float32Array(3 * triangles);
  const gradients = new Float32Array(3 * triangles);
  const K = SURFACE_CLASS_OUTPUTS;
  const outputs = new Float32Array(3 * K * triangles).fill(-1e30);
  const outDim = Math.min(K, net.layers[net.layers.length - 1]!.outDim);
  let jac: ArrayLike<number> = [];
  let off: ArrayLike<number> = [];
  const creases = new Float32Array(6 * edges);
  const words = new Uint32Array(2);
  let v = 0;
  let e = 0;
  const put = (s: number, t: number, f: number, id: number, g: number) => {
    vertices[3 * v] = s;
    vertices[3 * v + 1] = t;
    vertices[3 * v + 2] = f;
    positions[3 * v] = (s - cs) / hs;
    positions[3 * v + 1] = (t - ct) / ht;
    positions[3 * v + 2] = (height * (f - cf)) / hf;
    ids[v] = id;
    values[v] = f / range;
    gradients[v] = g;
    for (let o = 0; o < outDim && 2 * o + 1 < jac.length; o++)
      outputs[K * v + o] = jac[2 * o]! * s + jac[2 * o + 1]! * t + off[o]!;
    v++;
  };
  const triangleRegion = new Uint32Array(triangles);
  let tri = 0;
  usable.forEach((r, u) => {
    const p = r.polygon;
    const n = p.length / 2;
    const a = r.jacobian[2 * k]!;
    const b = r.jacobian[2 * k + 1]!;
    const c = r.offset[k]!;
    jac = r.jacobian;
    off = r.offset;
    patternHashInto(r.pattern, words, 0, hashNeurons);
    const id = words[0]! & 0x3fff;
    const g = Math.hypot(a, b) / gRange;
    const f = (i: number) => a * p[2 * i]! + b * p[2 * i + 1]! + c;
    for (let i = 1; i + 1 < n; i++) {
      put(p[0]!, p[1]!, f(0), id, g);
      put(p[2 * i]!, p[2 * i + 1]!, f(i), id, g);
      put(p[2 * i + 2]!, p[2 * i + 3]!, f(i + 1), id, g);
      triangleRegion[tri++] = usableIndex[u]!;
    }
    for (let i = 0; i < n; i++) {
      const j = (i + 1) % n;
      creases[e++] = (p[2 * i]! - cs) / hs;
      creases[e++] = (p[2 * i + 1]! - ct) / ht;
      creases[e++] = (height * (f(i) - cf)) / hf;
      creases[e++] = (p[2 * j]! - cs) / hs;
      creases[e++] = (p[2 * j + 1]! - ct) / ht;
      creases[e++] = (height * (f(j) - cf)) / hf;
    }
  });
  return {
    vertices,
    positions,
    ids,
    values,
    gradients,
    outputs,
    creases,
    triangleRegion,
    facets: usable.length,
    fRange: [fMin, fMax],
    centre: [cs, ct, cf],
    half: [hs, ht, hf],
    window: [window.x0, window.x1, window.y0, window.y1],
    height,
  };
}
