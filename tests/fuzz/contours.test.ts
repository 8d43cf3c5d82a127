/**
 * Contour spacings too fine for the view are refused with a message in bounded time instead of looping: the
 * level counts are closed forms of an affine f on one region.
 */
import { describe, expect, it } from 'vitest';
import { contourSegments, MAX_CONTOUR_LEVELS } from '../../src/engine/contours.ts';
import { parseModelOrThrow } from '../../src/engine/model.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';

/** f = s - t / 2 + bias on [-3.2, 3.1] x [-1, 1]: f spans (bias - 3.7, bias + 3.6). */
function regionsOf(bias: number) {
  const net = parseModelOrThrow({
    inputDim: 2,
    layers: [{ weights: [[1, -0.5]], bias: [bias], activation: 'linear' }],
  });
  const e = enumerateRegions(net, { x0: -3.2, x1: 3.1, y0: -1, y1: 1 });
  if (typeof e === 'string') throw new Error(e);
  return e.regions;
}

describe('contour level limits', () => {
  const regions = regionsOf(0);

  it('refuses spacing 1e-300 quickly, with the range and a spacing that fits', () => {
    const t0 = performance.now();
    const c = contourSegments(regions, 1e-300);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(c.count).toBe(0);
    expect(c.truncated).toBe(false);
    expect(c.refused).toMatch(/too fine/);
    expect(c.refused).toContain(`at most ${MAX_CONTOUR_LEVELS}`);
    // (3.6 - -3.7) / 10000 = 0.00073.
    expect(c.refused).toContain('f spans [-3.7, 3.6]');
    expect(c.refused).toContain('at least 0.00073 ');
  });

  it('draws exactly maxLevels levels and refuses one level more', () => {
    // Spacing 0.5 over (-3.7, 3.6): the 15 levels -3.5 ... 3.5.
    const ok = contourSegments(regions, 0.5, { maxLevels: 15 });
    expect(ok.refused).toBe('');
    expect(ok.count).toBe(15);
    const no = contourSegments(regions, 0.5, { maxLevels: 14 });
    expect(no.count).toBe(0);
    expect(no.refused).toContain('about 15.0 levels');
  });

  it('refuses level indices past 2^53, where q + 1 rounds to q', () => {
    // f near 1e20 at spacing 1: 8 levels, but their indices are about 1e20.
    const c = contourSegments(regionsOf(1e20), 1);
    expect(c.count).toBe(0);
    expect(c.refused).toContain('past 2^53');
    // The same count of levels near 0 is drawn.
    expect(contourSegments(regions, 1).count).toBe(7);
  });

  it('refuses an overflowing level index (range / spacing = Infinity)', () => {
    const c = contourSegments(regionsOf(1e300), 1e-300);
    expect(c.count).toBe(0);
    expect(c.refused).toContain('too many levels');
  });
});
