/**
 * `relu-origami render ... --out FILE.svg`: the exact region polygons written in Node, one `.region` per
 * region of the engine's enumeration, with the y axis the right way up and bad input refused.
 */
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.ts';
import { runRender } from '../../src/cli/render.ts';
import { initNetwork } from '../../src/engine/init.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';
import { QUADRANTS } from './helpers.ts';

const regions = (svg: string) => [...svg.matchAll(/<path class="region" d="([^"]*)"/g)].map((m) => m[1]!);

describe('relu-origami render --out FILE.svg', () => {
  it('writes the four quadrants of a model file, the first quadrant at the top right', async () => {
    const io = memoryIo({ 'q.json': QUADRANTS });
    const status = await runRender(
      ['q.json', '--window', '-1,1,-1,1', '--size', '100', '--out', 'q.svg', '--no-axes', '--json'],
      io,
    );
    expect(io.err).toBe('');
    expect(status).toBe(0);
    expect(JSON.parse(io.out)).toMatchObject({ file: 'q.svg', regions: 4, width: 100, height: 100 });
    const svg = io.written.get('q.svg')!;
    const paths = regions(svg);
    expect(paths).toHaveLength(4);
    // s > 0, t > 0 is the square [50, 100] x [0, 50] of the picture (SVG's y grows downwards).
    const box = (d: string) => {
      const p = d
        .replace(/^M|Z$/g, '')
        .split('L')
        .map((q) => q.split(' ').map(Number));
      return [
        Math.min(...p.map((q) => q[0]!)),
        Math.min(...p.map((q) => q[1]!)),
        Math.max(...p.map((q) => q[0]!)),
        Math.max(...p.map((q) => q[1]!)),
      ];
    };
    expect(paths.map(box)).toContainEqual([50, 0, 100, 50]);
    expect(paths.map(box)).toContainEqual([0, 50, 50, 100]);
  });

  it('counts as the engine does for a hash, in the regions and the layer mode, with axes', async () => {
    const net = initNetwork({ widths: [2, 8, 8, 1], activation: 'relu', seed: 3 });
    const window = { x0: -2, x1: 2, y0: -1, y1: 1 };
    for (const [mode, layers] of [
      ['regions', 2],
      ['layer&k=1', 1],
    ] as const) {
      const io = memoryIo();
      const hash = `#arch=2-8-8-1&act=relu&seed=3&view=-2,2,-1,1&mode=${mode}`;
      expect(await runRender(['--hash', hash, '--size', '400x200', '--out', 'm.svg'], io)).toBe(0);
      const e = enumerateRegions(net, window, { layers });
      if (typeof e === 'string') throw new Error(e);
      const svg = io.written.get('m.svg')!;
      expect(regions(svg)).toHaveLength(e.count);
      expect(io.out).toBe(
        `wrote m.svg: ${e.count} regions, 400 x 200, ${(svg.length / 1e3).toFixed(1)} kB\n`,
      );
      expect(svg).toContain('class="tick x"');
    }
  });

  it('refuses a bad size, and a file it cannot write, with one line', async () => {
    const bad = memoryIo();
    expect(await runRender(['--size', '0', '--out', 'x.svg'], bad)).toBe(2);
    expect(bad.err).toMatch(/^relu-origami: --size/);
    const io = memoryIo();
    io.writeFile = () => {
      throw new Error('EACCES: permission denied');
    };
    expect(await runRender(['--size', '64', '--out', '/x.svg'], io)).toBe(1);
    expect(io.err).toBe('relu-origami: cannot write /x.svg: EACCES: permission denied\n');
  });
});
