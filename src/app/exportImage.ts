/**
 * Huge region maps as PNG: the image is drawn in parts (each a few draw calls, so no GPU watchdog fires and
 * the page stays responsive), parts are gathered into bands of full rows, and each band is compressed
 * into a streaming PNG at once. Memory is one band plus the compressed output, so 16384 x 16384 and larger
 * images are bounded by the size of the PNG, not of the pixels. Progress is reported after every part;
 * an AbortSignal cancels between parts.
 */
import { PngWriter } from '../engine/io/png.ts';
import type { DisplayOptions, Renderer } from '../render/renderer.ts';

/** The largest side accepted (pixels): 2^20; the memory of the output is the practical bound. */
export const MAX_EXPORT_SIDE = 2 ** 20;

/** Multiply-adds per part: about 0.1 s on SwiftShader, a few milliseconds on a desktop GPU. */
export const MACS_PER_PART = 2 ** 28;

/** Progress of an export, reported after each part. */
export interface ExportProgress {
  /** Pixels drawn so far. */
  pixelsDone: number;
  /** Pixels of the image. */
  pixels: number;
  /** Parts drawn so far. */
  partsDone: number;
  /** Parts in all. */
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
  /** Image height in pixels (1 to MAX_EXPORT_SIDE). */
  height: number;
  /** Part width; default from the network's cost and the device's texture size. */
  partWidth?: number;
  /** Part height; default from the network's cost. */
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
}

/** What an export produced. */
export interface ExportResult {
  width: number;
  height: number;
  /** Size of the PNG in bytes. */
  bytes: number;
  /** Parts drawn (each a separate readback). */
  parts: number;
  partWidth: number;
  partHeight: number;
  /** Wall-clock seconds. */
  seconds: number;
}

/** A problem with the requested size, or null when width x height can be exported. */
export function exportSizeError(width: number, height: number): string | null {
  for (const [name, v] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(v) || v < 1 || v > MAX_EXPORT_SIDE) {
      return `the image ${name} must be a whole number of pixels from 1 to ${MAX_EXPORT_SIDE}, not ${v}`;
    }
  }
  return null;
}

/**
 * The part size for an image of width x height: as wide as the device allows (at most 4096 columns plus
 * the one-pixel margin), then as many rows as keep a part near `macsPerPart` multiply-adds (at least 8 and
 * at most 1024 rows), narrower only when even 8 rows would cost more.
 */
export function partSize(
  width: number,
  height: number,
  macsPerPixel: number,
  maxTextureSize: number,
  macsPerPart = MACS_PER_PART,
): { partWidth: number; partHeight: number } {
  const pixels = Math.max(64, Math.floor(macsPerPart / Math.max(1, macsPerPixel)));
  const side = Math.max(1, Math.min(4096, maxTextureSize - 1));
  let partWidth = Math.min(width, side);
  const partHeight = Math.min(height, side, 1024, Math.max(8, Math.floor(pixels / partWidth)));
  if (partWidth * partHeight > pixels)
    partWidth = Math.min(partWidth, Math.max(64, Math.floor(pixels / partHeight)));
  return { partWidth, partHeight };
}

/** Wait for the event loop (a macrotask), so that input events and the cancel button get through. */
function yieldToPage(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function abortError(): Error {
  return Object.assign(new Error('the export was cancelled'), { name: 'AbortError' });
}

/**
 * Draw the current view of `renderer` as a width x height PNG with `display`'s colours, streaming the file
 * into `options.sink`. Rejects with a message for a bad size, a lost context or a GL error, and with an
 * AbortError when `options.signal` aborts. The renderer's view and network must not change meanwhile
 * (the caller holds them).
 */
export async function exportRegionMapPng(
  renderer: Renderer,
  display: DisplayOptions,
  options: ExportOptions,
): Promise<ExportResult> {
  const { width, height, signal } = options;
  const sizeError = exportSizeError(width, height);
  if (sizeError) throw new Error(sizeError);
  const limit = renderer.limits.maxTextureSize;
  const auto = partSize(width, height, renderer.displayMacsPerPixel(display), limit);
  const partWidth = Math.min(width, limit - 1, Math.max(1, Math.floor(options.partWidth ?? auto.partWidth)));
  const partHeight = Math.min(
    height,
    limit - 1,
    Math.max(1, Math.floor(options.partHeight ?? auto.partHeight)),
  );
  const cols = Math.ceil(width / partWidth);
  const parts = cols * Math.ceil(height / partHeight);
  const blockBytes = Math.max(1, options.blockBytes ?? 4 * 2 ** 20);
  const started = performance.now();

  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (pendingBytes === 0) return;
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
  const png = new PngWriter(
    width,
    height,
    (b) => {
      pending.push(b);
      pendingBytes += b.length;
    },
    options.level ?? 2,
  );

  const band = new Uint8Array(width * Math.min(partHeight, height) * 4);
  let part: Uint8Array | null = null;
  let partsDone = 0;
  for (let y = 0; y < height; y += partHeight) {
    const rows = Math.min(partHeight, height - y);
    for (let c = 0; c < cols; c++) {
      if (signal?.aborted) throw abortError();
      const x = c * partWidth;
      const w = Math.min(partWidth, width - x);
      part = renderer.renderImagePart(display, width, height, x, y, w, rows, part);
      const err = renderer.glError();
      if (!part || err)
        throw new Error(
          `the GPU could not draw part ${partsDone + 1} of ${parts}: ${err ?? 'no network or view'}`,
        );
      for (let j = 0; j < rows; j++) {
        band.set(part.subarray(j * w * 4, (j + 1) * w * 4), (j * width + x) * 4);
      }
      partsDone++;
      options.onProgress?.({
        pixelsDone: y * width + rows * (x + w),
        pixels: width * height,
        partsDone,
        parts,
        bytes: png.bytesOut,
        seconds: (performance.now() - started) / 1000,
      });
      await yieldToPage();
    }
    png.writeRows(band, rows);
    if (pendingBytes >= blockBytes) await flush();
  }
  png.finish();
  await flush();
  return {
    width,
    height,
    bytes: png.bytesOut,
    parts,
    partWidth,
    partHeight,
    seconds: (performance.now() - started) / 1000,
  };
}
