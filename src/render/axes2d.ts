/**
 * The map's frame, drawn with a 2-D canvas around (or over) the plot rectangle: axes with ticks and labels
 * in plane coordinates, a colour bar for the colour mode and a scale bar. The same functions draw the
 * explorer's axes layer (in CSS pixels times devicePixelRatio) and the frame of an exported PNG (in image
 * pixels times a scale chosen for its size), so the screen and the file agree.
 *
 * Every length is given in CSS pixels and multiplied by `FrameStyle.unit`. Degenerate input (an empty
 * rectangle, a view without area) draws nothing.
 */
import { niceSpacing } from '../engine/contours.ts';

/** A rectangle in canvas pixels (origin at the top left). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A window of the plane: [x0, x1] x [y0, y1]. */
export interface PlaneWindow {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** Colours and size of the frame. */
export interface FrameStyle {
  /** Canvas pixels per CSS pixel (devicePixelRatio on screen; larger for big exports). */
  unit: number;
  /** Text and line colour. */
  foreground: string;
  /** Background of the margins and of label boxes drawn over the map. */
  background: string;
  /** Translucent box behind labels drawn over the map. */
  box: string;
}

/** The dark and light styles (before `unit` is set). */
export const FRAME_COLOURS = {
  dark: { foreground: '#e8e8e8', background: '#111318', box: 'rgba(0, 0, 0, 0.62)' },
  light: { foreground: '#1a1a1a', background: '#fbfbf8', box: 'rgba(255, 255, 255, 0.78)' },
} as const;

import type { ColourBar } from './colourBar.ts';

export { type ColourBar, colourBarOf } from './colourBar.ts';

/** Margins of the plot in CSS pixels (multiply by the unit): left and bottom hold the axes, top the colour bar. */
export function frameMargins(
  axes: boolean,
  colourBar: boolean,
): {
  left: number;
  right: number;
  top: number;
  bottom: number;
} {
  return {
    left: axes ? 72 : 8,
    right: axes ? 18 : 8,
    top: colourBar ? 46 : axes ? 12 : 8,
    bottom: axes ? 40 : 8,
  };
}

/** About `n` round values (1, 2, 5 times a power of ten) inside [lo, hi], and their step; none when degenerate. */
export function axisTicks(lo: number, hi: number, n: number): { step: number; values: number[] } {
  const span = hi - lo;
  if (!(span > 0) || !Number.isFinite(span)) return { step: 0, values: [] };
  const step = niceSpacing(lo, hi, Math.max(1, n));
  const values: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9 && values.length < 100; k++)
    values.push(Math.abs(k * step) < step * 1e-9 ? 0 : k * step);
  return { step, values };
}

/** `x` written with just the digits that a tick step `step` resolves (exponent form far from 1). */
export function tickLabel(x: number, step: number): string {
  if (x === 0) return '0';
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const ax = Math.abs(x);
  if (ax >= 1e-4 && ax < 1e7 && decimals <= 8) return x.toFixed(decimals);
  const digits = Math.min(
    17,
    Math.max(1, Math.floor(Math.log10(ax)) - Math.floor(Math.log10(step) + 1e-9) + 1),
  );
  return x.toExponential(digits - 1).replace('e+', 'e');
}

/**
 * Tick labels of [lo, hi] that fit `chars` characters: plain labels when they fit, otherwise labels relative
 * to a round origin near the middle, which the axis title then names ("s − 1234.5").
 */
function labelled(lo: number, hi: number, n: number, chars: number) {
  const { step, values } = axisTicks(lo, hi, n);
  const plain = values.map((v) => tickLabel(v, step));
  if (plain.every((l) => l.length <= chars)) return { step, values, labels: plain, origin: 0 };
  const origin = Math.round((lo + hi) / 2 / (step * 10)) * step * 10;
  return { step, values, labels: values.map((v) => tickLabel(v - origin, step)), origin };
}

/** The font of the frame's text at `unit`. */
function font(unit: number, px = 11): string {
  return `${Math.round(px * unit)}px ui-monospace, SFMono-Regular, Menlo, monospace`;
}

/**
 * Draw axes along the bottom and left of `plot` for the plane window `view`: a frame line, ticks and labels
 * outside the plot when `outside` (the margins of {@link frameMargins}), or inside its edges with a halo
 * (no margins: a compact page). Axis names are `names` (default s and t, the plane coordinates).
 */
export function drawAxes(
  ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D,
  plot: Rect,
  view: PlaneWindow,
  style: FrameStyle,
  outside: boolean,
  names: [string, string] = ['s', 't'],
): void {
  const u = style.unit;
  if (!(plot.width > 0) || !(plot.height > 0)) return;
  const sx = plot.width / (view.x1 - view.x0);
  const sy = plot.height / (view.y1 - view.y0);
  if (!Number.isFinite(sx) || !Number.isFinite(sy)) return;
  ctx.save();
  ctx.font = font(u);
  ctx.strokeStyle = style.foreground;
  ctx.fillStyle = style.foreground;
  ctx.lineWidth = Math.max(1, u);
  const tick = 5 * u;
  const dir = outside ? 1 : -1;
  const halo = (text: string, x: number, y: number) => {
    if (!outside) {
      ctx.lineWidth = 3 * u;
      ctx.strokeStyle = style.background;
      ctx.strokeText(text, x, y);
      ctx.strokeStyle = style.foreground;
      ctx.lineWidth = Math.max(1, u);
    }
    ctx.fillText(text, x, y);
  };
  // The frame line lies just outside the plot: the map's own pixels stay as the renderer drew them.
  if (outside) ctx.strokeRect(plot.x - 0.5 * u, plot.y - 0.5 * u, plot.width + u, plot.height + u);
  const bottom = plot.y + plot.height;
  const xs = labelled(view.x0, view.x1, Math.max(2, plot.width / (100 * u)), 10);
  ctx.textAlign = 'center';
  ctx.textBaseline = outside ? 'top' : 'bottom';
  ctx.beginPath();
  xs.values.forEach((v) => {
    const x = Math.round(plot.x + (v - view.x0) * sx) + 0.5;
    ctx.moveTo(x, bottom);
    ctx.lineTo(x, bottom + dir * tick);
  });
  ctx.stroke();
  xs.values.forEach((v, i) => {
    const x = plot.x + (v - view.x0) * sx;
    if (x < plot.x + 12 * u || x > plot.x + plot.width - 12 * u) return;
    halo(xs.labels[i]!, x, bottom + dir * (tick + 2 * u));
  });
  const ys = labelled(view.y0, view.y1, Math.max(2, plot.height / (60 * u)), 8);
  ctx.textAlign = outside ? 'right' : 'left';
  ctx.textBaseline = 'middle';
  ctx.beginPath();
  ys.values.forEach((v) => {
    const y = Math.round(bottom - (v - view.y0) * sy) + 0.5;
    ctx.moveTo(plot.x, y);
    ctx.lineTo(plot.x - dir * tick, y);
  });
  ctx.stroke();
  ys.values.forEach((v, i) => {
    const y = bottom - (v - view.y0) * sy;
    if (y < plot.y + 8 * u || y > bottom - 14 * u) return;
    halo(ys.labels[i]!, plot.x - dir * (tick + 2 * u), y);
  });
  const title = (name: string, origin: number, step: number) =>
    origin === 0 ? name : `${name} − ${tickLabel(origin, step)}`;
  ctx.font = font(u, 12);
  if (outside) {
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText(title(names[0], xs.origin, xs.step), plot.x + plot.width / 2, bottom + 38 * u);
    ctx.save();
    ctx.translate(plot.x - 60 * u, plot.y + plot.height / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = 'top';
    ctx.fillText(title(names[1], ys.origin, ys.step), 0, -6 * u);
    ctx.restore();
  } else {
    ctx.textAlign = 'right';
    ctx.textBaseline = 'bottom';
    halo(title(names[0], xs.origin, xs.step), plot.x + plot.width - 4 * u, bottom - 4 * u);
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    halo(title(names[1], ys.origin, ys.step), plot.x + 4 * u, plot.y + 4 * u);
  }
  ctx.restore();
}

/**
 * Draw `bar` in the band of height 40 x unit that ends at `plot`'s top (outside) or in a box at the plot's
 * top right (inside). A graded bar has ticks with values; classes are swatches; a note is a line of text.
 */
export function drawColourBar(
  ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D,
  plot: Rect,
  bar: ColourBar,
  style: FrameStyle,
  outside: boolean,
): void {
  const u = style.unit;
  if (!(plot.width > 0) || !(plot.height > 0)) return;
  ctx.save();
  ctx.font = font(u);
  const barW = Math.round(Math.min(260 * u, plot.width * 0.45));
  const barH = Math.round(10 * u);
  const right = plot.x + plot.width - (outside ? 0 : 8 * u);
  const top = outside ? plot.y - 40 * u : plot.y + 8 * u;
  const titleW = ctx.measureText(bar.title).width;
  if (!outside) {
    const w = bar.kind === 'note' ? titleW + 16 * u : barW + titleW + 28 * u;
    ctx.fillStyle = style.box;
    ctx.fillRect(right - w, top - 4 * u, w + 4 * u, 36 * u);
  }
  ctx.fillStyle = style.foreground;
  ctx.strokeStyle = style.foreground;
  ctx.lineWidth = Math.max(1, u);
  ctx.textBaseline = 'middle';
  if (bar.kind === 'note') {
    ctx.textAlign = 'right';
    ctx.fillText(bar.title, right - 4 * u, top + barH / 2 + 8 * u);
    ctx.restore();
    return;
  }
  const x0 = Math.round(right - barW);
  const y0 = Math.round(top + 4 * u);
  ctx.textAlign = 'right';
  ctx.fillText(bar.title, x0 - 10 * u, y0 + barH / 2);
  if (bar.kind === 'classes') {
    const n = Math.max(1, Math.min(bar.count, 10));
    const w = barW / n;
    const rgb = new Uint8ClampedArray(3);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (let k = 0; k < n; k++) {
      bar.colour(k, rgb);
      ctx.fillStyle = `rgb(${rgb[0]}, ${rgb[1]}, ${rgb[2]})`;
      ctx.fillRect(x0 + k * w, y0, w - u, barH);
      ctx.fillStyle = style.foreground;
      ctx.fillText(String(k), x0 + (k + 0.5) * w, y0 + barH + 3 * u);
    }
    ctx.restore();
    return;
  }
  const rgb = new Uint8ClampedArray(3);
  for (let i = 0; i < barW; i++) {
    bar.colour(barW > 1 ? i / (barW - 1) : 0, rgb);
    ctx.fillStyle = `rgb(${rgb[0]}, ${rgb[1]}, ${rgb[2]})`;
    ctx.fillRect(x0 + i, y0, 1, barH);
  }
  ctx.strokeRect(x0 + 0.5 * u, y0 + 0.5 * u, barW - u, barH - u);
  const { step, values } = axisTicks(bar.lo, bar.hi, Math.max(2, barW / (70 * u)));
  ctx.fillStyle = style.foreground;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.beginPath();
  for (const v of values) {
    const x = Math.round(x0 + ((v - bar.lo) / (bar.hi - bar.lo)) * (barW - 1)) + 0.5;
    ctx.moveTo(x, y0 + barH);
    ctx.lineTo(x, y0 + barH + 3 * u);
  }
  ctx.stroke();
  for (const v of values) {
    const x = x0 + ((v - bar.lo) / (bar.hi - bar.lo)) * (barW - 1);
    ctx.fillText(tickLabel(v, step), x, y0 + barH + 4 * u);
  }
  ctx.restore();
}

/**
 * The scale bar's length (1, 2 or 5 times a power of ten plane units, at most `most` CSS pixels long at
 * `unit`) and the rectangle of its box at the bottom right inside `plot` (canvas pixels); null when the
 * plot or the view is degenerate.
 */
export function scaleBarLayout(
  plot: Rect,
  view: PlaneWindow,
  unit: number,
  most = 150,
): { length: number; pixels: number; box: Rect } | null {
  const width = view.x1 - view.x0;
  const room = Math.min(most * unit, plot.width * 0.4);
  if (!(room > 20 * unit) || !(width > 0) || !Number.isFinite(width)) return null;
  const perPx = width / plot.width;
  const p = 10 ** Math.floor(Math.log10(room * perPx));
  const m = (room * perPx) / p;
  const length = (m >= 5 ? 5 : m >= 2 ? 2 : 1) * p;
  const pixels = length / perPx;
  const w = Math.round(pixels + 24 * unit);
  const h = Math.round(30 * unit);
  const box = {
    x: plot.x + plot.width - w - Math.round(8 * unit),
    y: plot.y + plot.height - h - Math.round(8 * unit),
    width: w,
    height: h,
  };
  return { length, pixels, box };
}

/**
 * Draw a scale bar of a round length (see {@link scaleBarLayout}) in a box at the bottom right inside
 * `plot`. Returns the length in plane units (0: nothing drawn).
 */
export function drawScaleBar(
  ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D,
  plot: Rect,
  view: PlaneWindow,
  style: FrameStyle,
): number {
  const u = style.unit;
  const l = scaleBarLayout(plot, view, u);
  if (!l) return 0;
  const { box, pixels, length } = l;
  ctx.save();
  ctx.fillStyle = style.box;
  ctx.fillRect(box.x, box.y, box.width, box.height);
  ctx.strokeStyle = style.foreground;
  ctx.fillStyle = style.foreground;
  ctx.lineWidth = 2 * u;
  const x1 = box.x + box.width - 12 * u;
  const x0 = x1 - pixels;
  const y = box.y + box.height - 8 * u;
  ctx.beginPath();
  ctx.moveTo(x0, y - 5 * u);
  ctx.lineTo(x0, y);
  ctx.lineTo(x1, y);
  ctx.lineTo(x1, y - 5 * u);
  ctx.stroke();
  ctx.font = font(u);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(tickLabel(length, length), (x0 + x1) / 2, y - 4 * u);
  ctx.restore();
  return length;
}
