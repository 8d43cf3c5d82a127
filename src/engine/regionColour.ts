/**
 * The colour of a region in the regions and layer modes, from its pattern hash: the one definition that
 * shaders/palette.glsl mirrors on the GPU, src/render/palette.ts re-exports for the map and the views, and
 * the SVG export (io/svg.ts) uses for the exact polygons, so a region has the same colour everywhere.
 */

/** Bits of the pattern hash that colour a region (the low 14 bits of the hash's low word). */
export const REGION_ID_MASK = 0x3fff;

/** Colour of a region from its 14-bit id; writes [r, g, b] bytes into `out` at `at`. */
export function regionColour(id: number, out: Uint8Array | Uint8ClampedArray, at = 0): void {
  out[at] = 70 + Math.floor(((id & 31) * 160) / 31);
  out[at + 1] = 70 + Math.floor((((id >>> 5) & 31) * 160) / 31);
  out[at + 2] = 70 + Math.floor((((id >>> 10) & 15) * 160) / 15);
}

/**
 * The colour of the region whose pattern hash has low word `hashLo`, as `#rrggbb` (only the bits of
 * {@link REGION_ID_MASK} count, as on the map).
 */
export function regionHex(hashLo: number): string {
  const c = new Uint8Array(3);
  regionColour(hashLo & REGION_ID_MASK, c);
  return `#${[c[0]!, c[1]!, c[2]!].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}
