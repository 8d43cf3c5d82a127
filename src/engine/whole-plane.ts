/**
 * A window that holds every vertex of a network's arrangement, so that the regions counted on it are the
 * regions of the whole input plane (every unbounded region meets the window, and none is split in two).
 *
 * The bound is built layer by layer. The vertices of layer l's lines lie in the faces of the subdivision
 * after layer l - 1: in a bounded face they lie inside the box that already holds that face's vertices; in
 * an unbounded face they are crossings of two of its layer-l lines, or of one with one of the face's edges.
 * A line that crosses nothing in its face must still meet the window, so its point nearest the origin
 * counts too. So, with R holding every vertex of the first l - 1 layers, the faces that meet the border of the box
 * [-2R, 2R]^2 are the unbounded ones; their layer-l lines are composed through their patterns, every
 * crossing of two of those lines (or of one with an edge's line) that lies in the face widens R, and the
 * final window is [-2R, 2R]^2 (twice the bound: the crossings are computed in float64, and the margin keeps
 * them inside although rounded). One-input networks: the same on the line, with the two unbounded pieces.
 */
import { pieceOf, thresholds } from './activations.ts';
import type { Network } from './model.ts';
import { type Plane, type PlaneMap, planeMap, type Window } from './plane.ts';
import { enumerateRegions } from './regions.ts';
import { segmentPieces } from './segment.ts';

/** Layer l's lines z_j - threshold as [a, b, c] (a s + b t + c) through `pattern`, in plane coordinates. */
function linesOfLayer(net: Network, map: PlaneMap, pattern: Uint8Array, l: number): number[][] {
  const n0 = net.inputDim;
  let h: number[][] = [];
  for (let i = 0; i < n0; i++) h.push([map.ds[i]!, map.dt[i]!, map.origin[i]!]);
  const piece = new Float64Array(2);
  let off = 0;
  const out: number[][] = [];
  for (let k = 0; k <= l; k++) {
    const L = net.layers[k]!;
    const z: number[][] = [];
    for (let j = 0; j < L.outDim; j++) {
      let fa = 0;
      let fb = 0;
      let fc = L.bias[j]!;
      for (let i = 0; i < L.inDim; i++) {
        const w = L.weights[j * L.inDim + i]!;
        const hi = h[i]!;
        fa += w * hi[0]!;
        fb += w * hi[1]!;
        fc += w * hi[2]!;
      }
      z.push([fa, fb, fc]);
    }
    if (k === l) {
      for (const f of z) for (const th of thresholds(L.activation)) out.push([f[0]!, f[1]!, f[2]! - th]);
      return out;
    }
    h = z.map((f, j) => {
      pieceOf(L.activation, pattern[off + j]!, L.alpha[j]!, piece);
      return [piece[0]! * f[0]!, piece[0]! * f[1]!, piece[0]! * f[2]! + piece[1]!];
    });
    off += L.outDim;
  }
  return out;
}

/** The crossing of two lines, or null when they are parallel (or the crossing is not finite). */
function crossing(p: readonly number[], q: readonly number[]): [number, number] | null {
  const d = p[0]! * q[1]! - p[1]! * q[0]!;
  if (d === 0) return null;
  const x = (p[1]! * q[2]! - q[1]! * p[2]!) / d;
  const y = (q[0]! * p[2]! - p[0]! * q[2]!) / d;
  return Number.isFinite(x) && Number.isFinite(y) ? [x, y] : null;
}

/**
 * A square window [-R, R]^2 (the interval [-R, R] for one input) that holds every vertex (breakpoint) of
 * `net`'s arrangement on its input plane (through `plane` for more than two inputs). Returns an error
 * message when the plane is bad or the bound overflows float64.
 */
export function wholePlaneWindow(net: Network, plane?: Plane): Window | string {
  const map = planeMap(net.inputDim, plane);
  if (typeof map === 'string') return map;
  let R = 1;
  const hidden = net.layers.length;
  for (let l = 0; l < hidden; l++) {
    if (thresholds(net.layers[l]!.activation).length === 0) continue;
    const B = 2 * R;
    if (!Number.isFinite(B)) break;
    if (net.inputDim === 1) {
      // The two unbounded pieces after layer l - 1: the first and the last along [-B, B].
      const pieces = segmentPieces(net, map, [-B, 0], [B, 0], l);
      for (const p of [pieces[0]!, pieces[pieces.length - 1]!]) {
        for (const g of linesOfLayer(net, map, p.pattern, l)) {
          if (g[0] !== 0) R = Math.max(R, Math.abs(g[2]! / g[0]!));
        }
      }
      continue;
    }
    const box: Window = { x0: -B, x1: B, y0: -B, y1: B };
    if (plane) box.plane = plane;
    let faces: { polygon: Float64Array; pattern: Uint8Array }[];
    if (l === 0) faces = [{ polygon: new Float64Array(0), pattern: new Uint8Array(0) }];
    else {
      const e = enumerateRegions(net, box, { layers: l });
      if (typeof e === 'string') return `cannot bound the arrangement: ${e}`;
      faces = e.regions.filter((r) => {
        for (let k = 0; k < r.polygon.length; k++) if (Math.abs(r.polygon[k]!) === B) return true;
        return false;
      });
    }
    for (const f of faces) {
      const lines = linesOfLayer(net, map, f.pattern, l);
      // The face's edges off the box's border, as lines with the face on their non-negative side.
      const edges: number[][] = [];
      const n = f.polygon.length / 2;
      for (let k = 0; k < n; k++) {
        const ax = f.polygon[2 * k]!;
        const ay = f.polygon[2 * k + 1]!;
        const bx = f.polygon[(2 * k + 2) % (2 * n)]!;
        const by = f.polygon[(2 * k + 3) % (2 * n)]!;
        const onBorder = (ax === bx && Math.abs(ax) === B) || (ay === by && Math.abs(ay) === B);
        if (onBorder || (ax === bx && ay === by)) continue;
        edges.push([ay - by, bx - ax, ax * by - ay * bx]);
      }
      const inside = (x: number, y: number) =>
        edges.every((g) => {
          const scale = Math.abs(g[0]! * x) + Math.abs(g[1]! * y) + Math.abs(g[2]!);
          return g[0]! * x + g[1]! * y + g[2]! >= -1e-9 * scale;
        });
      const all = lines.concat(edges);
      for (let i = 0; i < lines.length; i++) {
        // A line that crosses nothing in the face must still meet the window: its point nearest the origin.
        const [a, b, c] = lines[i]!;
        const n2 = a! * a! + b! * b!;
        if (n2 > 0) {
          const x = (-a! * c!) / n2;
          const y = (-b! * c!) / n2;
          if (Number.isFinite(x) && Number.isFinite(y) && inside(x, y))
            R = Math.max(R, Math.abs(x), Math.abs(y));
        }
        for (let k = i + 1; k < all.length; k++) {
          const p = crossing(lines[i]!, all[k]!);
          if (p && inside(p[0], p[1])) R = Math.max(R, Math.abs(p[0]), Math.abs(p[1]));
        }
      }
    }
  }
  const half = 2 * R;
  if (!Number.isFinite(half)) return 'the arrangement reaches beyond float64 (its vertices exceed 1e308)';
  const w: Window = { x0: -half, x1: half, y0: -half, y1: half };
  if (plane) w.plane = plane;
  return w;
}
