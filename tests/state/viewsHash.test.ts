/**
 * The views' fields of the URL hash (show, iso, sec): round trips, defaults omitted (so that hashes written
 * before the views existed, and the default state's hash, are unchanged), and precise errors.
 */
import { describe, expect, it } from 'vitest';
import { cloneState, defaultState } from '../../src/state/appState.ts';
import { decodeHash, encodeHash } from '../../src/state/hash.ts';

describe('views in the URL hash', () => {
  it('round-trips the main view, the contour spacing and the section exactly', () => {
    const s = defaultState();
    s.views = { kind: 'surface', contours: 0.1, section: [-2.5, 1 / 3, 2, -0.1] };
    const d = decodeHash(encodeHash(s));
    expect(d.errors).toEqual([]);
    expect(d.state.views).toEqual(s.views);
    for (const kind of ['map', 'surface', 'line'] as const) {
      s.views.kind = kind;
      expect(decodeHash(encodeHash(s)).state.views.kind).toBe(kind);
    }
    s.views.contours = -1;
    expect(decodeHash(encodeHash(s)).state.views.contours).toBe(-1);
  });

  it('writes nothing for the default views, and decodes older hashes to the defaults', () => {
    const h = encodeHash(defaultState());
    expect(h).not.toMatch(/show=|iso=|sec=/);
    const old = '#arch=2-16-16-1&act=relu&seed=3&view=-3,3,-3,3&mode=regions&k=1&out=-1&b=1&poly=0';
    const d = decodeHash(old);
    expect(d.errors).toEqual([]);
    expect(d.state.views).toEqual({ kind: 'map', contours: 0, section: null });
    expect(d.state.architecture.seed).toBe(3);
  });

  it('reports malformed fields and keeps the defaults', () => {
    const d = decodeHash('#show=cube&iso=-2&sec=1,2,3');
    expect(d.errors).toHaveLength(3);
    expect(d.errors[0]).toMatch(/^show=cube is invalid: expected map, surface or line/);
    expect(d.errors[1]).toMatch(/^iso=-2 is invalid/);
    expect(d.errors[2]).toMatch(/^sec=1,2,3 is invalid/);
    expect(d.state.views).toEqual({ kind: 'map', contours: 0, section: null });
  });

  it('clones the section (no shared arrays)', () => {
    const s = defaultState();
    s.views.section = [0, 0, 1, 1];
    const c = cloneState(s);
    c.views.section![0] = 5;
    expect(s.views.section[0]).toBe(0);
  });
});
