/**
 * Huge region maps as PNG: the image is drawn in parts (each a few draw calls, so no GPU watchdog fires and
 * the page stays responsive), parts are gathered into bands of full rows, and each band is compressed
 * into a streaming PNG at once. Memory is one band plus the compressed output, so 16384 x 16384 and larger
 * images are bounded by the size of the PNG, not of the pixels. Progress is reported after every part;
 * an AbortSignal cancels between parts.
 */
import { exportSizeError, MAX_EXPORT_SIDE } from '../engine/io/imageSize.ts';
import { PngWriter } from '../engine/io/png.ts';
import type { DisplayOptions, MapRenderer } from '../render/mapRenderer.ts';
import type { ExportFrame, FrameLayout } from './exportFrame.ts';

/** What the export needs of a renderer: its limits, the cost of a pixel, image parts and errors. */
export type ExportRenderer = Pick<
  MapRenderer,
  'limits' | 'displayMacsPerPixel' | 'renderImagePart' | 'glError'
>;

/** The export's size limits, defined with the CLI's in the engine (src/engine/io/imageSize.ts). */
export { exportSizeError, MAX_EXPORT_SIDE };

/** Target time of one part (ms): the page stays responsive and Cancel acts within about this long. */
export const PART_MS = 60;

/** Multiply-adds of the first part, before the device's speed is known (a few ms on a GPU). */
export const FIRST_PART_MACS = 2 ** 24;

/** Progress of an export, reported after each part. */
export interface ExportProgress {
  /** Pixels drawn so far. */
  pixelsDone: number;
  /** Pixels of the image. */
  pixels: number;
  /** Parts drawn so far. */
  partsDone: number;
  /** Parts in all: exact with a fixed part size, otherwise an estimate from the parts' current size. */
  parts: number;
  /** Compressed bytes produced so far. */
  bytes: number;
  /** Seconds since the start. */
  seconds: number;
}

/** What {@link exportRegionMapPng} is asked to draw. */
export interface ExportOptions {
  /** Image width in pixels (1 to MAX_EXPORT_SIDE). */
  width: number;
  /**
   * Device pixels per CSS pixel of the look's line width in the image; by default the image's pixels per CSS
   * pixel of the canvas (so lines keep their share of the picture). The command line passes 1.
   */
  lineScale?: number;
  /** Image height in pixels (1 to MAX_EXPORT_SIDE). */
  height: number;
  /**
   * Fixed part width and height (both or neither). By default parts are sized as the export goes, so that
   * each takes about PART_MS (see {@link nextPartSize}).
   */
  partWidth?: number;
  /** Fixed part height (see partWidth). */
  partHeight?: number;
  /** PNG compression level (0 to 9, default 2). */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  /** Called after each part. */
  onProgress?: (p: ExportProgress) => void;
  /** Cancels the export between parts: the promise rejects with an AbortError. */
  signal?: AbortSignal;
  /**
   * Receives the PNG's bytes in order, gathered into blocks of at least `blockBytes` (the last may be
   * smaller); may return a promise (the export waits for it).
   */
  sink: (bytes: Uint8Array) => void | Promise<void>;
  /** Bytes per block given to `sink` (default 4 MiB). */
  blockBytes?: number;
  /** Axes, colour bar, scale bar, caption and HUD around the map (exportFrame.ts); none by default. */
  frame?: ExportFrame;
}

/** What an export produced. */
export interface ExportResult {
  width: number;
  height: number;
  /** Size of the PNG in bytes. */
  bytes: number;
  /** Parts drawn (each a separate readback). */
  parts: number;
  /** Largest part width used. */
  partWidth: number;
  /** Largest part height used. */
  partHeight: number;
  /** Wall-clock seconds. */
  seconds: number;
  /** Where the map and the frame lie, for a framed export. */
  layout?: FrameLayout;
}

/** Memory of one band of full rows (RGBA bytes): bands are cut to fit, whatever the width. */
export const BAND_BYTES = 64 * 2 ** 20;

/**
 * The size of the next band's parts: about `macs` multiply-adds each, about four times as wide as high
 * (a squarer part wastes less on its one-pixel margin than a few full-width rows), at most `maxSide` (and
 * 4096) wide and 1024 rows high, at least 64 columns (or the image width) and one row.
 */
export function nextPartSize(
  width: number,
  rowsLeft: number,
  macsPerPixel: number,
  macs: number,
  maxSide: number,
): { partWidth: number; partHeight: number } {
  const pixels = Math.max(1, Math.floor(macs / Math.max(1, macsPerPixel)));
  const side = Math.max(1, Math.min(4096, maxSide));
  const partWidth = Math.min(width, side, Math.max(64, Math.round(Math.sqrt(4 * pixels))));
  const partHeight = Math.max(1, Math.min(rowsLeft, side, 1024, Math.floor(pixels / partWidth)));
  return { partWidth, partHeight };
}

/** Wait for the event loop (a macrotask), so that input events and the cancel button get through. */
function yieldToPage(): Promise<void> {
  // A message, not setTimeout: nested timeouts are clamped to 4 ms, which thousands of parts would add up.
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

function abortError(): Error {
  return Object.assign(new Error('the export was cancelled'), { name: 'AbortError' });
}

/** Where {@link renderMapRows} delivers the image: bands of full rows, top first. */
export type RowSink = (band: Uint8Array, y: number, rows: number) => void | Promise<void>;

/**
 * Draw the current view of `renderer` as a width x height image in parts and hand it to `rows` in bands
 * of full rows (RGBA bytes, `rows` rows of `width` pixels from row `y`; the array is reused). Reports
 * progress and honours the signal of `options`; rejects like {@link exportRegionMapPng}.
 */
export async function renderMapRows(
  renderer: ExportRenderer,
  display: DisplayOptions,
  options: Omit<ExportOptions, 'sink'>,
  rowsOut: RowSink,
  bytesOut: () => number = () => 0,
): Promise<Pick<ExportResult, 'parts' | 'partWidth' | 'partHeight'>> {
  const { width, height, signal } = options;
  const sizeError = exportSizeError(width, height);
  if (sizeError) throw new Error(sizeError);
  const maxSide = renderer.limits.maxTextureSize - 1; // a part plus its one-pixel margin
  const perPixel = renderer.displayMacsPerPixel(display);
  const fixed =
    options.partWidth !== undefined && options.partHeight !== undefined
      ? {
          partWidth: Math.min(width, maxSide, Math.max(1, Math.floor(options.partWidth))),
          partHeight: Math.min(height, maxSide, Math.max(1, Math.floor(options.partHeight))),
        }
      : null;
  const started = performance.now();
  let band = new Uint8Array(0);
  let part: Uint8Array | null = null;
  let partsDone = 0;
  let maxW = 0;
  let maxH = 0;
  let macs = FIRST_PART_MACS;
  const bandRows = Math.max(1, Math.floor(BAND_BYTES / (width * 4)));
  for (let y = 0; y < height; ) {
    const size = fixed ?? nextPartSize(width, height - y, perPixel, macs, maxSide);
    const rows = Math.min(size.partHeight, height - y, bandRows);
    // The parts of a band all have this size: the next size is learnt from what they cost, within a factor
    // of the band's (a band of many fast parts must not compound its growth).
    const bandMacs = macs;
    const cols = Math.ceil(width / size.partWidth);
    maxW = Math.max(maxW, size.partWidth);
    maxH = Math.max(maxH, rows);
    if (band.length < width * rows * 4) band = new Uint8Array(width * rows * 4);
    for (let c = 0; c < cols; c++) {
      if (signal?.aborted) throw abortError();
      const x = c * size.partWidth;
      const w = Math.min(size.partWidth, width - x);
      const t0 = performance.now();
      part = renderer.renderImagePart({
        display,
        imageWidth: width,
        imageHeight: height,
        x,
        y,
        width: w,
        height: rows,
        out: part,
      });
      const err = renderer.glError();
      if (!part || err) {
        throw new Error(
          `the GPU could not draw part ${partsDone + 1} (rows ${y} to ${y + rows - 1}): ${err ?? 'no network or view'}`,
        );
      }
      // The read waited for the GPU, so this is the part's real cost: aim the next parts at PART_MS, growing
      // slowly (a fast part may be luck on a shared machine) and shrinking fast.
      const ms = Math.max(0.5, performance.now() - t0);
      const aim = (w * rows * perPixel * PART_MS) / ms;
      macs = Math.max(2 ** 16, Math.min(bandMacs * 1.5, Math.max(bandMacs * 0.25, aim)));
      for (let j = 0; j < rows; j++) {
        band.set(part.subarray(j * w * 4, (j + 1) * w * 4), (j * width + x) * 4);
      }
      partsDone++;
      const pixelsDone = y * width + rows * (x + w);
      const partsLeft = ((width * height - pixelsDone) / (size.partWidth * rows)) | 0;
      options.onProgress?.({
        pixelsDone,
        pixels: width * height,
        partsDone,
        parts: fixed
          ? Math.ceil(width / fixed.partWidth) * Math.ceil(height / fixed.partHeight)
          : partsDone + partsLeft,
        bytes: bytesOut(),
        seconds: (performance.now() - started) / 1000,
      });
      await yieldToPage();
    }
    await rowsOut(band, y, rows);
    y += rows;
  }
  if (signal?.aborted) throw abortError();
  return { parts: partsDone, partWidth: maxW, partHeight: maxH };
}

/** A PNG writer whose bytes go to `options.sink` in blocks of at least `options.blockBytes`. */
export function pngStream(
  width: number,
  height: number,
  options: Pick<ExportOptions, 'sink' | 'blockBytes' | 'level'>,
): { png: PngWriter; flush(force?: boolean): Promise<void> } {
  const blockBytes = Math.max(1, options.blockBytes ?? 4 * 2 ** 20);
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const png = new PngWriter(
    width,
    height,
    (b) => {
      pending.push(b);
      pendingBytes += b.length;
    },
    options.level ?? 2,
  );
  const flush = async (force = false) => {
    if (pendingBytes === 0 || (!force && pendingBytes < blockBytes)) return;
    const block = new Uint8Array(pendingBytes);
    let at = 0;
    for (const p of pending) {
      block.set(p, at);
      at += p.length;
    }
    pending = [];
    pendingBytes = 0;
    await options.sink(block);
  };
  return { png, flush };
}

/**
 * Draw the current view of `renderer` as a width x height PNG with `display`'s colours, streaming the file
 * into `options.sink`. Rejects with a message for a bad size, a lost context or a GL error, and with an
 * AbortError when `options.signal` aborts. The renderer's view and network must not change meanwhile
 * (the caller holds them).
 */
export async function exportRegionMapPng(
  renderer: ExportRenderer,
  display: DisplayOptions,
  options: ExportOptions,
): Promise<ExportResult> {
  const { width, height } = options;
  const sizeError = exportSizeError(width, height);
  if (sizeError) throw new Error(sizeError);
  const started = performance.now();
  const { png, flush } = pngStream(width, height, options);
  const parts = await renderMapRows(
    renderer,
    display,
    options,
    async (band, _y, rows) => {
      png.writeRows(band, rows);
      await flush();
    },
    () => png.bytesOut,
  );
  png.finish();
  await flush(true);
  return { width, height, bytes: png.bytesOut, ...parts, seconds: (performance.now() - started) / 1000 };
}
