/**
 * The refusal of a network too large for the device says what fits: widestFitting is the largest uniform
 * hidden width within a parameter budget, checked against the closed-form parameter count on both sides.
 */
import { describe, expect, it } from 'vitest';
import { MAX_RENDER_WIDTH, widestFitting } from '../../src/render/device.ts';

const params = (n: number, hidden: number, w: number, out: number) =>
  hidden === 0 ? n * out + out : n * w + w + (hidden - 1) * (w * w + w) + w * out + out;

describe('widestFitting', () => {
  it('is the largest width within the budget', () => {
    for (const [n, hidden, out, budget] of [
      [2, 8, 1, 1_000_000],
      [784, 3, 10, 4_000_000],
      [2, 1, 1, 1000],
      [3, 255, 4, 50_000_000],
    ] as const) {
      const w = widestFitting(n, hidden, out, budget);
      expect(w).toBeGreaterThan(0);
      expect(params(n, hidden, w, out)).toBeLessThanOrEqual(budget);
      if (w < MAX_RENDER_WIDTH) expect(params(n, hidden, w + 1, out)).toBeGreaterThan(budget);
    }
    // 2-W x8-1 within 1e6: 7W^2 + 11W + 1 <= 1e6 gives W = 377.
    expect(widestFitting(2, 8, 1, 1_000_000)).toBe(377);
  });
  it('is 0 when nothing fits and at most MAX_RENDER_WIDTH', () => {
    expect(widestFitting(1000, 2, 1, 500)).toBe(0);
    expect(widestFitting(2, 1, 1, 1e12)).toBe(MAX_RENDER_WIDTH);
  });
});
