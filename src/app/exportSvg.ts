/**
 * The SVG export of the view (`reluOrigami.exportSvg`, the export panel): the exact region polygons of the
 * current view, asked of the regions service as a `count` job (shared with any other asker of the same
 * job, remembered for the next export of the view), written by the engine's SVG writer (engine/io/svg.ts)
 * with the map's colours.
 */

import { regionsSvg, svgRegionsOf, svgSizeError } from '../engine/io/svg.ts';
import { REGION_CAP } from '../engine/limits.ts';
import type { App } from './app.ts';
import { viewWindow } from './network.ts';

/** Options of {@link exportSvg}; every field is optional. */
export interface SvgExportRequest {
  /** Width of the plot area in pixels (default: the canvas's); the axes' margins are added around it. */
  width?: number;
  /** Height of the plot area in pixels (default: the canvas's). */
  height?: number;
  /** Draw axes with ticks and labels (default true). */
  axes?: boolean;
  /** Draw the region boundaries (default: as the map does). */
  boundaries?: boolean;
  /** A title above the plot (default none). */
  title?: string;
  /** Give up when the view has more regions than this (default 20,000). */
  maxRegions?: number;
}

/**
 * The SVG of `app`'s view. In the layer mode the regions are those after the first k layers, coloured as
 * the map colours them; in the other modes the regions of the whole network in the colours of the regions
 * mode (the gradient and output modes colour pixels, not regions). Rejects with a message on a bad option,
 * a view with more than `maxRegions` regions, or a failed enumeration.
 */
export async function exportSvg(app: App, request: SvgExportRequest = {}): Promise<string> {
  const width = request.width ?? app.renderer.canvas.width;
  const height = request.height ?? app.renderer.canvas.height;
  const sizeError = svgSizeError(width, height);
  if (sizeError) throw new Error(`exportSvg: ${sizeError}`);
  const maxRegions = request.maxRegions ?? REGION_CAP;
  if (!Number.isInteger(maxRegions) || maxRegions < 1)
    throw new Error(`exportSvg: maxRegions must be a positive integer, not ${maxRegions}`);
  const s = app.state;
  const net = app.net;
  const layers = s.mode === 'layer' ? Math.min(s.layer, net.layers.length) : net.layers.length;
  const window = viewWindow(net, s.view);
  const a = await app.regions.ask(net, window, {
    kind: 'count',
    layers,
    maxRegions,
    maxPolygons: maxRegions,
  });
  if (!a.complete) throw new Error(`exportSvg: more than ${maxRegions} regions in view (zoom in)`);
  return regionsSvg({
    width,
    height,
    view: window,
    regions: svgRegionsOf(a.polygons, a.hashes, app.state.look.palette),
    boundaries: request.boundaries ?? s.boundaries,
    axes: request.axes ?? true,
    ...(request.title !== undefined ? { title: String(request.title) } : {}),
  });
}
