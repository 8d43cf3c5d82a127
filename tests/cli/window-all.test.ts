/** `regions --window all`: the whole input plane, and its bad-input messages (exit 2). */
import { describe, expect, it } from 'vitest';
import { cli, cliJson } from './helpers.ts';

describe('regions --window all', () => {
  it('counts the whole plane: four lines through the origin make 8 sectors', () => {
    const r = cliJson('regions', 'star.json', '--window', 'all', '--json');
    expect(r).toMatchObject({ regions: 8, complete: true });
    const w = r.window as { x0: number; x1: number };
    expect(w.x0).toBeLessThan(0);
    expect(w.x1).toBeGreaterThan(0);
    expect(cli('regions', 'star.json', '--window', 'all').out).toMatch(/regions\s+8/);
  });

  it('a one-input model: the whole line, as many intervals as on a much wider window', () => {
    const all = cliJson('regions', 'saw1.json', '--window', 'all', '--json');
    const wide = cliJson('regions', 'saw1.json', '--window', '-1e6,1e6', '--json');
    expect(all.regions).toBe(wide.regions);
    expect(all.regions as number).toBeGreaterThanOrEqual(8);
  });

  it('bad input exits 2 with a message', () => {
    const bad = cli('regions', 'star.json', '--window', 'everything');
    expect(bad.status).toBe(2);
    expect(bad.err).toMatch(/--window/);
    const noPlane = cli('regions', 'three.json', '--window', 'all');
    expect(noPlane.status).toBe(2);
    expect(noPlane.err).toMatch(/needs a plane/);
  });
});
