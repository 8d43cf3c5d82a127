/**
 * The surface's facet shaders follow the map's palette: the generated GLSL holds the chosen palette's tables
 * (the cvd region table, its class and diverging tables), the same text the map's composite gets.
 */
import { describe, expect, it } from 'vitest';
import {
  CLASS_TABLES,
  CVD_REGION_TABLE,
  DIVERGING_TABLES,
  type PaletteName,
} from '../../src/engine/colourMaps.ts';
import { paletteGlsl } from '../../src/render/palette.ts';
import { surfaceShaders } from '../../src/views/surface.ts';

const vec3 = (c: readonly number[]) => `vec3(${c[0]}.0, ${c[1]}.0, ${c[2]}.0)`;

describe('surface palette', () => {
  it('includes the cvd tables when cvd is chosen, and the default ones otherwise', () => {
    const cvd = surfaceShaders('regions', 'cvd').frag;
    const def = surfaceShaders('regions').frag;
    expect(cvd).toContain(paletteGlsl('cvd'));
    expect(def).toContain(paletteGlsl('default'));
    // The cvd region table: all 21 colours, in order, and the modulus of the id.
    const row = CVD_REGION_TABLE.map(vec3).join(', ');
    expect(CVD_REGION_TABLE.length).toBe(21);
    expect(cvd).toContain(`const vec3 REGION_TABLE[21] = vec3[21](${row});`);
    expect(cvd).toContain('id % 21u');
    expect(def).not.toContain('REGION_TABLE');
    for (const p of ['default', 'cvd'] as PaletteName[]) {
      const f = surfaceShaders('classes', p).frag;
      expect(f).toContain(
        `CLASS_TABLE[${CLASS_TABLES[p].length}] = vec3[${CLASS_TABLES[p].length}](${CLASS_TABLES[p].map(vec3).join(', ')})`,
      );
      expect(f).toContain(`DIVERGING_TABLE[11] = vec3[11](${DIVERGING_TABLES[p].map(vec3).join(', ')})`);
      // The argmax mode colours with the palette's classColour, not a fixed uniform table.
      expect(f).toContain('classColour(best)');
      expect(f).not.toContain('uClassColours');
    }
    // The palettes differ where it matters: cvd's class colours are not the default's.
    expect(CLASS_TABLES.cvd.map(vec3).join()).not.toBe(CLASS_TABLES.default.map(vec3).join());
    expect(surfaceShaders('output', 'cvd').frag).toContain('#define MODE 2');
  });
});
