/**
 * The DOM-free parts of the views in Node: section rounding, colour-mode mapping, aspect fitting, the tour
 * deck (every step parses to a network the explorer can build, a valid view and a known panel), the plot helpers.
 */
import { describe, expect, it } from 'vitest';
import { networkOf } from '../../src/app/network.ts';
import { fitAspect } from '../../src/engine/plane.ts';
import { defaultState } from '../../src/state/appState.ts';
import { parseDeck } from '../../src/state/deck.ts';
import { decodeHash, encodeHash } from '../../src/state/hash.ts';
import { TOUR_DECK } from '../../src/state/tourDeck.ts';
import { isViewKind } from '../../src/state/viewSettings.ts';
import { depthsToCount } from '../../src/views/depthCounts.ts';
import { surfaceColourOf } from '../../src/views/install.ts';
import { roundSection } from '../../src/views/mapOverlay.ts';
import { fmt, niceTicks, padded, Scale } from '../../src/views/plot.ts';

describe('view helpers', () => {
  it('rounds a dragged section to 1e-5 of the view width', () => {
    expect(roundSection([-2.345678912345, 1.0000001, 2.987654321, -0.123456789], 6)).toEqual([
      -2.34568, 1, 2.98765, -0.12346,
    ]);
    expect(roundSection([1.23456789e-7, 0, 0, 0], 1e-6)[0]).toBeCloseTo(1.2346e-7, 20);
    expect(roundSection([1, 2, 3, 4], Number.NaN)).toEqual([1, 2, 3, 4]);
  });

  it('counts by depth only the non-linear layers before the last non-linear one', () => {
    const net = (acts: ('relu' | 'linear')[]) =>
      networkOf({ ...defaultState().architecture, widths: [2, ...acts.map(() => 3)], activation: 'relu' });
    // Generated networks: hidden layers relu, the output linear.
    expect(depthsToCount(net(['relu', 'relu', 'relu', 'linear']))).toEqual([1, 2]);
    expect(depthsToCount(net(['relu', 'linear']))).toEqual([]);
  });

  it('colours the surface of a several-output network by class or by the chosen unit', () => {
    expect(surfaceColourOf('output', -1, 3)).toBe('classes');
    expect(surfaceColourOf('margin', -1, 3)).toBe('classes');
    expect(surfaceColourOf('output', 2, 3)).toBe('output');
    expect(surfaceColourOf('margin', 1, 3)).toBe('output');
    expect(surfaceColourOf('output', -1, 13)).toBe('output');
    expect(surfaceColourOf('regions', -1, 3)).toBe('regions');
    expect(surfaceColourOf('gradient', -1, 3)).toBe('gradient');
    // One output: the region colours stay unless the mode asks for f.
    expect(surfaceColourOf('margin', -1, 1)).toBe('regions');
    expect(surfaceColourOf('output', -1, 1)).toBe('output');
  });

  it('maps the map colour modes to surface colours', () => {
    expect(['regions', 'gradient', 'output', 'layer'].map((m) => surfaceColourOf(m))).toEqual([
      'regions',
      'gradient',
      'output',
      'regions',
    ]);
    expect(isViewKind('surface')).toBe(true);
    expect(isViewKind('cube')).toBe(false);
  });

  it('widens a view along the canvas’s longer side', () => {
    const v = { x0: -3, x1: 3, y0: -3, y1: 3 };
    expect(fitAspect(v, { width: 200, height: 100 })).toEqual({ x0: -6, x1: 6, y0: -3, y1: 3 });
    expect(fitAspect(v, { width: 100, height: 200 })).toEqual({ x0: -3, x1: 3, y0: -6, y1: 6 });
    expect(fitAspect(v, { width: 0, height: 0 })).toEqual(v);
  });

  it('has a tour deck whose steps parse, switch the views and open known panels', () => {
    const r = parseDeck(TOUR_DECK);
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.deck.title).toBe('Guided tour');
    expect(r.deck.steps.length).toBeGreaterThanOrEqual(8);
    for (const step of r.deck.steps) {
      expect(networkOf(step.state.architecture).layers.length).toBe(
        step.state.architecture.widths.length - 1,
      );
      const v = step.state.view;
      expect(v.x0 < v.x1 && v.y0 < v.y1).toBe(true);
      expect(step.caption.length).toBeGreaterThan(40);
      expect(isViewKind(step.state.views.kind)).toBe(true);
      if (step.panel) expect(['section', 'analysis', 'verify', 'network']).toContain(step.panel);
      // Each step's hash decodes to its state: a link reproduces the step.
      expect(encodeHash(decodeHash(step.hash).state)).toBe(step.hash);
    }
    const kinds = r.deck.steps.map((s) => s.state.views.kind);
    expect(kinds).toContain('line');
    expect(kinds).toContain('surface');
    expect(r.deck.steps.map((s) => s.panel).filter(Boolean)).toEqual(['analysis', 'section', 'verify']);
  });

  it('plots with nice ticks, scales and short numbers', () => {
    expect(niceTicks(-3, 3, 6)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    expect(niceTicks(0, 1, 4)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1].map((x) => expect.closeTo(x, 12)));
    expect(niceTicks(1, 1)).toEqual([]);
    const s = new Scale(-1, 1, 0, 200);
    expect(s.px(0)).toBe(100);
    expect(s.data(50)).toBe(-0.5);
    expect(new Scale(2, 2, 0, 10).px(5)).toBe(5);
    expect(fmt(0.123456)).toBe('0.1235');
    expect(fmt(1.5e-7)).toBe('1.50e-7');
    expect(fmt(0)).toBe('0');
    expect(padded(0, 10, 0.1)).toEqual([-1, 11]);
    expect(padded(2, 2)).toEqual([1, 3]);
  });
});
