/**
 * Small canvas-2D plotting helpers shared by the 1-D view, the cross-section and the analysis charts:
 * linear scales, nice ticks, number formatting, region colours as CSS strings.
 */
import { niceSpacing } from '../engine/contours.ts';
import { formatNumber, PANEL_STYLE } from '../engine/format.ts';
import { REGION_ID_MASK, regionColour } from '../render/palette.ts';

/** A linear map from data [d0, d1] to pixels [p0, p1] (d0 = d1 maps everything to the middle). */
export class Scale {
  /** Create the scale. */
  constructor(
    /** Data start. */
    readonly d0: number,
    /** Data end. */
    readonly d1: number,
    /** Pixel at d0. */
    readonly p0: number,
    /** Pixel at d1. */
    readonly p1: number,
  ) {}

  /** The pixel of data value d. */
  px(d: number): number {
    if (this.d1 === this.d0) return (this.p0 + this.p1) / 2;
    return this.p0 + ((d - this.d0) / (this.d1 - this.d0)) * (this.p1 - this.p0);
  }

  /** The data value at pixel p (d0 for a degenerate scale). */
  data(p: number): number {
    if (this.p1 === this.p0) return this.d0;
    return this.d0 + ((p - this.p0) / (this.p1 - this.p0)) * (this.d1 - this.d0);
  }
}

/** About `n` round tick values (1, 2, 5 times a power of ten) inside [lo, hi]; [] for a degenerate range. */
export function niceTicks(lo: number, hi: number, n = 5): number[] {
  const span = hi - lo;
  if (!(span > 0) || !Number.isFinite(span)) return [];
  const step = niceSpacing(lo, hi, n);
  const out: number[] = [];
  for (let k = Math.ceil(lo / step); k * step <= hi + step * 1e-9; k++)
    out.push(Math.abs(k * step) < step * 1e-9 ? 0 : k * step);
  return out;
}

/** A short, readable number: 4 significant digits, exponent form outside [1e-3, 1e5). */
export function fmt(x: number): string {
  return formatNumber(x, PANEL_STYLE);
}

/** The CSS colour of the region whose pattern hash's low word is `hashLo` (the map's palette). */
export function regionCss(hashLo: number): string {
  const c = new Uint8Array(3);
  regionColour(hashLo & REGION_ID_MASK, c);
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

/** Pad [lo, hi] by `fraction` of its span on both sides (by 1 when the span is 0). */
export function padded(lo: number, hi: number, fraction = 0.08): [number, number] {
  const span = hi - lo;
  if (!(span > 0)) return [lo - 1, hi + 1];
  return [lo - span * fraction, hi + span * fraction];
}

/** Size `canvas`'s drawing buffer to its CSS box times devicePixelRatio (at least 1 x 1); returns the ratio. */
export function fitCanvas(canvas: HTMLCanvasElement): number {
  const dpr = globalThis.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(canvas.clientWidth * dpr));
  const h = Math.max(1, Math.round(canvas.clientHeight * dpr));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  return dpr;
}

/** A small chart's canvas, fitted and cleared, with the 10-px monospace font set (see {@link startChart}). */
export interface Chart {
  /** The 2-D context. */
  ctx: CanvasRenderingContext2D;
  /** Device pixels per CSS pixel. */
  dpr: number;
  /** Width in device pixels. */
  W: number;
  /** Height in device pixels. */
  H: number;
}

/**
 * Fit `canvas` to its CSS size, clear it, set the panels' 10-px monospace font and, when given, write `title`
 * in grey at the top left. Returns null when the canvas has no 2-D context.
 */
export function startChart(canvas: HTMLCanvasElement, title?: string): Chart | null {
  const dpr = fitCanvas(canvas);
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  const W = canvas.width;
  const H = canvas.height;
  ctx.clearRect(0, 0, W, H);
  ctx.font = `${10 * dpr}px ui-monospace, monospace`;
  if (title !== undefined) {
    ctx.fillStyle = '#bbb';
    ctx.fillText(title, 4 * dpr, 10 * dpr);
  }
  return { ctx, dpr, W, H };
}
