import { describe, expect, it } from 'vitest';
import { defaultState } from '../../src/state/appState.ts';
import { decodeHash, encodeHash } from '../../src/state/hash.ts';

describe('URL hash codec', () => {
  it('round-trips every field exactly, awkward floats included', () => {
    const s = defaultState();
    s.architecture = {
      widths: [3, 64, 8, 4],
      activation: 'hardtanh',
      alpha: 0.1 + 0.2,
      init: 'glorot',
      seed: 4294967295,
      weightScale: 1 / 3,
    };
    s.view = {
      x0: 0.1234567890123456,
      x1: 0.12345678901235,
      y0: -1e-300,
      y1: 5e-324,
      plane: [
        [0, 0, 1],
        [1, 0, 0],
        [0, 1, 0.5],
      ],
    };
    s.mode = 'layer';
    s.layer = 2;
    s.output = 3;
    s.boundaries = false;
    s.polygons = true;
    s.probe = [1, 7];
    const d = decodeHash(encodeHash(s));
    expect(d.errors).toEqual([]);
    expect(d.state).toEqual(s);
  });

  it('round-trips a loaded model name with reserved characters', () => {
    const s = defaultState();
    s.model = 'my net & co=1#2.json';
    const d = decodeHash(encodeHash(s));
    expect(d.errors).toEqual([]);
    expect(d.state.model).toBe('my net & co=1#2.json');
  });

  it('gives the defaults for an empty hash', () => {
    expect(decodeHash('')).toEqual({ state: defaultState(), errors: [] });
    expect(decodeHash('#')).toEqual({ state: defaultState(), errors: [] });
  });

  it('reports each malformed field, keeps the valid ones and uses defaults for the rest', () => {
    const d = decodeHash(
      '#arch=2-0-1&act=softmax&seed=-3&view=1,0,0,1&mode=regions&k=2&bogus=1&b=yes&probe=x&out=2',
    );
    const def = defaultState();
    expect(d.state.architecture.widths).toEqual(def.architecture.widths);
    expect(d.state.architecture.activation).toBe('relu');
    expect(d.state.architecture.seed).toBe(def.architecture.seed);
    expect(d.state.view).toEqual(def.view);
    expect(d.state.layer).toBe(2);
    expect(d.state.output).toBe(2);
    expect(d.errors).toHaveLength(7);
    expect(d.errors.join('\n')).toContain('arch=2-0-1 is invalid');
    expect(d.errors.join('\n')).toContain('act=softmax is invalid');
    expect(d.errors.join('\n')).toContain('unknown field "bogus"');
    expect(d.errors.join('\n')).toContain('view=1,0,0,1 is invalid');
  });

  it('rejects architectures beyond the limits and non-finite numbers', () => {
    expect(decodeHash('#arch=2-513-1').errors).toHaveLength(1);
    expect(decodeHash(`#arch=2-${Array(17).fill(4).join('-')}-1`).errors).toHaveLength(1);
    expect(decodeHash(`#arch=2-${Array(16).fill(4).join('-')}-1`).errors).toHaveLength(0);
    expect(decodeHash('#view=0,Infinity,0,1').errors).toHaveLength(1);
    expect(decodeHash('#alpha=NaN').errors).toHaveLength(1);
    expect(decodeHash('#view=%E0%A4%A').errors).toHaveLength(1);
  });
});
