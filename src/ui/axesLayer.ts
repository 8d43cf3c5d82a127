/**
 * The axes layer: a 2-D canvas over the map's stage that draws the axes (ticks and labels in plane
 * coordinates), the colour bar of the colour mode and the scale bar, with src/render/axes2d.ts, in CSS
 * pixels times devicePixelRatio. In the docked layout they sit in the plot's margins (the stage's padding);
 * on a compact page they are drawn inside the map's edges. Each follows its switch in AppState.look.
 */
import type { App } from '../app/app.ts';
import {
  colourBarOf,
  drawAxes,
  drawColourBar,
  drawScaleBar,
  FRAME_COLOURS,
  type FrameStyle,
  type Rect,
} from '../render/axes2d.ts';
import { sizeDrawingBuffer } from './canvasOverMap.ts';

/** What {@link installAxesLayer} returns, for the tests and the export. */
export interface AxesLayer {
  /** The layer's canvas. */
  canvas: HTMLCanvasElement;
  /** Redraw now. */
  draw(): void;
  /** The plot rectangle drawn around at the last draw, in CSS pixels of the page, or null. */
  plot(): Rect | null;
}

/** The frame style of the current theme at `unit` canvas pixels per CSS pixel. */
export function frameStyle(theme: 'dark' | 'light', unit: number): FrameStyle {
  return { unit, ...FRAME_COLOURS[theme] };
}

/** Install the layer in the map's stage (or beside the map canvas); `docked()` says which layout applies. */
export function installAxesLayer(app: App, docked: () => boolean): AxesLayer {
  const map = app.renderer.canvas;
  const stage = document.getElementById('stage') ?? map.parentElement ?? document.body;
  const canvas = document.createElement('canvas');
  canvas.className = 'axes-layer';
  canvas.setAttribute('aria-hidden', 'true');
  stage.append(canvas);
  let last: Rect | null = null;
  // What the last picture was drawn from: a frame of new weights (live training) mostly changes none of
  // it, and repainting the same axes at every frame would only keep the compositor busy.
  let pictureKey = '';
  const paint = (force: boolean) => {
    const box = canvas.getBoundingClientRect();
    const { width: w, height: h, dpr } = sizeDrawingBuffer(canvas, box.width, box.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const s = app.state;
    const shown = s.views.kind === 'map' && map.style.visibility !== 'hidden';
    canvas.hidden = !shown;
    const r = map.getBoundingClientRect();
    last = { x: r.left, y: r.top, width: r.width, height: r.height };
    const v0 = s.view;
    const key = JSON.stringify([
      [w, h, dpr, box.left, box.top, r.left, r.top, r.width, r.height, shown, docked()],
      [v0.x0, v0.x1, v0.y0, v0.y1, s.look, s.mode, s.output, s.lcRadius, s.lcUnits],
      [app.net.layers[app.net.layers.length - 1]!.outDim, app.display().range],
    ]);
    if (!force && key === pictureKey) return;
    pictureKey = key;
    ctx.clearRect(0, 0, w, h);
    if (!shown || r.width <= 0 || r.height <= 0) return;
    const plot: Rect = {
      x: Math.round((r.left - box.left) * dpr),
      y: Math.round((r.top - box.top) * dpr),
      width: Math.round(r.width * dpr),
      height: Math.round(r.height * dpr),
    };
    const style = frameStyle(s.look.theme, dpr);
    const outside = docked();
    const v = s.view;
    if (s.look.axes) drawAxes(ctx, plot, v, style, outside);
    const nOut = app.net.layers[app.net.layers.length - 1]!.outDim;
    const argmax = s.output < 0 && nOut > 1;
    const bar = colourBarOf(
      s.mode,
      app.display().range,
      s.output,
      argmax,
      nOut,
      {
        radius: s.lcRadius,
        units: s.lcUnits,
      },
      s.look.palette,
    );
    // What the bar says, for readers of the page that do not see the canvas (and for tests).
    canvas.dataset.colourBar = bar.kind === 'classes' ? `${bar.title}: ${bar.count} classes` : bar.title;
    if (s.look.colourBar) drawColourBar(ctx, plot, bar, style, outside);
    if (s.look.scaleBar) drawScaleBar(ctx, plot, v, style);
  };
  const draw = () => paint(true);
  const redraw = () => paint(false);
  app.on('changed', redraw);
  app.on('drawn', redraw);
  window.addEventListener('resize', draw);
  if (typeof ResizeObserver !== 'undefined') new ResizeObserver(draw).observe(canvas);
  draw();
  return { canvas, draw, plot: () => last };
}
