import { describe, expect, it } from 'vitest';
import { tileBoxes } from '../../src/render/tiles.ts';

/** Count how many boxes cover each pixel. */
function coverage(width: number, height: number, boxes: ReturnType<typeof tileBoxes>['boxes']): Uint8Array {
  const c = new Uint8Array(width * height);
  for (const b of boxes)
    for (let y = b.y; y < b.y + b.height; y++) for (let x = b.x; x < b.x + b.width; x++) c[y * width + x]!++;
  return c;
}

describe('tileBoxes', () => {
  it('covers the target exactly once with boxes within the budget', () => {
    for (const [w, h, perPixel, budget] of [
      [256, 256, 560, 2 ** 27],
      [300, 200, 4e6, 2 ** 27],
      [7, 1000, 1e5, 2 ** 20],
      [1920, 1080, 1, 2 ** 27],
      [33, 17, 3.9e6 * 3, 2 ** 27],
    ] as const) {
      const { boxes, pixelsPerBox } = tileBoxes(w, h, perPixel, budget);
      expect(coverage(w, h, boxes).every((v) => v === 1)).toBe(true);
      for (const b of boxes) expect(b.width * b.height).toBeLessThanOrEqual(pixelsPerBox);
      expect(pixelsPerBox * perPixel <= budget || pixelsPerBox <= 64).toBe(true);
    }
  });

  it('uses one box when the whole target fits the budget, and none for an empty target', () => {
    expect(tileBoxes(64, 64, 10, 2 ** 27).boxes).toEqual([{ x: 0, y: 0, width: 64, height: 64 }]);
    expect(tileBoxes(0, 10, 10, 2 ** 27).boxes).toEqual([]);
  });
});
