/** `breakpoints --max-regions`: stops after N pieces from the start and reports what they cover. */
import { describe, expect, it } from 'vitest';
import { cli, cliJson } from './helpers.ts';

describe('breakpoints --max-regions', () => {
  it('stops after N pieces of the tent map and reports the part covered', () => {
    // saw1: T^3 on [0, 1] has 8 pieces of length 1/8.
    const all = cliJson('breakpoints', 'saw1.json', '--from', '0', '--to', '1', '--json');
    expect(all).toMatchObject({ pieces: 8, complete: true, covered: 1 });
    const some = cliJson(
      'breakpoints',
      'saw1.json',
      '--from',
      '0',
      '--to',
      '1',
      '--json',
      '--max-regions',
      '3',
    );
    expect(some).toMatchObject({ pieces: 3, complete: false });
    expect(some.covered).toBeCloseTo(3 / 8, 12);
    expect(some.breakpoints).toEqual((all.breakpoints as number[]).slice(0, 2));
    const exact = cliJson(
      'breakpoints',
      'saw1.json',
      '--from',
      '0',
      '--to',
      '1',
      '--json',
      '--max-regions',
      '8',
    );
    expect(exact).toMatchObject({ pieces: 8, complete: true });
    expect(cli('breakpoints', 'saw1.json', '--from', '0', '--to', '1', '--max-regions', '2').out).toMatch(
      /stopped early by --max-regions: the pieces cover t in \[0, 0\.25\]/,
    );
  });

  it('bad values exit 2', () => {
    for (const v of ['0', '-1', 'x', '1.5']) {
      const r = cli('breakpoints', 'saw1.json', '--from', '0', '--to', '1', '--max-regions', v);
      expect(r.status, v).toBe(2);
      expect(r.err).toMatch(/--max-regions/);
    }
  });

  it('a segment whose inputs overflow float64 exits 2 with a message', () => {
    for (const cmd of [
      ['breakpoints', 'saw1.json', '--from', '-1.7e308', '--to', '1.7e308'],
      ['regions', 'saw1.json', '--window', '-1.7e308,1.7e308'],
    ]) {
      const r = cli(...cmd);
      expect(r.status, cmd.join(' ')).toBe(2);
      expect(r.err).toMatch(/overflow float64/);
    }
  });
});
