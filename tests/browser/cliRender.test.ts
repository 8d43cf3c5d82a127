/**
 * `relu-origami render` end to end: the real binary starts its own server and Chromium, and the PNG it
 * writes matches the float64 engine's reference image of the same scene; a model file replaces the
 * generated network.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { networkOf } from '../../src/app/network.ts';
import { toModelJson } from '../../src/engine/model.ts';
import { decodeHash } from '../../src/state/hash.ts';
import { QUADRANTS } from '../cli/helpers.ts';
import { ROOT } from './harness.ts';
import { differingPixels, referenceImage } from './referenceImage.ts';

const dir = mkdtempSync(resolve(tmpdir(), 'relu-origami-render-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Share of the pixels (RGBA) whose colours differ by more than 2 levels in some channel. */
const fractionDiffering = (a: Uint8Array, b: Uint8Array) => differingPixels(a, b) / (a.length / 4);

function render(args: string[]) {
  const r = spawnSync(
    process.execPath,
    [resolve(ROOT, 'bin/relu-origami.mjs'), 'render', '--gpu', 'off', ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 180_000,
    },
  );
  return { status: r.status, out: r.stdout, err: r.stderr };
}

describe('relu-origami render', () => {
  it('writes the scene of a hash as a PNG that agrees with the engine', () => {
    const hash = '#arch=2-10-10-1&act=leaky_relu&alpha=0.2&seed=4&view=-2,2,-1.5,1.5&mode=regions&b=1';
    const out = resolve(dir, 'scene.png');
    const r = render(['--hash', hash, '--size', '320x240', '--out', out, '--json', '--quiet']);
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.out) as { width: number; height: number; bytes: number; renderer: string };
    expect([summary.width, summary.height]).toEqual([320, 240]);
    const file = readFileSync(out);
    expect(summary.bytes).toBe(file.length);
    expect(existsSync(`${out}.partial`)).toBe(false);
    const png = PNG.sync.read(file);
    const ref = referenceImage(hash, 320, 240);
    expect(fractionDiffering(png.data, ref)).toBeLessThanOrEqual(0.01);
  });

  it('draws a model file: the identity ReLU layer cuts the square into its four quadrants', () => {
    const model = resolve(dir, 'quadrants.json');
    writeFileSync(model, QUADRANTS);
    const out = resolve(dir, 'quadrants.png');
    const r = render([model, '--window', '-1,1,-1,1', '--size', '64', '--out', out, '--quiet']);
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^wrote .*quadrants\.png: 64 x 64/);
    const png = PNG.sync.read(readFileSync(out));
    const colour = (i: number, j: number) => png.data.readUInt32BE(4 * (j * 64 + i));
    const corners = [colour(5, 5), colour(58, 5), colour(5, 58), colour(58, 58)];
    expect(new Set(corners).size).toBe(4);
    // Each quadrant is one colour away from the axes.
    for (const [i0, j0] of [
      [0, 0],
      [34, 0],
      [0, 34],
      [34, 34],
    ] as const) {
      const c = colour(i0 + 4, j0 + 4);
      for (let j = j0; j < j0 + 29; j++) for (let i = i0; i < i0 + 29; i++) expect(colour(i, j)).toBe(c);
    }
  });

  it("applies the hash's settings to MODEL (layer k beyond the generated network's depth)", () => {
    // The model file holds the very network of this hash's architecture, so the engine's reference of the
    // hash is the expected picture; the hash given to the command names no architecture, only k = 6.
    const full = '#arch=2-6-6-6-6-6-6-1&act=relu&seed=7&view=-2,2,-2,2&mode=layer&k=6&b=1';
    const { state } = decodeHash(full);
    const model = resolve(dir, 'deep.json');
    writeFileSync(model, JSON.stringify(toModelJson(networkOf(state.architecture))));
    const out = resolve(dir, 'deep.png');
    const r = render([
      model,
      '--hash',
      '#view=-2,2,-2,2&mode=layer&k=6&b=1',
      '--size',
      '160',
      '--out',
      out,
      '--quiet',
    ]);
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    const png = PNG.sync.read(readFileSync(out));
    const ref = referenceImage(full, 160, 160);
    const refK4 = referenceImage(full.replace('k=6', 'k=4'), 160, 160);
    const differing = (a: Uint8Array) => fractionDiffering(png.data, a);
    expect(differing(ref)).toBeLessThanOrEqual(0.01);
    // And k = 4 (the generated network's depth) would be a different picture.
    expect(differing(refK4)).toBeGreaterThan(0.05);
  });

  it('fails at once, with one line and no file, when the output cannot be written', () => {
    const out = resolve(dir, 'no/such/dir/x.png');
    const r = render(['--hash', '#arch=2-4-1', '--size', '16', '--out', out, '--quiet']);
    expect(r.status).toBe(2);
    expect(r.err).toBe(`relu-origami: cannot write ${out}.partial: no such directory\n`);
    expect(existsSync(out)).toBe(false);
  });
});
