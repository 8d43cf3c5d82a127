/**
 * Canvas layers drawn over the map (the data points, the contours and section, the axes): their drawing
 * buffer follows their CSS box times devicePixelRatio, and a layer over the map keeps the map canvas's box.
 * One definition for every layer, so that they stay aligned with the map and with each other.
 */

/** The drawing-buffer size of a layer and the device pixels per CSS pixel it was sized with. */
export interface LayerSize {
  /** Drawing-buffer width and height in device pixels (at least 1). */
  width: number;
  height: number;
  /** Device pixels per CSS pixel (devicePixelRatio, 1 where it is not defined). */
  dpr: number;
}

/**
 * Size `canvas`'s drawing buffer to `cssWidth` x `cssHeight` CSS pixels times devicePixelRatio (rounded, at
 * least 1 x 1; the buffer is left alone when it already has that size, which would clear it). Returns the size.
 */
export function sizeDrawingBuffer(canvas: HTMLCanvasElement, cssWidth: number, cssHeight: number): LayerSize {
  const dpr = globalThis.devicePixelRatio || 1;
  const width = Math.max(1, Math.round(cssWidth * dpr));
  const height = Math.max(1, Math.round(cssHeight * dpr));
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  return { width, height, dpr };
}

/**
 * Lay `canvas` (absolutely positioned, a sibling of `map`) exactly over the map canvas's box, size its
 * drawing buffer to that box times devicePixelRatio and hide it when the map is hidden. Returns the size.
 */
export function fitCanvasOverMap(canvas: HTMLCanvasElement, map: HTMLCanvasElement): LayerSize {
  canvas.style.left = `${map.offsetLeft}px`;
  canvas.style.top = `${map.offsetTop}px`;
  canvas.style.width = `${map.clientWidth}px`;
  canvas.style.height = `${map.clientHeight}px`;
  canvas.hidden = map.hidden || map.style.display === 'none';
  return sizeDrawingBuffer(canvas, map.clientWidth, map.clientHeight);
}
