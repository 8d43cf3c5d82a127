/**
 * The zoom path of a deterministic zoom video (src/app/video/recorder.ts): it starts and ends at the two
 * views, each side changes geometrically, and a point that sits at the same place on screen in both views
 * stays there on every frame (closed forms).
 */
import { describe, expect, it } from 'vitest';
import { framesRequestError, zoomView } from '../../src/app/video/recorder.ts';
import { evenSize } from '../../src/app/video/webm.ts';

const A = { x0: -4, x1: 4, y0: -3, y1: 3 };
// 8x smaller, around the point p = (1, -0.5): B = p + (A - p) / 8.
const P = { x: 1, y: -0.5 };
const B = {
  x0: P.x + (A.x0 - P.x) / 8,
  x1: P.x + (A.x1 - P.x) / 8,
  y0: P.y + (A.y0 - P.y) / 8,
  y1: P.y + (A.y1 - P.y) / 8,
};

describe('zoomView', () => {
  it('starts at the first view and ends at the last', () => {
    for (const k of ['x0', 'x1', 'y0', 'y1'] as const) {
      expect(zoomView(A, B, 0)[k]).toBeCloseTo(A[k], 12);
      expect(zoomView(A, B, 1)[k]).toBeCloseTo(B[k], 12);
    }
  });
  it('changes the width geometrically in the eased time and keeps the fixed point still', () => {
    for (const t of [0.1, 0.25, 0.5, 0.8]) {
      const s = t * t * (3 - 2 * t);
      const v = zoomView(A, B, t);
      expect(v.x1 - v.x0).toBeCloseTo(8 * (1 / 8) ** s, 12);
      expect(v.y1 - v.y0).toBeCloseTo(6 * (1 / 8) ** s, 12);
      expect((P.x - v.x0) / (v.x1 - v.x0)).toBeCloseTo((P.x - A.x0) / 8, 12);
      expect((P.y - v.y0) / (v.y1 - v.y0)).toBeCloseTo((P.y - A.y0) / 6, 12);
    }
  });
  it('pans linearly (eased) when the size is kept', () => {
    const C = { x0: 0, x1: 8, y0: -3, y1: 3 };
    const v = zoomView(A, C, 0.5);
    expect(v.x0).toBeCloseTo(-2, 12);
    expect(v.x1 - v.x0).toBeCloseTo(8, 12);
  });
});

describe('recording requests', () => {
  it('names the bad count or rate', () => {
    expect(framesRequestError({ frames: 12, fps: 30 })).toBeNull();
    expect(framesRequestError({ frames: 0, fps: 30 })).toMatch(/frames/);
    expect(framesRequestError({ frames: 2.5, fps: 30 })).toMatch(/frames/);
    expect(framesRequestError({ frames: 3, fps: 0 })).toMatch(/fps/);
    expect(framesRequestError({ frames: 3, fps: Number.NaN })).toMatch(/fps/);
  });
  it('makes frame sizes even', () => {
    expect(evenSize(129, 128)).toEqual({ width: 128, height: 128 });
    expect(evenSize(1, 1)).toEqual({ width: 2, height: 2 });
  });
});
