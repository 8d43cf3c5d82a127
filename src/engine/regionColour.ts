/**
 * The colour of a region in the regions and layer modes, from its pattern hash: the one definition (through
 * colourMaps.ts) that the GPU's composite shader mirrors, src/render/palette.ts re-exports for the map and the
 * views, and the SVG export (io/svg.ts) uses for the exact polygons, so a region has the same colour everywhere.
 */
import { type PaletteName, paletteRegionColour } from './colourMaps.ts';

/** Bits of the pattern hash that colour a region (the low 14 bits of the hash's low word). */
export const REGION_ID_MASK = 0x3fff;

/** Colour of a region from its 14-bit id in `palette` (default: 'default'); writes [r, g, b] bytes into `out` at `at`. */
export function regionColour(
  id: number,
  out: Uint8Array | Uint8ClampedArray,
  at = 0,
  palette: PaletteName = 'default',
): void {
  paletteRegionColour(palette, id, out, at);
}

/**
 * The colour of the region whose pattern hash has low word `hashLo`, as `#rrggbb` (only the bits of
 * {@link REGION_ID_MASK} count, as on the map), in `palette` (default: 'default').
 */
export function regionHex(hashLo: number, palette: PaletteName = 'default'): string {
  const c = new Uint8Array(3);
  regionColour(hashLo & REGION_ID_MASK, c, 0, palette);
  return `#${[c[0]!, c[1]!, c[2]!].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}
