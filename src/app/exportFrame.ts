/**
 * A PNG of the map with its frame: axes, colour bar, scale bar, a caption and the HUD's text, each
 * optional. The renderer draws the map into the plot rectangle (in parts, as exportImage.ts does); a 2-D
 * canvas of one band of rows composes each band: the margins' background, the map's pixels (unchanged),
 * then the frame drawn with src/render/axes2d.ts shifted to the band. Memory stays one band, so framed
 * images are as large as plain ones. The plot rectangle keeps the view's aspect (square pixels) and is
 * returned in the result, so that a test can compare the pixels inside it with the engine's picture.
 */
import {
  type ColourBar,
  drawAxes,
  drawColourBar,
  drawScaleBar,
  FRAME_COLOURS,
  type FrameStyle,
  frameMargins,
  type PlaneWindow,
  type Rect,
  scaleBarLayout,
} from '../render/axes2d.ts';
import type { DisplayOptions } from '../render/mapRenderer.ts';
import {
  BAND_BYTES,
  type ExportOptions,
  type ExportRenderer,
  type ExportResult,
  exportSizeError,
  pngStream,
  renderMapRows,
} from './exportImage.ts';

/** What the frame of an exported image shows. */
export interface ExportFrame {
  /** The plane window drawn (the view). */
  view: PlaneWindow;
  /** The theme of the margins and text. */
  theme: 'dark' | 'light';
  /** Axes with ticks and labels. */
  axes: boolean;
  /** The colour bar, or null for none. */
  colourBar: ColourBar | null;
  /** A scale bar inside the plot. */
  scaleBar: boolean;
  /** A line of text under the plot ('' for none). */
  caption: string;
  /** Lines of text above the plot (the HUD's; '' for none). */
  hud: string;
}

/** Where the parts of a framed image lie (image pixels). */
export interface FrameLayout {
  /** The map's rectangle: its pixels are the renderer's picture of the view at this size. */
  plot: Rect;
  /** The scale bar's box inside the plot (drawn over the map), or null. */
  scaleBar: Rect | null;
  /** Canvas pixels per CSS pixel of the frame's text and lines. */
  unit: number;
}

/**
 * The layout of a width x height framed image of `frame`: margins scaled with the image (a unit of
 * min(width, height) / 640, at least 1), and the largest rectangle with the view's aspect inside them,
 * centred. Returns an error message when nothing is left for the map.
 */
export function frameLayout(width: number, height: number, frame: ExportFrame): FrameLayout | string {
  const unit = Math.max(1, Math.min(width, height) / 640);
  const m = frameMargins(frame.axes, frame.colourBar !== null);
  const hudLines = frame.hud ? frame.hud.split('\n').length : 0;
  const left = Math.ceil(m.left * unit);
  const right = Math.ceil(m.right * unit);
  const top = Math.ceil((m.top + (hudLines ? hudLines * 15 + 8 : 0)) * unit);
  const bottom = Math.ceil((m.bottom + (frame.caption ? 22 : 0)) * unit);
  const aw = width - left - right;
  const ah = height - top - bottom;
  const vw = frame.view.x1 - frame.view.x0;
  const vh = frame.view.y1 - frame.view.y0;
  if (aw < 8 || ah < 8 || !(vw > 0) || !(vh > 0))
    return `a ${width} x ${height} image leaves no room for the map inside its axes and labels`;
  const aspect = vw / vh;
  const pw = Math.max(1, Math.min(aw, Math.round(ah * aspect)));
  const ph = Math.max(1, Math.min(ah, Math.round(pw / aspect)));
  const plot = {
    x: left + Math.floor((aw - pw) / 2),
    y: top + Math.floor((ah - ph) / 2),
    width: pw,
    height: ph,
  };
  const bar = frame.scaleBar ? scaleBarLayout(plot, frame.view, unit) : null;
  return { plot, scaleBar: bar ? bar.box : null, unit };
}

/** Draw the frame of `frame` into `ctx` (whose row 0 is image row `y0`). */
function drawFrame(
  ctx: OffscreenCanvasRenderingContext2D,
  layout: FrameLayout,
  frame: ExportFrame,
  style: FrameStyle,
  width: number,
  y0: number,
): void {
  ctx.setTransform(1, 0, 0, 1, 0, -y0);
  const u = layout.unit;
  const p = layout.plot;
  if (frame.axes) drawAxes(ctx, p, frame.view, style, true);
  if (frame.colourBar) drawColourBar(ctx, p, frame.colourBar, style, true);
  if (frame.scaleBar) drawScaleBar(ctx, p, frame.view, style);
  ctx.fillStyle = style.foreground;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  if (frame.hud) {
    ctx.font = `${Math.round(12 * u)}px ui-monospace, monospace`;
    frame.hud.split('\n').forEach((line, i) => {
      ctx.fillText(line, 8 * u, (6 + 15 * i) * u, width - 16 * u);
    });
  }
  if (frame.caption) {
    ctx.font = `${Math.round(13 * u)}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    const y = p.y + p.height + (frameMargins(frame.axes, false).bottom + 20) * u;
    ctx.fillText(frame.caption, width / 2, y, width - 16 * u);
  }
  ctx.setTransform(1, 0, 0, 1, 0, 0);
}

/**
 * Export a width x height PNG of the current view with `frame` (see the file's comment), streaming it into
 * `options.sink`. Resolves with the export's figures and its layout; rejects like exportRegionMapPng, or
 * with a message when the image is too small for its frame or a 2-D canvas cannot be made.
 */
export async function exportFramedPng(
  renderer: ExportRenderer,
  display: DisplayOptions,
  options: ExportOptions,
  frame: ExportFrame,
): Promise<ExportResult & { layout: FrameLayout }> {
  const { width, height } = options;
  const sizeError = exportSizeError(width, height);
  if (sizeError) throw new Error(sizeError);
  const layout = frameLayout(width, height, frame);
  if (typeof layout === 'string') throw new Error(layout);
  const started = performance.now();
  const bandRows = Math.max(1, Math.min(height, Math.floor(BAND_BYTES / (width * 4))));
  const canvas = new OffscreenCanvas(width, bandRows);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('the browser could not make a 2-D canvas to compose the image');
  const style: FrameStyle = { unit: layout.unit, ...FRAME_COLOURS[frame.theme] };
  const { png, flush } = pngStream(width, height, options);
  const p = layout.plot;
  /** Compose and write image rows [y, y + rows), with the map's band (plot rows from p.y) when given. */
  const compose = async (y: number, rows: number, map: Uint8Array | null) => {
    ctx.fillStyle = style.background;
    ctx.fillRect(0, 0, width, rows);
    if (map) {
      const pixels = new Uint8ClampedArray(map.buffer as ArrayBuffer, map.byteOffset, p.width * rows * 4);
      ctx.putImageData(new ImageData(pixels, p.width, rows), p.x, 0);
    }
    drawFrame(ctx, layout, frame, style, width, y);
    const img = ctx.getImageData(0, 0, width, rows);
    png.writeRows(new Uint8Array(img.data.buffer, 0, width * rows * 4), rows);
    await flush();
  };
  for (let y = 0; y < p.y; y += bandRows) await compose(y, Math.min(bandRows, p.y - y), null);
  const parts = await renderMapRows(
    renderer,
    display,
    { ...options, width: p.width, height: p.height },
    async (band, y, rows) => {
      for (let k = 0; k < rows; k += bandRows) {
        const n = Math.min(bandRows, rows - k);
        await compose(p.y + y + k, n, band.subarray(k * p.width * 4, (k + n) * p.width * 4));
      }
    },
    () => png.bytesOut,
  );
  for (let y = p.y + p.height; y < height; y += bandRows)
    await compose(y, Math.min(bandRows, height - y), null);
  png.finish();
  await flush(true);
  return {
    width,
    height,
    bytes: png.bytesOut,
    ...parts,
    seconds: (performance.now() - started) / 1000,
    layout,
  };
}
