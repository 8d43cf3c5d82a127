/**
 * Tiling of a pass: scissor boxes that cover a width x height target exactly once, each costing at most
 * `macsPerDraw` multiply-adds (but at least 64 pixels), so that no single draw call runs long enough for a
 * software rasteriser's watchdog to lose the context.
 */

/** A scissor box in pixels (origin bottom-left, as GL has it). */
export interface Box {
  /** Left column. */
  x: number;
  /** Bottom row. */
  y: number;
  /** Width in pixels (>= 1). */
  width: number;
  /** Height in pixels (>= 1). */
  height: number;
}

/**
 * Boxes of at most `pixelsPerBox` pixels, row by row (rows of boxes of equal height, the last row and column
 * possibly smaller). `macsPerPixel` below 1 counts as 1. For an empty target (width or height < 1), no boxes.
 */
export function tileBoxes(
  width: number,
  height: number,
  macsPerPixel: number,
  macsPerDraw: number,
): { boxes: Box[]; pixelsPerBox: number } {
  const pixels = Math.max(64, Math.floor(macsPerDraw / Math.max(1, macsPerPixel)));
  const tw = Math.max(1, Math.min(width, pixels));
  const th = Math.max(1, Math.min(height, Math.floor(pixels / tw)));
  const boxes: Box[] = [];
  for (let y = 0; y < height; y += th) {
    for (let x = 0; x < width; x += tw) {
      boxes.push({ x, y, width: Math.min(tw, width - x), height: Math.min(th, height - y) });
    }
  }
  return { boxes, pixelsPerBox: tw * th };
}
