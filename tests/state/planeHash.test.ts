/**
 * The plane in the URL hash: axes and random specs round-trip in a few characters, a stored plane by name
 * (with its points inline only when short), and bad specs are reported field by field. The App's rule
 * (planeOfState) fills in the points from the spec, or drops a spec that does not fit, saying why.
 */
import { describe, expect, it } from 'vitest';
import { planeOfState } from '../../src/app/network.ts';
import { planeOfChoice } from '../../src/app/planeChoice.ts';
import { initNetwork } from '../../src/engine/init.ts';
import { defaultState } from '../../src/state/appState.ts';
import { decodeHash, encodeHash, MAX_INLINE_PLANE } from '../../src/state/hash.ts';
import type { StoredPlane } from '../../src/state/planeSpec.ts';

describe('the plane in the URL hash', () => {
  it('round-trips axes, random and stored specs', () => {
    for (const spec of [
      { kind: 'axes', i: 3, j: 7 },
      { kind: 'random', seed: 4294967295 },
      { kind: 'stored', name: 'through rows 4, 17 & 20 of a=b.csv-0123abcd' },
    ] as const) {
      const s = defaultState();
      s.architecture.widths = [8, 16, 3];
      s.planeSpec = spec;
      const h = encodeHash(s);
      expect(h).toContain('pspec=');
      expect(h).not.toContain('plane=');
      const d = decodeHash(h);
      expect(d.errors).toEqual([]);
      expect(d.state).toEqual(s);
    }
  });

  it('writes a stored plane’s points beside its name only when they are short', () => {
    const s = defaultState();
    s.planeSpec = { kind: 'stored', name: 'p' };
    s.view.plane = [
      [0.1, 0, 0],
      [1, 1 / 3, 0],
      [0, 0, 1e-300],
    ];
    const d = decodeHash(encodeHash(s));
    expect(d.errors).toEqual([]);
    expect(d.state).toEqual(s);
    const n = 784;
    s.view.plane = [0, 1, 2].map((k) => Array.from({ length: n }, (_, i) => (i + k) / 7)) as never;
    const h = encodeHash(s);
    expect(h.length).toBeLessThan(MAX_INLINE_PLANE);
    expect(h).not.toContain('plane=');
    expect(decodeHash(h).state.view.plane).toBeNull();
  });

  it('names every bad spec', () => {
    const d = decodeHash('#pspec=axes:3,3');
    expect(d.errors).toEqual([
      'pspec=axes:3,3 is invalid: expected axes:I,J (two different axis indices), random:SEED or stored:NAME',
    ]);
    expect(d.state.planeSpec).toBeNull();
    expect(decodeHash('#pspec=random:4294967296').errors).toHaveLength(1);
    expect(decodeHash('#pspec=cube:1').errors).toHaveLength(1);
    expect(decodeHash(`#pspec=stored:${'x'.repeat(201)}`).errors).toHaveLength(1);
  });
});

describe('planeOfState and planeOfChoice', () => {
  const net = initNetwork({ widths: [5, 8, 2], activation: 'relu', seed: 1 });
  const none = new Map<string, StoredPlane>();

  it('fills in the points of an axes spec and names the plane', () => {
    const s = defaultState();
    s.planeSpec = { kind: 'axes', i: 3, j: 1 };
    const r = planeOfState(net, s, none);
    expect(r.error).toBeNull();
    expect(r.label).toBe('s·e3 + t·e1');
    expect(r.state.view.plane).toEqual([
      [0, 0, 0, 0, 0],
      [0, 0, 0, 1, 0],
      [0, 1, 0, 0, 0],
    ]);
    expect(s.view.plane).toBeNull();
  });

  it('drops a spec that does not fit, saying why, and keeps the link’s points', () => {
    const s = defaultState();
    s.planeSpec = { kind: 'axes', i: 3, j: 9 };
    const r = planeOfState(net, s, none);
    expect(r.error).toBe(
      'plane axes: axis j is 9, expected an integer from 0 to 4 (showing the default plane)',
    );
    expect(r.state.planeSpec).toBeNull();
    expect(r.label).toBe('s·e0 + t·e1 (default)');
    s.planeSpec = { kind: 'stored', name: 'gone' };
    s.view.plane = [
      [0, 0, 0, 0, 1],
      [1, 0, 0, 0, 1],
      [0, 1, 0, 0, 1],
    ];
    const g = planeOfState(net, s, none);
    expect(g.error).toBe(
      'the plane "gone" is not stored in this browser; choose it again (using the points in the link)',
    );
    expect(g.state.view.plane).toEqual(s.view.plane);
    expect(g.label).toBe('through the given p0, p1, p2');
  });

  it('checks pasted vectors field by field', () => {
    expect(
      planeOfChoice({ kind: 'points', p0: [0, 0, 0, 0, 0], p1: [1, 2], p2: [0, 0, 0, 0, Number.NaN] }, 5),
    ).toEqual(['p1: 2 numbers, expected 5 (one per input)', 'p2: entry 4 is not a finite number']);
    expect(
      planeOfChoice(
        { kind: 'directions', origin: [0, 0, 0, 0, 0], d1: [1, 0, 0, 0, 0], d2: [2, 0, 0, 0, 0] },
        5,
      ),
    ).toEqual(['plane is degenerate: p1 - p0 and p2 - p0 must be linearly independent']);
    expect(planeOfChoice({ kind: 'axes', i: 0, j: 1 }, 2)).toEqual([
      'the network has 2 inputs: there is no plane to choose',
    ]);
    const ok = planeOfChoice(
      { kind: 'directions', origin: [1, 0, 0, 0, 0], d1: [0, 1, 0, 0, 0], d2: [0, 0, 1, 0, 0] },
      5,
    );
    if (Array.isArray(ok)) throw new Error(ok.join('\n'));
    expect(ok.spec?.kind).toBe('stored');
    expect(ok.stored?.label).toBe('p0 + s·d1 + t·d2 (pasted)');
    expect(ok.stored?.plane[1]).toEqual([1, 1, 0, 0, 0]);
  });
});
