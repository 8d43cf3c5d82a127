/** `relu-origami render`: its arguments are checked in Node, before any browser starts. */
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.ts';
import { parseRenderArgs, runRender } from '../../src/cli/render.ts';
import { runCli } from '../../src/cli/run.ts';
import { QUADRANTS } from './helpers.ts';

describe('relu-origami render: arguments', () => {
  it('parses a size, a hash, a window and a mode into one hash', () => {
    const io = memoryIo({ 'm.json': QUADRANTS });
    const r = parseRenderArgs(
      [
        'm.json',
        '--size',
        '300x200',
        '--out',
        'o.png',
        '--hash',
        'arch=2-8-1&seed=4',
        '--window',
        '-1,1,-2,2',
        '--mode',
        'gradient',
      ],
      io,
    );
    expect([r.width, r.height, r.out, r.level, r.gpu]).toEqual([300, 200, 'o.png', 2, 'auto']);
    expect(r.hash).toBe('#arch=2-8-1&seed=4&view=-1,1,-2,2&mode=gradient');
    expect((r.model as { format: string }).format).toBe('relu-origami/1');
    // Without a view, the default one widened along the image's longer side (square pixels).
    expect(parseRenderArgs(['--size', '16384', '--out', 'o.png'], io)).toMatchObject({
      width: 16384,
      height: 16384,
      hash: '#view=-3,3,-3,3',
    });
    expect(parseRenderArgs(['--size', '400x200', '--out', 'o.png'], io).hash).toBe('#view=-6,6,-3,3');
    expect(parseRenderArgs(['--size', '100x300', '--out', 'o.png'], io).hash).toBe('#view=-3,3,-9,9');
  });

  it('reads MODEL - (standard input) once: a second read would find it empty', () => {
    const io = memoryIo();
    let reads = 0;
    io.readFile = (path) => {
      expect(path).toBe('-');
      return reads++ === 0 ? `\uFEFF${QUADRANTS}` : '';
    };
    const r = parseRenderArgs(['-', '--size', '64', '--out', 'o.png'], io);
    expect(reads).toBe(1);
    expect(r.model).toEqual(JSON.parse(QUADRANTS));
  });

  for (const [args, message] of [
    [['--out', 'o.png'], 'render needs --size N or --size WIDTHxHEIGHT (pixels)'],
    [['--size', '10'], 'render needs --out FILE.png'],
    [
      ['--size', '10y3', '--out', 'o.png'],
      '--size "10y3" is not N or WIDTHxHEIGHT (e.g. 16384 or 4096x2048)',
    ],
    [
      ['--size', '0x5', '--out', 'o.png'],
      '--size: the image width must be a whole number of pixels from 1 to 1048576, not 0',
    ],
    [
      ['--size', '2000000', '--out', 'o.png'],
      '--size: the image width must be a whole number of pixels from 1 to 1048576, not 2000000',
    ],
    [['--size', '10', '--out', 'o.png', '--window', '1,0,0,1'], '--window: '],
    [['--size', '10', '--out', 'o.png', '--mode', 'sparkle'], 'mode'],
    [['--size', '10', '--out', 'o.png', '--hash', '#arch=2-0-1'], '--hash has problems: '],
    [['--size', '10', '--out', 'o.png', '--level', '11'], '--level must be 0 to 9, got "11"'],
    [['--size', '10', '--out', 'o.png', '--gpu', 'maybe'], '--gpu must be auto, on or off, got "maybe"'],
    [
      ['missing.json', '--size', '10', '--out', 'o.png'],
      'cannot read model file "missing.json": no such file',
    ],
    [
      ['bad.json', '--size', '10', '--out', 'o.png'],
      'model file "bad.json" is not a valid relu-origami/1 model',
    ],
    [
      ['--size', '10', '--out', 'o.png', '--hash', '#model=mine.json&mode=layer'],
      '--hash names the model "mine.json", which only the browser that loaded it has: give its file as MODEL',
    ],
  ] as const) {
    it(`refuses ${args.join(' ')} with exit status 2 before starting a browser`, async () => {
      const io = memoryIo({ 'bad.json': '{"format":"relu-origami/1","layers":[]}' });
      const status = await runRender(args, io);
      expect(status).toBe(2);
      expect(io.out).toBe('');
      expect(io.err.startsWith('relu-origami: ')).toBe(true);
      expect(io.err).toContain(message);
      expect(io.err.trim().split('\n')).toHaveLength(1);
    });
  }

  it('is listed by --help and by the unknown-command message', () => {
    const io = memoryIo();
    expect(runCli(['--help'], io)).toBe(0);
    expect(io.out).toContain('relu-origami render [MODEL] --size N|WxH --out FILE.png');
    const bad = memoryIo();
    expect(runCli(['paint'], bad)).toBe(2);
    expect(bad.err).toContain('regions, merge, breakpoints, eval, init, convert or render');
  });
});
