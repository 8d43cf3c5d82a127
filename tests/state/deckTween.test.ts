import { describe, expect, it } from 'vitest';
import { createWorkspace, forwardInto } from '../../src/engine/forward.ts';
import { initNetwork } from '../../src/engine/init.ts';
import type { Network } from '../../src/engine/model.ts';
import { defaultState } from '../../src/state/appState.ts';
import {
  blendNetworks,
  cameraMoves,
  ease,
  revealAt,
  revealStart,
  sameShape,
  tweenView,
} from '../../src/state/deckTween.ts';

const forward = (n: Network, x: number[]) => [...forwardInto(n, x, createWorkspace(n))];
const net = (seed: number, widths = [2, 6, 6, 1]) => initNetwork({ widths, activation: 'relu', seed });

describe('deck transitions', () => {
  it('eases from exactly 0 to exactly 1, monotonically', () => {
    expect([ease(0), ease(0.5), ease(1)]).toEqual([0, 0.5, 1]);
    for (let i = 1; i <= 100; i++) expect(ease(i / 100)).toBeGreaterThanOrEqual(ease((i - 1) / 100));
  });

  it('moves the camera: centre linear, size geometric, ending on the target exactly', () => {
    const a = { x0: -4, x1: 4, y0: -2, y1: 2, plane: null };
    const b = { x0: 0.1, x1: 0.3, y0: -0.7, y1: -0.6, plane: null };
    const mid = tweenView(a, b, 0.5);
    expect((mid.x0 + mid.x1) / 2).toBeCloseTo(0.1, 12);
    expect(mid.x1 - mid.x0).toBeCloseTo(Math.sqrt(8 * 0.2), 12);
    expect(mid.y1 - mid.y0).toBeCloseTo(Math.sqrt(4 * 0.1), 12);
    expect(tweenView(a, b, 1)).toEqual(b);
    for (let i = 0; i <= 20; i++) {
      const v = tweenView(a, b, i / 20);
      expect(v.x1).toBeGreaterThan(v.x0);
      expect(v.y1).toBeGreaterThan(v.y0);
    }
    expect(cameraMoves(a, b)).toBe(true);
    expect(cameraMoves(a, { ...a })).toBe(false);
  });

  it('reveals layers one at a time, each for an equal share', () => {
    expect([0, 0.2, 0.34, 0.67, 0.99, 1].map((u) => revealAt(1, 3, u))).toEqual([1, 1, 2, 3, 3, 3]);
    const from = { ...defaultState(), mode: 'layer' as const, layer: 1 };
    const to = { ...from, layer: 3 };
    expect(revealStart(from, to, true)).toBe(2);
    expect(revealStart(from, to, false)).toBe(1);
    expect(revealStart(to, from, true)).toBeNull();
    expect(revealStart(from, { ...to, mode: 'regions' }, true)).toBeNull();
  });

  it('blends the weights of two networks of one shape: the forward pass is the blend at u = 0 and u = 1', () => {
    const a = net(1);
    const b = net(2);
    expect(sameShape(a, b)).toBe(true);
    expect(sameShape(a, net(1, [2, 6, 5, 1]))).toBe(false);
    const x = [0.3, -0.8];
    expect(forward(blendNetworks(a, b, 0), x)).toEqual(forward(a, x));
    expect(forward(blendNetworks(a, b, 1), x)).toEqual(forward(b, x));
    const h = blendNetworks(a, b, 0.25);
    const L = h.layers[1]!;
    for (let i = 0; i < L.weights.length; i++)
      expect(L.weights[i]).toBeCloseTo(0.75 * a.layers[1]!.weights[i]! + 0.25 * b.layers[1]!.weights[i]!, 14);
  });
});
