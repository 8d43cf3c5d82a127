/**
 * SVG of the exact region polygons of a view, for papers: one `<path class="region">` per region, filled
 * with the map's colour of its activation pattern (regionColour.ts, the colour the GPU draws), the region
 * boundaries as one stroked path, and optionally axes with round ticks. Pure string building: no DOM.
 *
 * Geometry: the SVG's user unit is one pixel. The plane rectangle [x0, x1] x [y0, y1] fills a width x
 * height plot area (the whole picture without axes; with them, margins for the ticks and labels are added
 * around it, so the plot keeps the aspect of the map it was exported from); t grows upwards, as on the map, so SVG's y is flipped. Coordinates are rounded to the decimals that keep
 * the error under 1/20000 of the picture's long side (2 decimals at 1000 pixels, 1 at 16384), so a file
 * stays small and scales without visible error. Neighbours share their edges exactly, and each region is
 * stroked with its own fill colour (half a pixel wide) so that antialiasing leaves no light seam between
 * them; the strokes are clipped to the plot area.
 */

import type { PaletteName } from '../colourMaps.ts';
import { formatNumber, PANEL_STYLE } from '../format.ts';
import { patternHashInto } from '../forward.ts';
import { type Network, neuronCount } from '../model.ts';
import type { Window } from '../plane.ts';
import { regionHex } from '../regionColour.ts';
import { enumerateRegions } from '../regions.ts';

/** The largest SVG side accepted, in pixels. */
export const SVG_MAX_SIDE = 65536;

/** One region to draw: its polygon [s0, t0, s1, t1, ...] in plane coordinates and its fill colour. */
export interface SvgRegion {
  /** Vertices in plane coordinates, in order (either orientation). */
  readonly polygon: ArrayLike<number>;
  /** Fill colour as `#rrggbb`. */
  readonly fill: string;
}

/** What {@link regionsSvg} draws. */
export interface RegionsSvgOptions {
  /**
   * Width of the plot area in pixels (user units), an integer from 1 to {@link SVG_MAX_SIDE}; the axes'
   * margins, when drawn, are added around it.
   */
  width: number;
  /** Height of the plot area in pixels. */
  height: number;
  /** The plane rectangle shown (x0 < x1, y0 < y1). */
  view: { x0: number; x1: number; y0: number; y1: number };
  /** The regions, in the order they are written. */
  regions: readonly SvgRegion[];
  /** Draw the region boundaries (default true). */
  boundaries?: boolean;
  /** Draw axes with ticks and labels around the plot (default true). */
  axes?: boolean;
  /** Label of the horizontal axis (default `s`). */
  xLabel?: string;
  /** Label of the vertical axis (default `t`). */
  yLabel?: string;
  /** A title above the plot (default none). */
  title?: string;
  /** Decimals of the coordinates (default: what the size needs, see the module comment). */
  decimals?: number;
}

/** Why `width` x `height` is not an SVG size, or null when it is one. */
export function svgSizeError(width: number, height: number): string | null {
  for (const [name, v] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(v) || v < 1 || v > SVG_MAX_SIDE)
      return `the SVG ${name} must be an integer from 1 to ${SVG_MAX_SIDE}, not ${v}`;
  }
  return null;
}

/** The decimals that keep a coordinate's rounding error under 1/20000 of `longSide` pixels (0 to 6). */
export function svgDecimals(longSide: number): number {
  return Math.max(0, Math.min(6, Math.ceil(Math.log10(20000 / Math.max(1, longSide)))));
}

/** `text` with the five XML special characters escaped, safe in element content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`,
  );
}

/** About `n` round tick values (1, 2 or 5 times a power of ten) inside [lo, hi]; [] when the range is empty. */
export function svgTicks(lo: number, hi: number, n: number): number[] {
  const span = hi - lo;
  if (!(span > 0) || !Number.isFinite(span)) return [];
  const raw = span / Math.max(1, n);
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw * 0.999) ?? 10 * p;
  const out: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++)
    out.push(k === 0 ? 0 : Number((k * step).toPrecision(12)));
  return out;
}

/** Where the plot area lies in the picture, the picture's size and the size of the axis text. */
interface Frame {
  left: number;
  top: number;
  width: number;
  height: number;
  totalWidth: number;
  totalHeight: number;
  font: number;
}

function frameOf(o: RegionsSvgOptions): Frame {
  const font = Math.max(10, Math.min(64, Math.round(Math.min(o.width, o.height) / 40)));
  const plot = { width: o.width, height: o.height, font };
  if (o.axes === false) return { ...plot, left: 0, top: 0, totalWidth: o.width, totalHeight: o.height };
  const left = Math.round(font * 5);
  const top = Math.round(o.title ? font * 2.4 : font);
  const right = Math.round(font * 1.5);
  const bottom = Math.round(font * 3.2);
  return { ...plot, left, top, totalWidth: o.width + left + right, totalHeight: o.height + top + bottom };
}

/**
 * The SVG document of `o.regions` on `o.view` (see the module comment). The size is assumed valid
 * ({@link svgSizeError}); every text given is escaped.
 */
export function regionsSvg(o: RegionsSvgOptions): string {
  const f = frameOf(o);
  const d = o.decimals ?? svgDecimals(Math.max(f.totalWidth, f.totalHeight));
  const num = (x: number) => {
    const r = Number(x.toFixed(d));
    return String(r === 0 ? 0 : r);
  };
  const { x0, x1, y0, y1 } = o.view;
  const sx = f.width / (x1 - x0);
  const sy = f.height / (y1 - y0);
  const X = (s: number) => num(f.left + (s - x0) * sx);
  const Y = (t: number) => num(f.top + (y1 - t) * sy);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${f.totalWidth}" height="${f.totalHeight}" viewBox="0 0 ${f.totalWidth} ${f.totalHeight}">`,
  );
  if (o.title) out.push(`<title>${escapeXml(o.title)}</title>`);
  out.push(
    `<desc>${o.regions.length} linear regions of [${x0}, ${x1}] x [${y0}, ${y1}], drawn by relu-origami</desc>`,
  );
  const clip = `M${num(f.left)} ${num(f.top)}h${num(f.width)}v${num(f.height)}h${num(-f.width)}Z`;
  out.push(`<defs><clipPath id="plot"><path d="${clip}"/></clipPath></defs>`);
  if (o.axes !== false) out.push(`<rect width="${f.totalWidth}" height="${f.totalHeight}" fill="#fff"/>`);
  out.push('<g class="regions" clip-path="url(#plot)" stroke-width="0.5" stroke-linejoin="round">');
  const edges = new Map<string, string>();
  for (const r of o.regions) {
    const pts: string[] = [];
    const p = r.polygon;
    for (let i = 0; i + 1 < p.length; i += 2) {
      const pt = `${X(p[i]!)} ${Y(p[i + 1]!)}`;
      if (pts[pts.length - 1] !== pt) pts.push(pt);
    }
    if (pts.length > 1 && pts[0] === pts[pts.length - 1]) pts.pop();
    const fill = /^#[0-9a-f]{6}$/i.test(r.fill) ? r.fill : '#000000';
    out.push(`<path class="region" d="M${pts.join('L')}Z" fill="${fill}" stroke="${fill}"/>`);
    if (o.boundaries !== false) {
      for (let i = 0; i < pts.length; i++) {
        const a = pts[i]!;
        const b = pts[(i + 1) % pts.length]!;
        if (a !== b) edges.set(a < b ? `${a}|${b}` : `${b}|${a}`, `M${a}L${b}`);
      }
    }
  }
  out.push('</g>');
  if (o.boundaries !== false && edges.size) {
    out.push(
      `<path class="boundaries" clip-path="url(#plot)" fill="none" stroke="#000" stroke-opacity="0.5" stroke-width="1" stroke-linecap="round" d="${[...edges.values()].join('')}"/>`,
    );
  }
  if (o.axes !== false) out.push(axes(o, f, X, Y, num));
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** The axes: the plot's frame, ticks outside it, tick labels, axis labels and the title. */
function axes(
  o: RegionsSvgOptions,
  f: Frame,
  X: (s: number) => string,
  Y: (t: number) => string,
  num: (x: number) => string,
): string {
  const { x0, x1, y0, y1 } = o.view;
  const tick = Math.round(f.font * 0.5);
  const parts: string[] = [];
  parts.push(
    `<g class="axes" font-family="sans-serif" font-size="${f.font}" fill="#000" stroke="none">`,
    `<rect class="frame" x="${num(f.left)}" y="${num(f.top)}" width="${num(f.width)}" height="${num(f.height)}" fill="none" stroke="#000" stroke-width="1"/>`,
  );
  const marks: string[] = [];
  const fmt = (v: number) => escapeXml(formatNumber(v, PANEL_STYLE));
  const bottom = f.top + f.height;
  for (const v of svgTicks(x0, x1, Math.max(2, Math.floor(f.width / (f.font * 7))))) {
    marks.push(`M${X(v)} ${num(bottom)}v${tick}`);
    parts.push(
      `<text class="tick x" x="${X(v)}" y="${num(bottom + tick + f.font)}" text-anchor="middle">${fmt(v)}</text>`,
    );
  }
  for (const v of svgTicks(y0, y1, Math.max(2, Math.floor(f.height / (f.font * 4))))) {
    marks.push(`M${num(f.left)} ${Y(v)}h${-tick}`);
    parts.push(
      `<text class="tick y" x="${num(f.left - tick - 2)}" y="${Y(v)}" dy="0.35em" text-anchor="end">${fmt(v)}</text>`,
    );
  }
  parts.push(`<path class="ticks" stroke="#000" stroke-width="1" d="${marks.join('')}"/>`);
  parts.push(
    `<text class="label x" x="${num(f.left + f.width / 2)}" y="${num(bottom + tick + f.font * 2.3)}" text-anchor="middle">${escapeXml(o.xLabel ?? 's')}</text>`,
  );
  const ly = num(f.top + f.height / 2);
  parts.push(
    `<text class="label y" x="${num(f.font)}" y="${ly}" text-anchor="middle" transform="rotate(-90 ${num(f.font)} ${ly})">${escapeXml(o.yLabel ?? 't')}</text>`,
  );
  if (o.title) {
    parts.push(
      `<text class="title" x="${num(f.left + f.width / 2)}" y="${num(f.font * 1.4)}" text-anchor="middle">${escapeXml(o.title)}</text>`,
    );
  }
  parts.push('</g>');
  return parts.join('\n');
}

/**
 * The SVG regions of polygons and their pattern hash words [lo, hi] (as a `count` job of the regions
 * service returns them), coloured as the map colours them in `palette` (default: 'default').
 */
export function svgRegionsOf(
  polygons: readonly ArrayLike<number>[],
  hashes: Uint32Array,
  palette: PaletteName = 'default',
): SvgRegion[] {
  return polygons.map((polygon, i) => ({ polygon, fill: regionHex(hashes[2 * i]!, palette) }));
}

/** The result of {@link networkSvg}: the document and its region count, or why there is none. */
export type NetworkSvgResult = { ok: true; svg: string; count: number } | { ok: false; message: string };

/**
 * Enumerate the regions of `net` on `window` (after the first `layers` layers, default all, as the layer
 * mode shows them) and write them as SVG; at most `maxRegions` regions (default 100,000), else an error
 * that says how many were found.
 */
export function networkSvg(
  net: Network,
  window: Window,
  options: Omit<RegionsSvgOptions, 'regions' | 'view'> & { layers?: number; maxRegions?: number },
): NetworkSvgResult {
  const sizeError = svgSizeError(options.width, options.height);
  if (sizeError) return { ok: false, message: sizeError };
  const layers = Math.max(1, Math.min(options.layers ?? net.layers.length, net.layers.length));
  const maxRegions = options.maxRegions ?? 100_000;
  const e = enumerateRegions(net, window, { layers, maxRegions });
  if (typeof e === 'string') return { ok: false, message: e };
  if (!e.complete)
    return {
      ok: false,
      message: `more than ${maxRegions} regions in the window (${e.count} found): zoom in`,
    };
  let neurons = 0;
  for (let l = 0; l < layers; l++) neurons += net.layers[l]!.outDim;
  neurons = Math.min(neurons, neuronCount(net));
  const hashes = new Uint32Array(2 * e.regions.length);
  for (let i = 0; i < e.regions.length; i++) patternHashInto(e.regions[i]!.pattern, hashes, 2 * i, neurons);
  const { layers: _l, maxRegions: _m, ...svgOptions } = options;
  const svg = regionsSvg({
    ...svgOptions,
    view: window,
    regions: svgRegionsOf(
      e.regions.map((r) => r.polygon),
      hashes,
    ),
  });
  return { ok: true, svg, count: e.count };
}
