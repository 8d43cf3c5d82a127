/**
 * The frame of an exported PNG from the API's request and the app's state: the view, the theme, and the
 * colour bar of the colour mode with the map's range (so that the file's bar matches the screen's).
 */
import { colourBarOf } from '../render/axes2d.ts';
import type { App } from './app.ts';
import type { ExportFrame } from './exportFrame.ts';

/** What of a request asks for a frame; absent fields are off. */
export interface FrameRequest {
  /** Axes with ticks. */
  axes?: boolean;
  /** The colour bar. */
  colourBar?: boolean;
  /** A scale bar. */
  scaleBar?: boolean;
  /** A caption under the map. */
  caption?: string;
  /** The HUD's text: true for the page's #hud element, or the text itself. */
  hud?: boolean | string;
}

/** The frame `request` asks for in `app`'s current state, or null when it asks for none (a plain map). */
export function exportFrameOf(app: App, request: FrameRequest): ExportFrame | null {
  const hud =
    typeof request.hud === 'string'
      ? request.hud
      : request.hud
        ? (globalThis.document?.getElementById('hud')?.textContent ?? '')
        : '';
  const caption = request.caption ?? '';
  if (!request.axes && !request.colourBar && !request.scaleBar && !caption && !hud) return null;
  const s = app.state;
  const nOut = app.net.layers[app.net.layers.length - 1]!.outDim;
  const bar = request.colourBar
    ? colourBarOf(
        s.mode,
        app.display().range,
        s.output,
        s.output < 0 && nOut > 1,
        nOut,
        {
          radius: s.lcRadius,
          units: s.lcUnits,
        },
        s.look.palette,
      )
    : null;
  const v = s.view;
  return {
    view: { x0: v.x0, x1: v.x1, y0: v.y0, y1: v.y1 },
    theme: s.look.theme,
    axes: request.axes === true,
    colourBar: bar,
    scaleBar: request.scaleBar === true,
    caption,
    hud,
  };
}
