/** The relu-origami command, run in-process through runCli with in-memory files. */
import { describe, expect, it } from 'vitest';
import { parseArgs, parseNumber } from '../../src/cli/args.ts';
import { evaluatePoint } from '../../src/engine/forward.ts';
import { parseModel, parseModelOrThrow } from '../../src/engine/model.ts';
import { cli, cliJson, FILES } from './helpers.ts';

/** A failure: status 2 and exactly one line on stderr, without a stack trace. */
function expectUsageError(r: { status: number; out: string; err: string }, pattern: RegExp): void {
  expect(r.status).toBe(2);
  expect(r.out).toBe('');
  expect(r.err.endsWith('\n')).toBe(true);
  expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  expect(r.err).toMatch(/^relu-origami: /);
  expect(r.err).not.toMatch(/\n\s+at /);
  expect(r.err).toMatch(pattern);
}

describe('arguments', () => {
  it('take values after a space even when they start with -, or after =', () => {
    const a = parseArgs(['m.json', '--window', '-3,3,-3,3', '--json'], { window: 'value', json: 'flag' });
    expect(a.values.get('window')).toBe('-3,3,-3,3');
    expect(a.flags.has('json')).toBe(true);
    expect(a.positionals).toEqual(['m.json']);
    const b = parseArgs(['--window=-1,1,-1,1', '--', '--odd-name.json'], { window: 'value' });
    expect(b.values.get('window')).toBe('-1,1,-1,1');
    expect(b.positionals).toEqual(['--odd-name.json']);
  });

  it('parse numbers strictly, exponents included', () => {
    expect(parseNumber('1e-5', 'x')).toBe(1e-5);
    expect(parseNumber('-2.5E+3', 'x')).toBe(-2500);
    expect(parseNumber('.5', 'x')).toBe(0.5);
    for (const bad of ['', 'abc', '0x10', '1e', 'Infinity', 'NaN', '1,5', '1e999']) {
      expect(() => parseNumber(bad, 'x')).toThrow(/expected a finite number/);
    }
  });
});

describe('regions', () => {
  it('counts the 8 regions of 4 concurrent lines, with vertices, edges, area and bounds', () => {
    const r = cliJson('regions', 'star.json', '--window', '-1,2,-1.25,1.5', '--json');
    expect(r).toMatchObject({ regions: 8, vertices: 13, edges: 20, complete: true, inputDim: 2 });
    expect(r.area).toBeCloseTo(3 * 2.75, 12);
    expect(r.bounds).toMatchObject({ zaslavsky: 11 });
    expect(r.detail).toBeUndefined();
  });

  it('accepts --window=..., negative values and exponents', () => {
    const a = cliJson('regions', 'star.json', '--window=-1,2,-1.25,1.5', '--json');
    const b = cliJson('regions', 'star.json', '--json', '--window', '-1e0,2e0,-125e-2,0.15e1');
    expect(a.regions).toBe(8);
    expect(b).toEqual(a);
  });

  it('prints a table for people', () => {
    const r = cli('regions', 'star.json', '--window', '-1,2,-1.25,1.5');
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^regions\s+8$/m);
    expect(r.out).toMatch(/^vertices\s+13$/m);
    expect(r.out).toMatch(/^edges\s+20$/m);
    expect(r.out).toMatch(/^area\s+8\.25 of \[-1, 2\] x \[-1\.25, 1\.5\]$/m);
  });

  it('--detail adds every region: polygon, pattern per layer, affine map that matches the forward pass', () => {
    const r = cliJson('regions', 'star.json', '--window', '-1,2,-1.25,1.5', '--json', '--detail');
    const detail = r.detail as Array<{
      polygon: number[][];
      pattern: number[][];
      jacobian: number[][];
      offset: number[];
      centroid: number[];
      area: number;
    }>;
    expect(detail).toHaveLength(8);
    const net = parseModelOrThrow(JSON.parse(FILES['star.json']!));
    for (const d of detail) {
      expect(d.polygon.length).toBeGreaterThanOrEqual(3);
      const ev = evaluatePoint(net, d.centroid);
      expect(d.pattern.flat()).toEqual(Array.from(ev.pattern));
      const f = d.jacobian[0]![0]! * d.centroid[0]! + d.jacobian[0]![1]! * d.centroid[1]! + d.offset[0]!;
      expect(f).toBeCloseTo(ev.output[0]!, 12);
    }
    expect(detail.reduce((s, d) => s + d.area, 0)).toBeCloseTo(8.25, 12);
  });

  it('--max-regions stops early and says so', () => {
    const r = cliJson('regions', 'saw2.json', '--window', '0,1,0,1', '--json', '--max-regions', '3');
    expect(r.complete).toBe(false);
    expect(r.regions as number).toBeGreaterThan(3);
    expect(r.regions as number).toBeLessThanOrEqual(16);
    const all = cliJson('regions', 'saw2.json', '--window', '0,1,0,1', '--json', '--max-regions', '16');
    expect(all).toMatchObject({ regions: 16, complete: true, vertices: 25, edges: 40 });
  });

  it('one-input models: --window x0,x1 and intervals', () => {
    const r = cliJson('regions', 'saw1.json', '--window', '0,1', '--json', '--detail');
    expect(r).toMatchObject({ regions: 8, vertices: 9, edges: 8, complete: true, area: 1 });
    const detail = r.detail as Array<{ interval: number[]; jacobian: number[][]; offset: number[] }>;
    expect(detail.map((d) => d.interval[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((k) => k / 8));
    // The tent map T^3 has slope +-8 on every piece; f(s) = jacobian s + offset matches at the midpoint.
    const net = parseModelOrThrow(JSON.parse(FILES['saw1.json']!));
    for (const d of detail) {
      expect(Math.abs(d.jacobian[0]![0]!)).toBeCloseTo(8, 9);
      const mid = (d.interval[0]! + d.interval[1]!) / 2;
      expect(d.jacobian[0]![0]! * mid + d.offset[0]!).toBeCloseTo(evaluatePoint(net, [mid]).output[0]!, 12);
    }
    expectUsageError(cli('regions', 'saw1.json', '--window', '0,1,0,1'), /--window has 4 values, expected 2/);
    const some = cliJson('regions', 'saw1.json', '--window', '0,1', '--json', '--max-regions', '3');
    expect(some).toMatchObject({ regions: 4, complete: false, edges: null });
    expect(some.area).toBeCloseTo(0.5, 12);
  });

  it('--plane slices a 3-input model', () => {
    const plane = '[[0,0,0],[1,0,0],[0,1,0]]';
    const r = cliJson('regions', 'three.json', '--window', '-1,1,-1,1', '--plane', plane, '--json');
    expect(r).toMatchObject({ regions: 4, complete: true });
    expectUsageError(cli('regions', 'three.json', '--window', '-1,1,-1,1'), /needs a plane/);
    expectUsageError(
      cli('regions', 'three.json', '--window', '-1,1,-1,1', '--plane', '[[0,0,0],[1,1,1],[2,2,2]]'),
      /--plane: plane is degenerate/,
    );
    expectUsageError(
      cli('regions', 'three.json', '--window', '-1,1,-1,1', '--plane', '[[0,0],[1,0],[0,1]]'),
      /--plane: plane point p0 has 2 coordinates, expected 3/,
    );
    expectUsageError(
      cli('regions', 'three.json', '--window', '-1,1,-1,1', '--plane', '[[0,0'),
      /--plane is not valid JSON/,
    );
  });
});

describe('bad input: status 2 and one clear line', () => {
  it('missing file, malformed JSON, invalid model with every problem', () => {
    expectUsageError(
      cli('regions', 'nope.json', '--window', '-1,1,-1,1'),
      /cannot read model file "nope.json": no such file/,
    );
    expectUsageError(
      cli('regions', 'broken.json', '--window', '-1,1,-1,1'),
      /model file "broken.json" is not valid JSON/,
    );
    const r = cli('eval', 'invalid.json', '--point', '0,0');
    expectUsageError(r, /is not a valid relu-origami\/1 model \(3 problems\)/);
    const parsed = parseModel(JSON.parse(FILES['invalid.json']!));
    if (parsed.ok) throw new Error('fixture should be invalid');
    for (const issue of parsed.issues) expect(r.err).toContain(issue.message);
  });

  it('bad windows', () => {
    expectUsageError(
      cli('regions', 'star.json', '--window', '1,-1,-1,1'),
      /window x0 \(1\) must be less than x1 \(-1\)/,
    );
    expectUsageError(
      cli('regions', 'star.json', '--window', '-1,1,-1'),
      /--window has 3 values, expected 4 numbers/,
    );
    expectUsageError(cli('regions', 'star.json', '--window', '-1,1,a,1'), /--window value 3 has "a"/);
    expectUsageError(cli('regions', 'star.json'), /--window is required/);
  });

  it('unknown options, missing values, flags with values, repeated options, extra arguments', () => {
    expectUsageError(cli('regions', 'star.json', '--windw', '-1,1,-1,1'), /unknown option --windw/);
    expectUsageError(cli('regions', 'star.json', '--window'), /option --window needs a value/);
    expectUsageError(cli('regions', 'star.json', '--window='), /option --window needs a value/);
    expectUsageError(
      cli('regions', 'star.json', '--window', '-1,1,-1,1', '--json=yes'),
      /--json takes no value/,
    );
    expectUsageError(
      cli('regions', 'star.json', '--window', '-1,1,-1,1', '--window', '-2,2,-2,2'),
      /--window is given twice/,
    );
    expectUsageError(
      cli('regions', 'star.json', 'other.json', '--window', '-1,1,-1,1'),
      /takes one MODEL file, got 2/,
    );
    expectUsageError(cli('regions', 'star.json', '-w', '1'), /unknown option -w/);
    expectUsageError(
      cli('regions', 'star.json', '--window', '-1,1,-1,1', '--max-regions', '0'),
      /--max-regions/,
    );
  });

  it('no command, an unknown command', () => {
    expectUsageError(cli(), /missing command/);
    expectUsageError(cli('region', 'star.json'), /unknown command "region"/);
  });
});

describe('help', () => {
  it('--help lists every subcommand and exits 0', () => {
    for (const argv of [['--help'], ['-h'], ['help'], ['regions', '--help']]) {
      const r = cli(...argv);
      expect(r.status).toBe(0);
      for (const c of ['regions', 'breakpoints', 'eval', 'init'])
        expect(r.out).toContain(`relu-origami ${c}`);
    }
  });
});
