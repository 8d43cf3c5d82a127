import { describe, expect, it } from 'vitest';
import { defaultState } from '../../src/state/appState.ts';
import { decodeHash, encodeHash } from '../../src/state/hash.ts';
import { exportLineWidth, linePixels, MAX_LINE_PIXELS } from '../../src/state/look.ts';

describe('the look in the URL hash: palette and line width', () => {
  it('writes them only when not the default, and reads them back', () => {
    const s = defaultState();
    expect(encodeHash(s)).not.toMatch(/pal=|lw=/);
    s.look.palette = 'cvd';
    s.look.lineWidth = 2.5;
    const h = encodeHash(s);
    expect(h).toContain('pal=cvd');
    expect(h).toContain('lw=2.5');
    const d = decodeHash(h);
    expect(d.errors).toEqual([]);
    expect(d.state.look).toEqual(s.look);
  });

  it('refuses a bad palette or width by field and keeps the default', () => {
    const d = decodeHash('#pal=rainbow&lw=20');
    expect(d.errors.length).toBe(2);
    expect(d.errors.find((e) => e.includes('pal'))).toMatch(/default or cvd/);
    expect(d.errors.find((e) => e.includes('lw'))).toMatch(/0\.5 to 8/);
    expect(d.state.look.palette).toBe('default');
    expect(d.state.look.lineWidth).toBe(1.5);
    for (const bad of ['lw=', 'lw=abc', 'lw=0.4', 'lw=Infinity'])
      expect(decodeHash(`#${bad}`).errors, bad).toHaveLength(1);
  });
});

describe('line widths of exported images', () => {
  it('scales lw by the export pixels per CSS pixel of the canvas, then rounds and clamps', () => {
    // A 4096 x 3072 export of an 800 x 600 CSS canvas: 5.12 image pixels per CSS pixel.
    expect(exportLineWidth(1.5, 4096, 3072, 800, 600)).toBeCloseTo(7.68, 12);
    expect(linePixels(exportLineWidth(1.5, 4096, 3072, 800, 600))).toBe(8);
    expect(linePixels(exportLineWidth(1, 1600, 1200, 800, 600))).toBe(2);
    // Another aspect than the canvas's: the smaller ratio (the picture is fitted, not stretched).
    expect(exportLineWidth(2, 1000, 3000, 500, 500)).toBe(4);
    // Wider than the composite draws: clamped; a canvas without a size: the CSS width as device pixels.
    expect(linePixels(exportLineWidth(4, 16384, 16384, 800, 800))).toBe(MAX_LINE_PIXELS);
    expect(exportLineWidth(3, 4096, 4096, 0, 0)).toBe(3);
    expect(linePixels(exportLineWidth(1.5, 100, 100, 800, 800))).toBe(1);
  });
});
