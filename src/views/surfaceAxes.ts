/**
 * The axes of the 3-D surface: ticks and labels of s and t along two edges of the window's frame (under the
 * surface) and a z scale of f (the output drawn as height) up one vertical edge of the box, computed as 3-D
 * points of the normalised surface and projected with the camera's matrix into a 2-D overlay, so that the
 * text stays upright and readable however the camera turns.
 *
 * Which edges carry them follows the camera: s along the frame edge nearest the eye in t, t along the edge
 * nearest it in s, and f up the bottom corner that is leftmost on screen (never the corner nearest the eye,
 * whose edge would cross the surface). Ticks point away from the box on screen; labels sit beyond them.
 */
import type { mat4, vec3 } from 'gl-matrix';
import type { SurfaceMesh } from '../engine/surface.ts';
import { axisTicks, tickLabel } from '../render/axes2d.ts';
import type { Box3 } from './orbit.ts';

/** The parts of a mesh that place its axes: its window, normalisation and range of f. */
export type SurfaceFrame = Pick<SurfaceMesh, 'window' | 'centre' | 'half' | 'height' | 'fRange'>;

/** How far below the surface's lowest point the window's frame is drawn (normalised units). */
export const FRAME_DROP = 0.15;

/** The box of the normalised surface: the window's extent, from the frame's plane to the highest f. */
export function surfaceBox(m: SurfaceFrame): Box3 {
  const ex = (m.window[1] - m.window[0]) / 2 / m.half[0];
  const ey = (m.window[3] - m.window[2]) / 2 / m.half[1];
  return { min: [-ex, -ey, -m.height - FRAME_DROP], max: [ex, ey, m.height] };
}

/** One tick of the surface's axes. */
export interface SurfaceTick {
  /** Which axis: s (x), t (y) or f (z). */
  axis: 's' | 't' | 'f';
  /** The value in plane or output units. */
  value: number;
  /** The label written. */
  label: string;
  /** The tick's point on its edge, in normalised surface coordinates. */
  point: [number, number, number];
  /** Its pixel (x right, y down) in the frame, or null when behind the eye. */
  px: [number, number] | null;
  /** The end of the tick mark in pixels (null with px). */
  end: [number, number] | null;
  /** Where the label is anchored in pixels and how it is aligned there (null with px). */
  labelAt: { x: number; y: number; align: CanvasTextAlign; baseline: CanvasTextBaseline } | null;
}

/** The projected axes of a surface in a frame of given size; see {@link surfaceAxes}. */
export interface SurfaceAxes {
  /** Every tick of s, t and f. */
  ticks: SurfaceTick[];
  /** The axis lines in pixels: x0, y0, x1, y1 per line. */
  lines: number[];
  /** The axis names and where they go. */
  titles: { text: string; x: number; y: number; align: CanvasTextAlign; baseline: CanvasTextBaseline }[];
}

/** The pixel (x right, y down) of normalised point p through `vp` in a width x height frame, or null behind. */
export function projectPoint(
  vp: mat4,
  p: readonly number[],
  width: number,
  height: number,
): [number, number] | null {
  const x = p[0]!;
  const y = p[1]!;
  const z = p[2]!;
  const w = vp[3]! * x + vp[7]! * y + vp[11]! * z + vp[15]!;
  if (!(w > 0)) return null;
  const cx = vp[0]! * x + vp[4]! * y + vp[8]! * z + vp[12]!;
  const cy = vp[1]! * x + vp[5]! * y + vp[9]! * z + vp[13]!;
  return [((cx / w + 1) / 2) * width, ((1 - cy / w) / 2) * height];
}

/**
 * The axes of the surface `m` seen through `vp` from `eye` (both of the camera, for the same aspect) in a
 * width x height frame; `unit` is pixels per CSS pixel (tick lengths and spacing scale with it) and `f` the
 * name of the height (f, or f_k for output k). Degenerate input (an empty frame) gives no ticks.
 */
export function surfaceAxes(
  m: SurfaceFrame,
  vp: mat4,
  eye: vec3,
  width: number,
  height: number,
  unit = 1,
  f = 'f',
): SurfaceAxes {
  const out: SurfaceAxes = { ticks: [], lines: [], titles: [] };
  if (!(width > 0 && height > 0)) return out;
  const box = surfaceBox(m);
  const [ex, ey, zb] = box.min.map(Math.abs) as [number, number, number];
  const zt = box.max[2];
  const sx = eye[0]! >= 0 ? 1 : -1;
  const sy = eye[1]! >= 0 ? 1 : -1;
  const P = (p: readonly number[]) => projectPoint(vp, p, width, height);
  const tick = 6 * unit;
  const gap = 9 * unit;
  /** The pixel direction of moving from `p` along `d` (unit length), or straight down when it projects to nothing. */
  const screenDir = (p: readonly number[], d: readonly number[]): [number, number] => {
    const a = P(p);
    const b = P([p[0]! + 0.01 * d[0]!, p[1]! + 0.01 * d[1]!, p[2]! + 0.01 * d[2]!]);
    if (!a || !b) return [0, 1];
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    return len > 1e-3 ? [(b[0] - a[0]) / len, (b[1] - a[1]) / len] : [0, 1];
  };
  const anchor = (x: number, y: number, d: [number, number]) => ({
    x,
    y,
    align: (Math.abs(d[0]) < 0.5 ? 'center' : d[0] > 0 ? 'left' : 'right') as CanvasTextAlign,
    baseline: (Math.abs(d[1]) < 0.5 ? 'middle' : d[1] > 0 ? 'top' : 'bottom') as CanvasTextBaseline,
  });
  /** Ticks of [lo, hi] (data) along the edge from a to b (normalised), pointing along `outward`. */
  const edge = (
    axis: SurfaceTick['axis'],
    lo: number,
    hi: number,
    at: (v: number) => [number, number, number],
    a: [number, number, number],
    b: [number, number, number],
    outward: [number, number, number] | null,
    title: string,
  ) => {
    const pa = P(a);
    const pb = P(b);
    if (!pa || !pb) return;
    out.lines.push(pa[0], pa[1], pb[0], pb[1]);
    const len = Math.hypot(pb[0] - pa[0], pb[1] - pa[1]);
    if (len < 24 * unit) return;
    // The leftward screen normal of the z axis; the projected outward direction of s and t.
    const dirOf = (p: readonly number[]): [number, number] => (outward ? screenDir(p, outward) : [-1, 0]);
    const { step, values } = axisTicks(lo, hi, Math.max(3, Math.min(8, len / ((outward ? 70 : 40) * unit))));
    for (const value of values) {
      const point = at(value);
      const px = P(point);
      const d = dirOf(point);
      // No label where the f axis stands: its own labels are there.
      const crowded =
        outward &&
        zCorner &&
        Math.abs(point[0] - zCorner[0]) < 1e-9 &&
        Math.abs(point[1] - zCorner[1]) < 1e-9;
      out.ticks.push({
        axis,
        value,
        label: tickLabel(value, step),
        point,
        px,
        end: px ? [px[0] + d[0] * tick, px[1] + d[1] * tick] : null,
        labelAt:
          px && !crowded
            ? anchor(px[0] + d[0] * (tick + gap * 0.4), px[1] + d[1] * (tick + gap * 0.4), d)
            : null,
      });
    }
    const mid = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2];
    const pm = outward ? P(mid) : P(b);
    if (!pm) return;
    if (outward) {
      const d = dirOf(mid);
      out.titles.push({ text: title, ...anchor(pm[0] + d[0] * 34 * unit, pm[1] + d[1] * 34 * unit, d) });
    } else out.titles.push({ text: title, x: pm[0], y: pm[1] - gap, align: 'center', baseline: 'bottom' });
  };
  const zBottom = -zb;
  // f up the leftmost bottom corner on screen, other than the one nearest the eye.
  let zCorner: [number, number] | null = null;
  let left = Number.POSITIVE_INFINITY;
  for (const [cx, cy] of [
    [-ex, -ey],
    [ex, -ey],
    [ex, ey],
    [-ex, ey],
  ] as const) {
    if (Math.sign(cx) === sx && Math.sign(cy) === sy) continue;
    const p = P([cx, cy, zBottom]);
    if (p && p[0] < left) {
      left = p[0];
      zCorner = [cx, cy];
    }
  }
  const [x0, x1, y0, y1] = m.window;
  const [cs, ct, cf] = m.centre;
  const [hs, ht, hf] = m.half;
  // s along the edge t = its end nearest the eye.
  const yEdge = sy * ey;
  edge(
    's',
    x0,
    x1,
    (v) => [(v - cs) / hs, yEdge, zBottom],
    [-ex, yEdge, zBottom],
    [ex, yEdge, zBottom],
    [0, sy, 0],
    's',
  );
  const xEdge = sx * ex;
  edge(
    't',
    y0,
    y1,
    (v) => [xEdge, (v - ct) / ht, zBottom],
    [xEdge, -ey, zBottom],
    [xEdge, ey, zBottom],
    [sx, 0, 0],
    't',
  );
  if (zCorner) {
    const [c0, c1] = zCorner;
    const [fMin, fMax] = m.fRange;
    const lo = fMax > fMin ? fMin : cf - hf;
    const hi = fMax > fMin ? fMax : cf + hf;
    edge('f', lo, hi, (v) => [c0, c1, (m.height * (v - cf)) / hf], [c0, c1, zBottom], [c0, c1, zt], null, f);
  }
  return out;
}

/** Colours and size of the surface's axes. */
export interface SurfaceAxesStyle {
  /** Pixels per CSS pixel. */
  unit: number;
  /** Lines and text. */
  foreground: string;
  /** The halo behind the text (the background's colour). */
  halo: string;
}

/** Draw `axes` into `ctx` (the lines, tick marks, labels with a halo and the axis names). */
export function drawSurfaceAxes(
  ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D,
  axes: SurfaceAxes,
  style: SurfaceAxesStyle,
): void {
  const u = style.unit;
  ctx.save();
  ctx.strokeStyle = style.foreground;
  ctx.fillStyle = style.foreground;
  ctx.lineWidth = Math.max(1, 1.25 * u);
  ctx.lineCap = 'round';
  ctx.beginPath();
  const L = axes.lines;
  for (let i = 0; i + 3 < L.length; i += 4) {
    ctx.moveTo(L[i]!, L[i + 1]!);
    ctx.lineTo(L[i + 2]!, L[i + 3]!);
  }
  for (const t of axes.ticks) {
    if (!t.px || !t.end) continue;
    ctx.moveTo(t.px[0], t.px[1]);
    ctx.lineTo(t.end[0], t.end[1]);
  }
  ctx.stroke();
  const text = (
    s: string,
    a: { x: number; y: number; align: CanvasTextAlign; baseline: CanvasTextBaseline },
  ) => {
    ctx.textAlign = a.align;
    ctx.textBaseline = a.baseline;
    ctx.lineWidth = 3 * u;
    ctx.strokeStyle = style.halo;
    ctx.strokeText(s, a.x, a.y);
    ctx.fillText(s, a.x, a.y);
  };
  ctx.lineJoin = 'round';
  ctx.font = `${Math.round(11 * u)}px ui-monospace, SFMono-Regular, Menlo, monospace`;
  for (const t of axes.ticks) if (t.labelAt) text(t.label, t.labelAt);
  ctx.font = `italic ${Math.round(13 * u)}px ui-serif, Georgia, serif`;
  for (const t of axes.titles) text(t.text, t);
  ctx.restore();
}
