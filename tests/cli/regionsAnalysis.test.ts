/**
 * `regions --stats / --graph / --disc / --tile` and `merge` (src/cli/regionsAnalysis.ts, src/cli/merge.ts):
 * closed-form answers on the four-line star, tiles merged through files equal to one run, and every bad input
 * refused with one line and exit status 2.
 */
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/run.ts';
import { initNetwork } from '../../src/engine/init.ts';
import { toModelJson } from '../../src/engine/model.ts';
import { FILES } from './helpers.ts';

const STAR_WINDOW = '-1,2,-1.25,1.5';
const DEEP = JSON.stringify(
  toModelJson(initNetwork({ widths: [2, 10, 10, 10, 1], activation: 'relu', seed: 8 })),
);

function run(files: Record<string, string>, ...argv: string[]) {
  const io = memoryIo(files);
  const status = runCli(argv, io);
  return { status, out: io.out, err: io.err, written: io.written };
}

describe('regions --stats, --graph, --disc', () => {
  it('gives the star of four lines 8 regions of degree 2, 8 graph edges of one neuron each', () => {
    const r = run(
      FILES,
      'regions',
      'star.json',
      '--window',
      STAR_WINDOW,
      '--stats',
      '--json',
      '--graph',
      'g.json',
    );
    expect(r.status).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.regions).toBe(8);
    expect(j.stats.regions).toBe(8);
    expect(j.stats.graphEdges).toBe(8);
    expect(j.stats.degree.histogram).toEqual([[2, 8]]);
    expect(j.stats.switched.histogram).toEqual([[1, 8]]);
    expect(j.stats.area.max).toBeLessThanOrEqual(j.area);
    expect(j.graph).toEqual({ file: 'g.json', nodes: 8, edges: 8 });
    const g = JSON.parse(r.written.get('g.json')!);
    expect(g.nodes).toHaveLength(8);
    expect(g.edges).toHaveLength(8);
    // The ray along y = 0 towards +x has length 2 (to the window's edge at x = 2).
    const lengths = g.edges.map((e: { length: number }) => e.length).sort((a: number, b: number) => a - b);
    expect(lengths.at(-1)).toBeCloseTo(Math.SQRT2 * 1.5, 12);
    expect(lengths).toContainEqual(2);
  });

  it('counts the regions that meet a disc, exactly', () => {
    const count = (disc: string) => {
      const r = run(FILES, 'regions', 'star.json', '--window', STAR_WINDOW, '--disc', disc, '--json');
      expect(r.status).toBe(0);
      return JSON.parse(r.out).disc.regions;
    };
    expect(count('0,0,0.1')).toBe(8);
    expect(count('1.9,0,0.05')).toBe(2);
    // (1.9, 1): 1 from y = 0, 0.9/sqrt(2) from y = x.
    expect(count('1.9,1,0.6')).toBe(1);
    expect(count('1.9,1,0.65')).toBe(2);
  });

  it('says how the signs were certified', () => {
    const deep = JSON.stringify(
      toModelJson(initNetwork({ widths: [2, ...Array(20).fill(24), 1], activation: 'relu', seed: 1 })),
    );
    const j = JSON.parse(
      run({ 'deep.json': deep }, 'regions', 'deep.json', '--window', '-1,1,-1,1', '--json').out,
    );
    // 21 layers: the first in double-double, the rest in float64 with the spectral bound.
    expect(j.precision.layers).toBe(21);
    expect(j.precision.doubleDoubleLayers).toBeGreaterThan(0);
    expect(j.precision.doubleDoubleLayers).toBeLessThan(21);
    expect(j.precision.spectralBound).toBe(true);
    const text = run({ 'deep.json': deep }, 'regions', 'deep.json', '--window', '-1,1,-1,1').out;
    expect(text).toMatch(
      new RegExp(
        `signs +double-double in ${j.precision.doubleDoubleLayers} of 21 layers, then float64 with the spectral bound; ${j.precision.exactDecisions} decided exactly`,
      ),
    );
    const star = JSON.parse(run(FILES, 'regions', 'star.json', '--window', STAR_WINDOW, '--json').out);
    expect(star.precision.layers).toBe(2);
  });

  it('prints the distributions as text and writes GraphML', () => {
    const r = run(FILES, 'regions', 'star.json', '--window', STAR_WINDOW, '--stats', '--graph', 'g.graphml');
    expect(r.status).toBe(0);
    for (const row of [
      'area quantiles',
      'perimeters',
      'inradii',
      'eccentricities',
      'corners per region',
      'degree',
    ])
      expect(r.out).toContain(row);
    expect(r.out).toMatch(/graph edges\s+8\n/);
    const xml = r.written.get('g.graphml')!;
    expect(xml.startsWith('<?xml')).toBe(true);
    expect(xml.match(/<node /g)).toHaveLength(8);
    expect(xml.match(/<edge /g)).toHaveLength(8);
    expect(xml).toContain('attr.name="inradius" attr.type="double"');
  });
});

describe('regions --tile and merge', () => {
  it('merges the parts of 6 tiles into the single run: regions, area, statistics, graph and disc', () => {
    const files: Record<string, string> = { 'deep.json': DEEP };
    const window = '-2.5,2,-1.5,2.5';
    for (let i = 0; i < 6; i++) {
      const r = run(
        files,
        'regions',
        'deep.json',
        '--window',
        window,
        '--tile',
        `${i}/6`,
        '--out',
        `part-${i}.json`,
        '--disc',
        '0.2,0.1,0.8',
        '--json',
      );
      expect(r.status, r.err).toBe(0);
      expect(JSON.parse(r.out)).toMatchObject({ tile: i, tiles: 6, grid: [3, 2], out: `part-${i}.json` });
      files[`part-${i}.json`] = r.written.get(`part-${i}.json`)!;
    }
    const one = JSON.parse(
      run(files, 'regions', 'deep.json', '--window', window, '--stats', '--disc', '0.2,0.1,0.8', '--json')
        .out,
    );
    const parts = [5, 3, 1, 0, 2, 4].map((i) => `part-${i}.json`);
    const m = run(files, 'merge', ...parts, '--stats', '--json', '--graph', 'm.json');
    expect(m.status, m.err).toBe(0);
    const merged = JSON.parse(m.out);
    expect(one.regions).toBeGreaterThan(200);
    expect(merged.regions).toBe(one.regions);
    expect(merged.area).toBeCloseTo(one.area, 10);
    expect(merged.disc).toEqual(one.disc);
    expect(merged.stats.graphEdges).toBe(one.stats.graphEdges);
    for (const k of ['vertices', 'degree', 'switched']) expect(merged.stats[k]).toEqual(one.stats[k]);
    for (const k of ['area', 'perimeter', 'inradius', 'eccentricity'])
      for (const q of ['min', 'median', 'max']) expect(merged.stats[k][q]).toBeCloseTo(one.stats[k][q], 9);
    expect(JSON.parse(m.written.get('m.json')!).edges).toHaveLength(one.stats.graphEdges);
    const text = run(files, 'merge', ...parts);
    expect(text.out).toMatch(new RegExp(`regions\\s+${one.regions}\\n`));
    expect(text.out).toMatch(/tiles\s+6 \(grid 3 x 2\), \d+ pieces merged/);
  });
});

describe('bad input (exit 2, one line)', () => {
  const files: Record<string, string> = { ...FILES };
  for (let i = 0; i < 2; i++) {
    const r = run(
      FILES,
      'regions',
      'star.json',
      '--window',
      STAR_WINDOW,
      '--tile',
      `${i}/2`,
      '--out',
      `p${i}.json`,
    );
    files[`p${i}.json`] = r.written.get(`p${i}.json`)!;
    const q = run(
      { 'quad.json': FILES['star.json']!.replace('[1,-1]', '[1,-2]') },
      'regions',
      'quad.json',
      '--window',
      STAR_WINDOW,
      '--tile',
      `${i}/2`,
      '--out',
      `q${i}.json`,
    );
    files[`q${i}.json`] = q.written.get(`q${i}.json`)!;
  }
  const r3 = run(FILES, 'regions', 'star.json', '--window', STAR_WINDOW, '--tile', '0/3', '--out', 't0.json');
  files['t0.json'] = r3.written.get('t0.json')!;
  files['notpart.json'] = JSON.stringify({ format: 'something/1' });
  files['badedge.json'] = files['p0.json']!.replace('"edges":[[', '"edges":[[99999,0,1],[');
  const reg = ['regions', 'star.json', '--window', STAR_WINDOW];
  const cases: [string[], RegExp][] = [
    [[...reg, '--disc', '1,2'], /--disc has 2 values, expected 3 numbers/],
    [[...reg, '--disc', '0,0,0'], /--disc has radius 0, expected a radius above 0/],
    [[...reg, '--disc', '0,0,-1'], /--disc has radius -1/],
    [[...reg, '--disc', 'a,0,1'], /--disc value 1 has "a", expected a finite number/],
    [[...reg, '--tile', '3', '--out', 'x.json'], /--tile has "3", expected i\/n/],
    [[...reg, '--tile', '4/4', '--out', 'x.json'], /tile index must be below 4/],
    [[...reg, '--tile', '0/0', '--out', 'x.json'], /--tile has 0 tiles, expected 1 to 65536/],
    [[...reg, '--tile', '1/70000', '--out', 'x.json'], /--tile has 70000 tiles/],
    [[...reg, '--tile', '0/2'], /--tile needs --out FILE/],
    [[...reg, '--out', 'x.json'], /--out needs --tile i\/n/],
    [[...reg, '--tile', '0/2', '--out', 'x.json', '--stats'], /--stats does not go with --tile/],
    [[...reg, '--tile', '0/2', '--out', 'x.json', '--graph', 'g.json'], /--graph does not go with --tile/],
    [[...reg, '--graph', 'g.txt'], /--graph has "g.txt", expected a file name ending in .json or .graphml/],
    [[...reg, '--stats', '--max-regions', '3'], /need the whole enumeration: --max-regions 3 stopped it/],
    [['regions', 'saw1.json', '--window', '0,1', '--stats'], /--stats needs a two-dimensional window/],
    [
      ['regions', 'saw1.json', '--window', '0,1', '--tile', '0/2', '--out', 'x.json'],
      /--tile needs a two-dimensional/,
    ],
    [[...reg, '--tile', '0/2', '--out', 'x.json', '--max-regions', '1'], /tile 0\/2 stopped early/],
    [['merge'], /merge needs part files/],
    [['merge', 'nothere.json'], /cannot read nothere\.json: no such file/],
    [['merge', 'broken.json'], /broken\.json is not valid JSON/],
    [
      ['merge', 'star.json'],
      /star\.json: not a part file \(format "relu-origami\/1", expected "relu-origami-part\/1"\)/,
    ],
    [['merge', 'notpart.json'], /notpart\.json: not a part file \(format "something\/1"/],
    [['merge', 'badedge.json', 'p1.json'], /badedge\.json: edges\[0\] names a region beyond/],
    [['merge', 'p0.json', 'q1.json'], /q1\.json is of another model/],
    [['merge', 'p0.json', 'p0.json'], /tile 0\/2 is given twice \(p0\.json and p0\.json\)/],
    [['merge', 'p1.json'], /1 of 2 tiles missing: 0/],
    [['merge', 'p0.json', 't0.json'], /t0\.json is tile 0\/3, p0\.json one of 2 tiles/],
    [['merge', 'p0.json', 'p1.json', '--graph', 'out.csv'], /--graph has "out\.csv"/],
    [['merge', 'p0.json', '--detail'], /unknown option --detail/],
  ];
  for (const [argv, message] of cases) {
    it(`refuses ${argv.slice(1).join(' ')}`, () => {
      const r = run(files, ...argv);
      expect(r.status).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    });
  }
  it('accepts the parts it refuses to mix when they belong together', () => {
    const r = run(files, 'merge', 'p0.json', 'p1.json', '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ regions: 8, complete: true, tiles: 2, grid: [2, 1] });
  });
});
