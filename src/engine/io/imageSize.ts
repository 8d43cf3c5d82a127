/**
 * The sizes of region-map images that can be exported, shared by the explorer's PNG export and the CLI's
 * `render` command so that both accept and refuse the same sizes with the same message.
 */

/** The largest side accepted (pixels): 2^20; the memory of the output is the practical bound. */
export const MAX_EXPORT_SIDE = 2 ** 20;

/**
 * A problem with the requested size, or null when width x height can be exported: each side must be a whole
 * number of pixels from 1 to {@link MAX_EXPORT_SIDE}; NaN, fractions, 0 and negatives name the side at fault.
 */
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
