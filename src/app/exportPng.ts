/** The PNG export of the map: its line widths scaled with the image, plain or framed (exportFrame.ts). */
import type { DisplayOptions, MapRenderer } from '../render/mapRenderer.ts';
import { exportLineWidth } from '../state/look.ts';
import { exportFramedPng, frameLayout } from './exportFrame.ts';
import { type ExportOptions, type ExportResult, exportRegionMapPng } from './exportImage.ts';

/**
 * Export `renderer`'s view in `display` as a PNG of `options` (framed when `options.frame` is set). Lines
 * keep their share of the picture: `lineWidthCss` CSS pixels times the map's pixels per CSS pixel of the
 * canvas (state/look.ts exportLineWidth); a framed export measures its plot, not the whole image.
 */
export function exportPngOf(
  renderer: MapRenderer,
  display: DisplayOptions,
  options: ExportOptions,
  lineWidthCss: number,
): Promise<ExportResult> {
  const d = { ...display };
  const f = options.frame;
  const laid = f ? frameLayout(options.width, options.height, f) : null;
  const [mw, mh] =
    laid && typeof laid !== 'string' ? [laid.plot.width, laid.plot.height] : [options.width, options.height];
  const c = renderer.canvas;
  d.lineWidth =
    options.lineScale !== undefined && options.lineScale > 0
      ? lineWidthCss * options.lineScale
      : exportLineWidth(lineWidthCss, mw, mh, c.clientWidth, c.clientHeight);
  return f ? exportFramedPng(renderer, d, options, f) : exportRegionMapPng(renderer, d, options);
}
