/** The breakpoints, eval and init subcommands, run in-process. */
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/run.ts';
import { evaluatePoint } from '../../src/engine/forward.ts';
import { initNetwork } from '../../src/engine/init.ts';
import { parseModelOrThrow } from '../../src/engine/model.ts';
import { cli, cliJson, FILES } from './helpers.ts';

describe('breakpoints', () => {
  it('two inputs: the segment crosses the 4 concurrent lines once, at the origin', () => {
    const r = cliJson('breakpoints', 'star.json', '--from', '-1,-0.5', '--to', '1,0.5', '--json');
    expect(r.breakpoints).toEqual([0.5]);
    expect(r.pieces).toBe(2);
  });

  it('two inputs: a segment across the lines at distinct points', () => {
    // From (-1, 0.3) to (1, 0.3): x = -0.3 (x = -y), x = 0, x = 0.3 (x = y); y = 0 is not crossed.
    const r = cliJson('breakpoints', 'star.json', '--from', '-1,0.3', '--to', '1,0.3', '--json');
    const t = r.breakpoints as number[];
    expect(t).toHaveLength(3);
    for (const [k, v] of [0.35, 0.5, 0.65].entries()) expect(t[k]).toBeCloseTo(v, 12);
  });

  it('one input: --from x --to x, the sawtooth breakpoints k / 8', () => {
    const r = cliJson('breakpoints', 'saw1.json', '--from', '0', '--to', '1', '--json');
    expect(r.breakpoints).toEqual([1, 2, 3, 4, 5, 6, 7].map((k) => k / 8));
    const h = cli('breakpoints', 'saw1.json', '--from', '0', '--to', '1');
    expect(h.out).toMatch(/^7 breakpoints \(8 linear pieces\)$/m);
    expect(h.out).toMatch(/^t = 0\.125 {2}at \(0\.125\)$/m);
  });

  it('a plane for higher-dimensional inputs; bad points', () => {
    const r = cliJson(
      'breakpoints',
      'three.json',
      '--from',
      '-1,-1',
      '--to',
      '1,1',
      '--plane',
      '[[0,0,0],[1,0,0],[0,1,0]]',
      '--json',
    );
    expect(r.breakpoints).toEqual([0.5]);
    // Whole input points without a plane: relu(x), relu(y), relu(z) switch at t = 1/4, 1/2 and 3/4.
    const whole = cliJson('breakpoints', 'three.json', '--from', '-1,-2,-3', '--to', '3,2,1', '--json');
    expect(whole.breakpoints).toEqual([0.25, 0.5, 0.75]);
    expect(whole.points).toEqual([
      [0, -1, -2],
      [1, 0, -1],
      [2, 1, 0],
    ]);
    expect(cli('breakpoints', 'three.json', '--from', '1,2', '--to', '1,2,3').err).toMatch(
      /--from has 2 values/,
    );
    expect(cli('breakpoints', 'star.json', '--from', '1,1', '--to', '1,1').status).toBe(2);
    expect(cli('breakpoints', 'star.json', '--from', '1', '--to', '1,1').err).toMatch(
      /--from has 1 value, expected 2/,
    );
    expect(cli('breakpoints', 'star.json', '--to', '1,1').err).toMatch(/--from is required/);
  });
});

describe('eval', () => {
  it('prints output, pattern per layer, affine map and gradient', () => {
    // star.json: neurons x, y, x + y, x - y; output 1 h0 + 2 h1 + 3 h2 + 4 h3. At (0.3, -1e-5) the pattern
    // is 1 0 1 1 and f = x + 3 (x + y) + 4 (x - y) = 8 x - y = 2.40001.
    const r = cliJson('eval', 'star.json', '--point', '0.3,-1e-5', '--json');
    expect((r.output as number[])[0]).toBeCloseTo(2.40001, 12);
    expect(r.pattern).toEqual([[1, 0, 1, 1], [0]]);
    expect(r.jacobian).toEqual([[8, -1]]);
    expect(r.gradient).toEqual([8, -1]);
    const h = cli('eval', 'star.json', '--point', '0.3,-1e-5');
    expect(h.out).toMatch(/^pattern\s+1011$/m);
    expect(h.out).toMatch(/^f0\(x\)\s+8\*x0 \+ -1\*x1 \+ 0$/m);
  });

  it('agrees with evaluatePoint on a random model file', () => {
    const text = cli('init', '--widths', '2,6,6,3', '--activation', 'leaky_relu', '--seed', '4').out;
    const net = parseModelOrThrow(JSON.parse(text));
    const io = memoryIo({ 'rand.json': text });
    expect(runCli(['eval', 'rand.json', '--point', '-0.7,1.25', '--json'], io)).toBe(0);
    const got = JSON.parse(io.out) as {
      output: number[];
      jacobian: number[][];
      offset: number[];
      pattern: number[][];
    };
    const ev = evaluatePoint(net, [-0.7, 1.25]);
    expect(got.output).toEqual(Array.from(ev.output));
    expect(got.jacobian.flat()).toEqual(Array.from(ev.jacobian));
    expect(got.offset).toEqual(Array.from(ev.offset));
    expect(got.pattern.flat()).toEqual(Array.from(ev.pattern));
  });

  it('shows hardtanh states 0, 1, 2 and leaves linear layers out of the pattern line', () => {
    const model = JSON.stringify({
      inputDim: 1,
      layers: [
        { weights: [[1], [1], [1]], bias: [3, 0, -3], activation: 'hardtanh' },
        { weights: [[1, 1, 1]], bias: [0], activation: 'linear' },
      ],
    });
    const io = memoryIo({ 'h.json': model });
    expect(runCli(['eval', 'h.json', '--point', '0.5'], io)).toBe(0);
    expect(io.out).toMatch(/^pattern\s+210$/m);
    expect(io.out).toMatch(/^output\s+\(0\.5\)$/m);
  });

  it('a many-input model without a plane takes its whole input point', () => {
    const r = cliJson('eval', 'three.json', '--point', '1,-2,3', '--json');
    expect(r.input).toEqual([1, -2, 3]);
    expect(r.output).toEqual([4]);
    expect(r.pattern).toEqual([[1, 0, 1], [0]]);
    expect(r.jacobian).toEqual([[1, 0, 1]]);
    expect(cli('eval', 'three.json', '--point', '1,2').err).toMatch(
      /--point has 2 values, expected 3 numbers/,
    );
  });

  it('reads a model file that starts with a byte-order mark', () => {
    const io = memoryIo({ 'bom.json': `\ufeff${FILES['star.json']}` });
    expect(runCli(['eval', 'bom.json', '--point', '1,1', '--json'], io)).toBe(0);
    expect(JSON.parse(io.out).output).toEqual([1 + 2 + 6]);
  });

  it('with a plane, also gives the affine map in (s, t)', () => {
    const plane = '[[1,1,1],[2,1,1],[1,2,1]]';
    const r = cliJson('eval', 'three.json', '--point', '0.5,0.25', '--plane', plane, '--json');
    expect(r.input).toEqual([1.5, 1.25, 1]);
    expect(r.output).toEqual([3.75]);
    expect(r.planeJacobian).toEqual([[1, 1]]);
    expect(r.planeOffset).toEqual([3]);
    const h = cli('eval', 'three.json', '--point', '0.5,0.25', '--plane', plane);
    expect(h.out).toMatch(/^pattern\s+111$/m);
  });
});

describe('init', () => {
  it('prints a model that loads and equals initNetwork bit for bit', () => {
    const r = cli('init', '--widths', '2,16,16,1', '--activation', 'relu', '--seed', '7');
    expect(r.status).toBe(0);
    const net = parseModelOrThrow(JSON.parse(r.out));
    const want = initNetwork({ widths: [2, 16, 16, 1], activation: 'relu', seed: 7 });
    net.layers.forEach((L, l) => {
      expect(Array.from(L.weights)).toEqual(Array.from(want.layers[l]!.weights));
      expect(Array.from(L.bias)).toEqual(Array.from(want.layers[l]!.bias));
    });
    expect(JSON.parse(r.out).format).toBe('relu-origami/1');
    expect(cli('init', '--widths', '2,16,16,1', '--seed', '7').out).toBe(r.out);
  });

  it('supports per-layer activations, alpha, schemes, scale, name and one-input models', () => {
    const m = cliJson(
      'init',
      '--widths',
      '1,4,3,1',
      '--activation',
      'prelu,hardtanh',
      '--alpha',
      '0.1',
      '--init',
      'glorot',
      '--scale',
      '2',
      '--name',
      'tiny',
    );
    expect(m.name).toBe('tiny');
    expect(m.inputDim).toBe(1);
    const layers = m.layers as Array<{ activation: string; alpha?: number }>;
    expect(layers.map((L) => L.activation)).toEqual(['prelu', 'hardtanh', 'linear']);
    expect(layers[0]!.alpha).toBe(0.1);
  });

  it('rejects bad widths, activations and schemes', () => {
    expect(cli('init').err).toMatch(/--widths is required/);
    expect(cli('init', '--widths', '2').err).toMatch(/at least an input and an output/);
    expect(cli('init', '--widths', '2,0,1').err).toMatch(/--widths value 2 has "0"/);
    expect(cli('init', '--widths', '2,1.5,1').status).toBe(2);
    expect(cli('init', '--widths', '2,4,1', '--activation', 'gelu').err).toMatch(/--activation has "gelu"/);
    expect(cli('init', '--widths', '2,4,4,1', '--activation', 'relu,relu,relu').err).toMatch(
      /expected 1 or 2/,
    );
    expect(cli('init', '--widths', '2,4,1', '--init', 'xavier').err).toMatch(/--init has "xavier"/);
    expect(cli('init', '--widths', '2,4,1', '--seed', '-1').status).toBe(2);
  });
});
