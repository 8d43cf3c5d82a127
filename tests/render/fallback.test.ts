/**
 * The renderer fallback's forwarded members (defined once on its prototype from two lists): each reaches
 * the renderer in use with its arguments unchanged and returns its answer, and without WebGL2 that is the
 * CPU renderer, whose words the fallback's equal.
 */
import { describe, expect, it } from 'vitest';
import { initNetwork } from '../../src/engine/init.ts';
import { type PlaneMap, planeMap } from '../../src/engine/plane.ts';
import { CpuRenderer } from '../../src/render/cpu/cpuRenderer.ts';
import { FallbackRenderer } from '../../src/render/cpu/fallback.ts';
import type { WordChannel } from '../../src/render/mapRenderer.ts';

const map = planeMap(2, undefined) as PlaneMap;
const view = { x0: -2, x1: 2, y0: -1.5, y1: 2.5, map };
const canvas = () =>
  ({ width: 12, height: 9, addEventListener() {}, removeEventListener() {} }) as unknown as HTMLCanvasElement;

/** A CPU renderer that records the arguments of its reads. */
class Recording extends CpuRenderer {
  calls: unknown[][] = [];
  override readWords(...args: Parameters<CpuRenderer['readWords']>): Uint32Array {
    this.calls.push(['readWords', ...args]);
    return super.readWords(...args);
  }
  override readIdWordsAsync(...args: Parameters<CpuRenderer['readIdWordsAsync']>): Promise<Uint32Array> {
    this.calls.push(['readIdWordsAsync', ...args]);
    return super.readIdWordsAsync(...args);
  }
}

function fallback() {
  const c = canvas();
  const cpu = new Recording(c);
  const f = new FallbackRenderer(c, {
    gpu: 'WebGL2 is not available in this browser',
    cpu,
    recreate: () => 'no',
  });
  f.setNetwork(initNetwork({ widths: [2, 8, 8, 3], activation: 'relu', seed: 2 }));
  f.setView(view);
  return { f, cpu };
}

describe('the renderer fallback', () => {
  it('forwards reads with every argument to the renderer in use', async () => {
    const { f, cpu } = fallback();
    expect(f.active).toBe(cpu);
    expect(f.choice()).toEqual({
      renderer: 'cpu',
      reason: 'WebGL2 is not available in this browser',
      contextLost: false,
    });
    const channels: WordChannel[] = ['display', 'margin', 'complexity', 'argmax'];
    for (const ch of channels) {
      const w = f.readWords(ch, 12, 9, 1, 2, 0.3, 4);
      expect(Array.from(w), ch).toEqual(Array.from(cpu.readWords(ch, 12, 9, 1, 2, 0.3, 4)));
    }
    expect(cpu.calls[0]).toEqual(['readWords', 'display', 12, 9, 1, 2, 0.3, 4]);
    const ids = await f.readIdWordsAsync(12, 9, 1, 2);
    expect(cpu.calls.at(-1)).toEqual(['readIdWordsAsync', 12, 9, 1, 2]);
    expect(Array.from(ids)).toEqual(Array.from(cpu.readIdWords(12, 9, 1, 2)));
  });

  it('forwards the other methods and properties', async () => {
    const { f, cpu } = fallback();
    const display = { mode: 'regions', layer: 1, output: 0, probe: -1, boundaries: true, range: 1 } as const;
    expect(f.packedNetwork).toBe(cpu.packedNetwork);
    expect(f.packedNetwork).not.toBeNull();
    expect(f.idReadback).toBe('float64 engine');
    expect(f.weightLocation).toBe('main memory');
    expect(f.displayMacsPerPixel(display)).toBe(cpu.displayMacsPerPixel(display));
    expect(f.displayMacsPerPixel(display)).toBeGreaterThan(0);
    const part = { display, imageWidth: 12, imageHeight: 9, x: 2, y: 1, width: 5, height: 4 };
    expect(Array.from(f.renderImagePart(part)!)).toEqual(Array.from(cpu.renderImagePart(part)!));
    expect(Array.from(f.readIdWords(12, 9))).toEqual(Array.from(cpu.readIdWords(12, 9)));
    expect(Array.from(await f.readWordsAsync('output', 12, 9, 0, 1))).toEqual(
      Array.from(cpu.readWords('output', 12, 9, 0, 1)),
    );
    expect(f.glError()).toBeNull();
    expect(f.finish()).toBeUndefined();
    expect(f.fence()).toBeNull();
  });
});
