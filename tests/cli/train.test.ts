/** `relu-origami train`, run in-process: progress lines, the model it writes, determinism, bad input. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/run.ts';
import { evaluatePoint } from '../../src/engine/forward.ts';
import { parseModelOrThrow } from '../../src/engine/model.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';

const CSV = `x,y,label\n${Array.from({ length: 40 }, (_, k) => `${(k % 7) - 3},${(k % 5) - 2},${k % 7 > 3 ? 1 : 0}`).join('\n')}\n`;

function train(...argv: string[]): { status: number; out: string; err: string; files: Map<string, string> } {
  const io = memoryIo({ 'points.csv': CSV, 'bad.csv': 'x,y,label\n1,2,0\n1,2\n3,x,1\n' });
  const files = new Map<string, string>();
  const status = runCli(
    ['train', ...argv],
    Object.assign(io, { writeFile: (p: string, t: string) => files.set(p, t) }),
  );
  return { status, out: io.out, err: io.err, files };
}

describe('train', () => {
  const args = ['--dataset', 'circle', '--widths', '2,8,8,1', '--steps', '300', '--out', 'm.json'];

  it('--json: one object per log step with the exact region count; the model is the trained network', () => {
    const r = train(
      ...args,
      '--json',
      '--log-every',
      '100',
      '--regions-every',
      '150',
      '--window',
      '-3,3,-3,3',
    );
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.step)).toEqual([0, 100, 150, 200, 300]);
    expect(lines.filter((l) => 'regions' in l).map((l) => l.step)).toEqual([0, 150, 300]);
    const last = lines[lines.length - 1];
    expect(last.testAccuracy).toBeGreaterThan(0.9);
    expect(Object.keys(last)).toEqual([
      'step',
      'loss',
      'testLoss',
      'trainAccuracy',
      'testAccuracy',
      'regions',
    ]);
    const net = parseModelOrThrow(r.files.get('m.json'));
    const e = enumerateRegions(net, { x0: -3, x1: 3, y0: -3, y1: 3 });
    if (typeof e === 'string') throw new Error(e);
    expect(e.count).toBe(last.regions);
    expect(net.name).toBe('circle, 300 steps, seed 1');
    expect(evaluatePoint(net, [0, 0]).output[0]).toBeGreaterThan(0);
  });

  it('two runs with the same arguments write the same bytes; another seed does not', () => {
    const a = train(...args);
    const b = train(...args);
    expect(a.out).toMatch(/^step 0 {2}loss .* {2}train acc .*%\n/);
    expect(a.out).toMatch(/wrote m\.json\n$/);
    expect(b.files.get('m.json')).toBe(a.files.get('m.json'));
    expect(b.out).toBe(a.out);
    const c = train(...args, '--seed', '2');
    expect(c.files.get('m.json')).not.toBe(a.files.get('m.json'));
  });

  it('trains on a CSV with sgd', () => {
    const r = train(
      '--data',
      'points.csv',
      '--widths',
      '2,6,1',
      '--optimizer',
      'sgd',
      '--lr',
      '0.05',
      '--steps',
      '50',
      '--out',
      'c.json',
      '--json',
      '--split',
      '0.75',
    );
    expect(r.status).toBe(0);
    expect(parseModelOrThrow(r.files.get('c.json')).layers[0]!.outDim).toBe(6);
  });

  it('bad arguments and bad CSVs exit 2 with one line', () => {
    const cases: Array<[string[], RegExp]> = [
      [['--widths', '2,4,1', '--out', 'm.json'], /needs one of --data FILE\.csv or --dataset NAME/],
      [
        ['--dataset', 'spirals', '--widths', '2,4,1', '--out', 'm.json'],
        /--dataset has "spirals", expected one of circle/,
      ],
      [['--dataset', 'xor', '--widths', '2,4,1'], /needs --out MODEL\.json/],
      [['--dataset', 'xor', '--out', 'm.json'], /--widths is required/],
      [
        ['--dataset', 'xor', '--widths', '3,4,1', '--out', 'm.json'],
        /the network has 3 inputs, the data has 2/,
      ],
      [['--dataset', 'plane', '--widths', '2,4,2', '--out', 'm.json'], /regression target needs 1 output/],
      [
        ['--dataset', 'xor', '--widths', '2,4,1', '--out', 'm.json', '--optimizer', 'rmsprop'],
        /--optimizer has "rmsprop"/,
      ],
      [['--dataset', 'xor', '--widths', '2,4,1', '--out', 'm.json', '--lr', '-1'], /--lr has "-1"/],
      [['--dataset', 'xor', '--widths', '2,4,1', '--out', 'm.json', '--batch', '0'], /--batch has "0"/],
      [['--dataset', 'xor', '--widths', '2,4,1', '--out', 'm.json', '--split', '0'], /--split has "0"/],
      [['--dataset', 'xor', '--widths', '2,4,1', '--out', 'm.json', '--momentum', '1'], /--momentum has "1"/],
      [
        ['--dataset', 'xor', '--widths', '2,4,1', '--out', 'm.json', '--regions-every', '5'],
        /needs --window/,
      ],
      [['--dataset', 'xor', '--widths', '2,4,1', '--out', 'm.json', '--steps', 'x'], /--steps has "x"/],
      [
        ['--dataset', 'xor', '--widths', '2,4,1', '--out', 'm.json', '--activation', 'gelu'],
        /--activation has "gelu"/,
      ],
      [
        ['--data', 'bad.csv', '--widths', '2,4,1', '--out', 'm.json'],
        /data file "bad\.csv" has 2 problems: line 3: has 2 columns, expected 3; line 4: y is "x"/,
      ],
      [
        ['--data', 'nope.csv', '--widths', '2,4,1', '--out', 'm.json'],
        /cannot read data file "nope\.csv": no such file/,
      ],
      [
        ['--data', 'points.csv', '--noise', '0.1', '--widths', '2,4,1', '--out', 'm.json'],
        /--noise applies to --dataset/,
      ],
    ];
    for (const [argv, message] of cases) {
      const r = train(...argv);
      expect(r.status, argv.join(' ')).toBe(2);
      expect(r.err, argv.join(' ')).toMatch(message);
      expect(r.err.trim().split('\n'), argv.join(' ')).toHaveLength(1);
      expect(r.files.size).toBe(0);
    }
  });
});

describe('train in the help', () => {
  it('--help lists train and its options', () => {
    const io = memoryIo();
    expect(runCli(['--help'], io)).toBe(0);
    expect(io.out).toContain('relu-origami train (--dataset NAME');
    expect(io.out).toContain('[--regions-every K --window x0,x1,y0,y1] [--json]');
  });
});

describe('train through the real binary', () => {
  it('two processes write byte-identical files; a bad --out directory exits 2', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const bin = fileURLToPath(new URL('../../bin/relu-origami.mjs', import.meta.url));
    const dir = mkdtempSync(join(tmpdir(), 'relu-origami-train-'));
    try {
      const run = (out: string) =>
        spawnSync(
          process.execPath,
          [
            bin,
            'train',
            '--dataset',
            'spiral',
            '--widths',
            '2,8,8,1',
            '--steps',
            '200',
            '--out',
            out,
            '--json',
          ],
          { cwd: root, encoding: 'utf8', timeout: 60_000 },
        );
      const a = run(join(dir, 'a.json'));
      const b = run(join(dir, 'b.json'));
      expect(a.stderr).toBe('');
      expect(a.status).toBe(0);
      expect(b.status).toBe(0);
      expect(readFileSync(join(dir, 'b.json'))).toEqual(readFileSync(join(dir, 'a.json')));
      const bad = run(join(dir, 'missing', 'c.json'));
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/^relu-origami: cannot write ".*c\.json": ENOENT\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
