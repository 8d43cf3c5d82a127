/**
 * Several pixels per fragment (Renderer.pixelsPerFragment 2, 4 and 8 (two integer attachments),
 * network.frag.glsl PIXELS) give the same words as one pixel per fragment, bit for bit, in every one-word
 * channel: the display word, hash lo and hi, output and |grad| bits, argmax. One pixel per fragment is what gpu-vs-cpu.test.ts compares with the engine.
 * Odd target widths leave a partly used last fragment; the networks cover the unrolled and the chunked
 * layer code, partial groups of 4 neurons and every activation.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type * as InitModule from '../../src/engine/init.ts';
import type * as PlaneModule from '../../src/engine/plane.ts';
import type * as RendererModule from '../../src/render/renderer.ts';
import { closeSession, openSession, type Session } from './harness.ts';

let session: Session | undefined;

beforeAll(async () => {
  session = await openSession();
});

afterAll(async () => {
  await closeSession(session);
});

/** What {@link quietPage} puts on the page's window for the tests' page functions. */
interface PixelTestKit {
  initNetwork: typeof InitModule.initNetwork;
  /**
   * A renderer on a new canvas of width x height with the tests' view of the plane (a 2-input network),
   * or the error message of Renderer.create.
   */
  viewRenderer: (width: number, height: number) => RendererModule.Renderer | string;
  /** Elements of `a` that differ from `b` (same length). */
  differing: (a: ArrayLike<number>, b: ArrayLike<number>) => number;
}

/**
 * A page of the dev server (bench.html with nothing to measure) with the modules the tests use imported
 * once, as the dev server serves them, into `window.pixelTestKit`.
 */
async function quietPage() {
  const page = await session!.browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e instanceof Error ? e.message : String(e)));
  await page.goto(`${session!.url}bench.html?only=1&cpu=0&seconds=0.01`, {
    waitUntil: 'load',
    timeout: 120_000,
  });
  await page.evaluate(async () => {
    // An import written in a string: vitest rewrites import().
    const load = new Function('p', 'return import(p)') as (path: string) => Promise<unknown>;
    const { Renderer } = (await load('/src/render/renderer.ts')) as typeof RendererModule;
    const { planeMap } = (await load('/src/engine/plane.ts')) as typeof PlaneModule;
    const kit: PixelTestKit = {
      initNetwork: ((await load('/src/engine/init.ts')) as typeof InitModule).initNetwork,
      viewRenderer: (width, height) => {
        const canvas = document.createElement('canvas');
        canvas.width = width;
        canvas.height = height;
        const r = Renderer.create(canvas);
        const map = planeMap(2, undefined);
        if (typeof r === 'string' || typeof map === 'string') return typeof r === 'string' ? r : String(map);
        r.setView({ x0: -2.5, x1: 3, y0: -2, y1: 2.2, map });
        return r;
      },
      differing: (a, b) => {
        let n = 0;
        for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
        return n;
      },
    };
    (window as unknown as { pixelTestKit: PixelTestKit }).pixelTestKit = kit;
  });
  return { page, errors };
}

it('2, 4 and 8 pixels per fragment give the words of 1 pixel per fragment', async () => {
  const { page, errors } = await quietPage();
  const report = await page.evaluate(async () => {
    const { initNetwork, viewRenderer, differing } = (window as unknown as { pixelTestKit: PixelTestKit })
      .pixelTestKit;
    const nets = [
      { widths: [2, 16, 16, 1], activation: 'relu' },
      { widths: [2, 10, 10, 3], activation: 'hardtanh' },
      { widths: [2, 33, 5, 3], activation: 'leaky_relu' },
      { widths: [2, 9, 7, 1], activation: 'abs' },
      { widths: [2, 100, 100, 100, 2], activation: 'relu' },
      { widths: [2, 300, 300, 1], activation: 'prelu' },
    ] as const;
    const r = viewRenderer(8, 8);
    if (typeof r === 'string') return [r];
    const out: string[] = [];
    const channels = ['display', 'hashLo', 'hashHi', 'output', 'gradient', 'argmax'] as const;
    for (const spec of nets) {
      const net = initNetwork({ widths: [...spec.widths], activation: spec.activation, seed: 5 });
      const words = new Map<string, Uint32Array>();
      for (const P of [1, 2, 4, 8] as const) {
        r.pixelsPerFragment = P;
        const err = r.setNetwork(net);
        if (err) return [err];
        for (const ch of channels) {
          const w = r.readWords(ch, 37, 23, 0, spec.widths.at(-1)! > 1 ? 1 : 0);
          const ref = words.get(ch);
          if (!ref) words.set(ch, w);
          else {
            out.push(`${spec.widths.join('-')} ${spec.activation} ${ch} P=${P}: ${differing(w, ref)} differ`);
          }
        }
      }
      const err = r.glError();
      if (err) out.push(err);
    }
    r.destroy();
    return out;
  });
  expect(report.length).toBe(6 * 6 * 3);
  for (const line of report) expect(line).toMatch(/: 0 differ$/);
  expect(errors).toEqual([]);
  // 24 programs compiled by SwiftShader, the 300-wide ones at 8 pixels slowly: 65 s on an idle CI machine,
  // so a limit above the usual 120 s (and within the session's 180 s protocol timeout).
}, 170_000);

it('8 pixels per fragment colour frames and image parts as 1 pixel per fragment does', async () => {
  const { page, errors } = await quietPage();
  const report = await page.evaluate(async () => {
    const { initNetwork, viewRenderer, differing } = (window as unknown as { pixelTestKit: PixelTestKit })
      .pixelTestKit;
    const r = viewRenderer(37, 23);
    if (typeof r === 'string') return [r];
    const net = initNetwork({ widths: [2, 12, 12, 3], activation: 'relu', seed: 5 });
    const modes = ['regions', 'gradient', 'output'] as const;
    const images = new Map<string, Uint8Array>();
    const out: string[] = [];
    for (const P of [1, 8] as const) {
      r.pixelsPerFragment = P;
      const err = r.setNetwork(net);
      if (err) return [err];
      for (const mode of modes) {
        const display = { mode, layer: 0, output: 1, probe: 5, boundaries: true, range: 2 };
        r.draw(display);
        const frame = new Uint8Array(37 * 23 * 4);
        r.gl.readPixels(0, 0, 37, 23, r.gl.RGBA, r.gl.UNSIGNED_BYTE, frame);
        const part = r.renderImagePart(display, 37, 23, 3, 2, 29, 17);
        if (!part) return ['no image part'];
        for (const [name, bytes] of [
          [`frame ${mode}`, frame],
          [`part ${mode}`, part],
        ] as const) {
          const ref = images.get(name);
          if (!ref) images.set(name, bytes.slice());
          else {
            out.push(`${name} P=${P}: ${differing(bytes, ref)} differ`);
          }
        }
      }
      const err2 = r.glError();
      if (err2) out.push(err2);
    }
    r.destroy();
    return out;
  });
  expect(report.length).toBe(6);
  for (const line of report) expect(line).toMatch(/: 0 differ$/);
  expect(errors).toEqual([]);
});
