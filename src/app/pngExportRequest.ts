/** The options of the scripting API's PNG export (api.ts, `reluOrigami.exportPng`). */
import type { ExportProgress } from './exportImage.ts';

/** Options of `reluOrigami.exportPng` (api.ts). */
export interface PngExportRequest {
  /** Image width in pixels. */
  width: number;
  /** Image height in pixels. */
  height: number;
  /** Fixed part size, both or neither (default: parts sized to about 60 ms each); small parts test seams. */
  partWidth?: number;
  /** Fixed part height (with partWidth). */
  partHeight?: number;
  /** PNG compression level 0 to 9 (default 2). */
  level?: number;
  /** Receives the file's bytes in order, in blocks; without it the file is returned as a Blob. */
  sink?: (bytes: Uint8Array) => void | Promise<void>;
  /** Called after every part. */
  onProgress?: (p: ExportProgress) => void;
  /** Cancels the export (the promise rejects with an AbortError). */
  signal?: AbortSignal;
  /** Axes with ticks around the map (the image then frames the map; see `layout` in the result). */
  axes?: boolean;
  /** The colour bar of the colour mode above the map. */
  colourBar?: boolean;
  /** A scale bar inside the map. */
  scaleBar?: boolean;
  /** A caption under the map. */
  caption?: string;
  /** Device pixels per CSS pixel of the line width (default: the image's pixels per CSS pixel of the canvas). */
  lineScale?: number;
  /** The HUD's text above the map: true for the page's HUD, or the lines to write. */
  hud?: boolean | string;
}
