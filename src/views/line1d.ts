/**
 * The 1-D view: f along a line (a one-input network's input, or a segment of the plane) on a canvas 2-D,
 * in three stacked panels: f with each linear piece in its region's colour and the exact breakpoints
 * marked; f' as a step function with its value per piece; f'' as impulses at the kinks, sized by the
 * jump of f'. Hovering shows the piece's slope and intercept. Everything drawn comes from the engine's
 * exact pieces (profile.ts); nothing is sampled.
 */
import { type LineProfile, pieceIndexAt, profileRange } from '../engine/profile.ts';
import { fmt, niceTicks, padded, regionCss, Scale } from './plot.ts';

/** What the hover shows: the piece under the pointer. */
export interface PieceInfo {
  /** Index of the piece. */
  index: number;
  /** Parameter under the pointer. */
  x: number;
  /** f there. */
  value: number;
  /** f' on the piece. */
  slope: number;
  /** f = slope x + intercept on the piece. */
  intercept: number;
  /** The piece's extent. */
  x0: number;
  /** See x0. */
  x1: number;
}

const PANEL_SHARES = [0.5, 0.25, 0.25] as const;

/** Draws a {@link LineProfile}; usable headlessly on any canvas. */
export class Line1dView {
  /** The profile drawn (null: nothing yet). */
  profile: LineProfile | null = null;
  /** Name of the parameter on the x axis. */
  xLabel = 'x';
  /** The message drawn instead of a plot (e.g. why there is none). */
  note = '';
  private xs = new Scale(0, 1, 0, 1);
  private hoverX: number | null = null;

  /** Draw into `canvas`; `ratio` is the device pixel ratio (sizes of text and lines). */
  constructor(
    readonly canvas: HTMLCanvasElement,
    public ratio = 1,
  ) {}

  /** Show `profile` (x axis named `xLabel`) and redraw. */
  setProfile(profile: LineProfile | null, xLabel = 'x'): void {
    this.profile = profile;
    this.xLabel = xLabel;
    this.hoverX = null;
    this.draw();
  }

  /** Margins in drawing-buffer pixels: [left, right, top, bottom]. */
  private margins(): [number, number, number, number] {
    const r = this.ratio;
    return [52 * r, 10 * r, 8 * r, 20 * r];
  }

  /** The pixel rows [top, bottom] of panel i (0: f, 1: f', 2: f''). */
  panelRows(i: number): [number, number] {
    const [, , top, bottom] = this.margins();
    const h = this.canvas.height - top - bottom;
    let y = top;
    for (let k = 0; k < i; k++) y += PANEL_SHARES[k]! * h;
    const gap = 6 * this.ratio;
    return [y + (i > 0 ? gap : 0), y + PANEL_SHARES[i]! * h];
  }

  /** The drawing-buffer column of parameter x (valid after a draw). */
  xToPixel(x: number): number {
    return this.xs.px(x);
  }

  /** The parameter at drawing-buffer column px. */
  pixelToX(px: number): number {
    return this.xs.data(px);
  }

  /** The columns at which the breakpoints are marked (the engine's breakpoints, mapped to pixels). */
  breakpointPixels(): number[] {
    return (this.profile?.breakpoints ?? []).map((b) => this.xToPixel(b.x));
  }

  /** The piece at drawing-buffer column px, or null without a profile; see {@link PieceInfo}. */
  pieceAtPixel(px: number): PieceInfo | null {
    const p = this.profile;
    if (!p) return null;
    const x = Math.min(p.x1, Math.max(p.x0, this.pixelToX(px)));
    const index = pieceIndexAt(p, x);
    const q = p.pieces[index]!;
    return {
      index,
      x,
      value: q.slope * x + q.intercept,
      slope: q.slope,
      intercept: q.intercept,
      x0: q.x0,
      x1: q.x1,
    };
  }

  /** Show the hover cross-hair and read-out at drawing-buffer column px (null: hide); returns the piece. */
  hover(px: number | null): PieceInfo | null {
    this.hoverX = px === null || !this.profile ? null : this.pixelToX(px);
    this.draw();
    return px === null ? null : this.pieceAtPixel(px);
  }

  /**
   * A PNG of the view at width x height pixels (1 to 16384 each) with its axes, as drawn now: the same
   * profile on a canvas of that size, text and lines scaled by the image's pixels per CSS pixel of the
   * canvas. Rejects with a message naming a bad size.
   */
  async exportPng(width: number, height: number): Promise<Blob> {
    for (const [name, v] of [
      ['width', width],
      ['height', height],
    ] as const)
      if (!Number.isInteger(v) || v < 1 || v > 16384)
        throw new Error(`1-D view PNG: ${name} must be an integer from 1 to 16384, not ${v}`);
    const c = document.createElement('canvas');
    c.width = width;
    c.height = height;
    const css = this.canvas.clientWidth || this.canvas.width / this.ratio;
    const copy = new Line1dView(c, width / Math.max(1, css));
    copy.profile = this.profile;
    copy.xLabel = this.xLabel;
    copy.note = this.note;
    copy.draw();
    return new Promise((resolve, reject) =>
      c.toBlob(
        (b) => (b ? resolve(b) : reject(new Error('1-D view PNG: the browser could not encode the image'))),
        'image/png',
      ),
    );
  }

  /** Redraw everything. */
  draw(): void {
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    const r = this.ratio;
    const W = this.canvas.width;
    const H = this.canvas.height;
    ctx.fillStyle = '#15171c';
    ctx.fillRect(0, 0, W, H);
    ctx.font = `${11 * r}px ui-monospace, monospace`;
    const p = this.profile;
    if (!p || this.note) {
      ctx.fillStyle = '#bbb';
      ctx.fillText(this.note || 'no profile', 10 * r, 20 * r);
      return;
    }
    const [left, right] = this.margins();
    this.xs = new Scale(p.x0, p.x1, left, W - right);
    const xs = this.xs;
    const slopes = p.pieces.map((q) => q.slope);
    const jumps = p.breakpoints.map((b) => b.jump);
    const ranges: [number, number][] = [
      padded(...profileRange(p)),
      padded(Math.min(0, ...slopes), Math.max(0, ...slopes)),
      padded(Math.min(0, ...jumps), Math.max(0, ...jumps)),
    ];
    const labels = ['f', "f'", "f''"];
    const ys: Scale[] = [];
    for (let i = 0; i < 3; i++) {
      const [y0, y1] = this.panelRows(i);
      const ysi = new Scale(ranges[i]![0], ranges[i]![1], y1, y0);
      ys.push(ysi);
      ctx.strokeStyle = '#444';
      ctx.lineWidth = r;
      ctx.strokeRect(left, y0, W - right - left, y1 - y0);
      ctx.fillStyle = '#999';
      ctx.textAlign = 'right';
      for (const t of niceTicks(ranges[i]![0], ranges[i]![1], i === 0 ? 4 : 2)) {
        ctx.fillText(fmt(t), left - 4 * r, ysi.px(t) + 4 * r);
      }
      ctx.textAlign = 'left';
      ctx.fillStyle = '#ddd';
      if (ranges[i]![0] < 0 && ranges[i]![1] > 0) {
        ctx.strokeStyle = '#555';
        ctx.setLineDash([2 * r, 3 * r]);
        ctx.beginPath();
        ctx.moveTo(left, ysi.px(0));
        ctx.lineTo(W - right, ysi.px(0));
        ctx.stroke();
        ctx.setLineDash([]);
      }
    }
    const [top] = this.panelRows(0);
    const [, bottom] = this.panelRows(2);
    // Breakpoints: faint lines through all panels.
    ctx.strokeStyle = 'rgba(255,255,255,0.22)';
    ctx.lineWidth = r;
    for (const b of p.breakpoints) {
      const x = xs.px(b.x);
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, bottom);
      ctx.stroke();
    }
    // x ticks.
    ctx.fillStyle = '#999';
    ctx.textAlign = 'center';
    for (const t of niceTicks(p.x0, p.x1, 6)) ctx.fillText(fmt(t), xs.px(t), H - 5 * r);
    const [fy, dy, ddy] = ys as [Scale, Scale, Scale];
    // f: each piece in its region's colour; f': steps with values.
    for (const q of p.pieces) {
      const colour = regionCss(q.hashLo);
      ctx.strokeStyle = colour;
      ctx.lineWidth = 2.5 * r;
      ctx.beginPath();
      ctx.moveTo(xs.px(q.x0), fy.px(q.slope * q.x0 + q.intercept));
      ctx.lineTo(xs.px(q.x1), fy.px(q.slope * q.x1 + q.intercept));
      ctx.stroke();
      ctx.beginPath();
      ctx.moveTo(xs.px(q.x0), dy.px(q.slope));
      ctx.lineTo(xs.px(q.x1), dy.px(q.slope));
      ctx.stroke();
      const width = xs.px(q.x1) - xs.px(q.x0);
      const text = fmt(q.slope);
      if (width > ctx.measureText(text).width + 6 * r) {
        ctx.fillStyle = '#ddd';
        ctx.fillText(text, xs.px((q.x0 + q.x1) / 2), dy.px(q.slope) - 4 * r);
      }
    }
    // Breakpoint dots on f; impulses of f''.
    const maxJump = Math.max(...jumps.map(Math.abs), 0);
    for (const b of p.breakpoints) {
      const x = xs.px(b.x);
      ctx.fillStyle = '#fff';
      ctx.beginPath();
      ctx.arc(x, fy.px(b.value), 3 * r, 0, 2 * Math.PI);
      ctx.fill();
      ctx.strokeStyle = b.jump >= 0 ? '#e0594a' : '#5a8de0';
      ctx.fillStyle = ctx.strokeStyle;
      ctx.lineWidth = 2 * r;
      ctx.beginPath();
      ctx.moveTo(x, ddy.px(0));
      ctx.lineTo(x, ddy.px(b.jump));
      ctx.stroke();
      ctx.beginPath();
      ctx.arc(x, ddy.px(b.jump), 2.5 * r, 0, 2 * Math.PI);
      ctx.fill();
      if (maxJump > 0 && Math.abs(b.jump) === maxJump) {
        ctx.fillStyle = '#ccc';
        ctx.fillText(fmt(b.jump), x + 4 * r, ddy.px(b.jump) + (b.jump >= 0 ? 10 : -2) * r);
      }
    }
    ctx.textAlign = 'left';
    ctx.fillStyle = '#aaa';
    ctx.fillText(
      `${p.pieces.length} pieces, ${p.breakpoints.length} breakpoints`,
      left + 4 * r,
      bottom - 5 * r,
    );
    // Panel titles last, on a dark box, so that no value label covers them.
    for (let i = 0; i < 3; i++) {
      const title = `${labels[i]}(${this.xLabel})`;
      const [y0] = this.panelRows(i);
      ctx.fillStyle = 'rgba(21,23,28,0.85)';
      ctx.fillRect(left + r, y0 + r, ctx.measureText(title).width + 6 * r, 15 * r);
      ctx.fillStyle = '#ddd';
      ctx.fillText(title, left + 4 * r, y0 + 12 * r);
    }
    if (this.hoverX !== null) this.drawHover(ctx, fy, top, bottom);
  }

  private drawHover(ctx: CanvasRenderingContext2D, fy: Scale, top: number, bottom: number): void {
    const info = this.pieceAtPixel(this.xToPixel(this.hoverX!));
    if (!info) return;
    const r = this.ratio;
    const x = this.xToPixel(info.x);
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = r;
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, bottom);
    ctx.stroke();
    const lines = [
      `piece ${info.index}: [${fmt(info.x0)}, ${fmt(info.x1)}]`,
      `f = ${fmt(info.slope)} ${this.xLabel} ${info.intercept < 0 ? '-' : '+'} ${fmt(Math.abs(info.intercept))}`,
      `f(${fmt(info.x)}) = ${fmt(info.value)}`,
    ];
    const w = Math.max(...lines.map((l) => ctx.measureText(l).width)) + 10 * r;
    const bx = x + w + 8 * r < this.canvas.width ? x + 6 * r : x - w - 6 * r;
    const by = Math.min(fy.px(info.value) + 8 * r, this.canvas.height - 50 * r);
    ctx.fillStyle = 'rgba(0,0,0,0.8)';
    ctx.fillRect(bx, by, w, 44 * r);
    ctx.fillStyle = '#eee';
    lines.forEach((l, i) => {
      ctx.fillText(l, bx + 5 * r, by + (13 + 13 * i) * r);
    });
  }
}
