import { describe, expect, it } from 'vitest';
import { defaultState } from '../../src/state/appState.ts';
import { decodeHash, encodeHash } from '../../src/state/hash.ts';

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
