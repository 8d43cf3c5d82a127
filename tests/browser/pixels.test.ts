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

let shared: Promise<{ page: import('puppeteer').Page; errors: string[] }> | undefined;

/**
 * The page the tests share (one page load and module import for the file): see {@link openQuietPage}.
 */
function quietPage() {
  shared ??= openQuietPage();
  return shared;
}

/**
 * A page of the dev server (bench.html with nothing to measure) with the modules the tests use imported
 * once, as the dev server serves them, into `window.pixelTestKit`; the page's console is printed.
 */
async function openQuietPage() {
  const page = await session!.browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e instanceof Error ? e.message : String(e)));
  page.on('console', (m) => console.log(m.text()));
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

/**
 * The networks of the first test, each compared at 1, 2, 4 and 8 pixels per fragment in every one-word
 * channel, with the unroll plan its layer code is generated under. Widths stay small because SwiftShader's
 * compile time grows with the activation arrays (pixels x widest layer x 3 with the tangents); the plan's
 * input-texel budget, not the width, decides which layer code a layer gets, so a plan with a small budget
 * puts narrow layers on the chunked path:
 * - every activation (relu, leaky_relu, prelu, abs, hardtanh, one per hidden layer) and partial groups of
 *   4 neurons (9, 7, 6, 5, 6 wide) under the default plan, whose gradient passes at 8 pixels go by chunks;
 * - a run of identical hidden layers (one loop over the layers) unrolled at 1 and 2 pixels and chunked,
 *   with a partial last chunk, at 4 and 8 (budget 16: chunks of 2 input texels, 1 with the tangents);
 * - a layer chunked already at 1 pixel, with a partial last chunk (17 input texels in chunks of 2).
 * The first network is read in every channel; the others, whose difference is the layer code, in the
 * channels that read it with and without the tangents (the display word hashes every state, the output
 * reads the last layer's values, the gradient the slopes and tangents).
 */
const PIXEL_NETS = [
  {
    widths: [2, 9, 7, 6, 5, 6, 3],
    activation: ['relu', 'leaky_relu', 'prelu', 'abs', 'hardtanh'],
    plan: null,
    channels: ['display', 'hashLo', 'hashHi', 'output', 'gradient', 'argmax'],
  },
  {
    widths: [2, 18, 18, 18, 2],
    activation: ['relu', 'relu', 'relu'],
    plan: { maxInputTexels: 16, chunked: true, maxLayerTexels: 0 },
    channels: ['display', 'output', 'gradient'],
  },
  {
    widths: [2, 66, 5, 3],
    activation: ['leaky_relu', 'hardtanh'],
    plan: { maxInputTexels: 16, chunked: true, maxLayerTexels: 0 },
    channels: ['display', 'output', 'gradient'],
  },
] as const;

for (const spec of PIXEL_NETS) {
  const name = `${spec.widths.join('-')} ${spec.activation.join(',')}`;
  it(`2, 4 and 8 pixels per fragment give the words of 1 pixel per fragment: ${name}`, async () => {
    const { page, errors } = await quietPage();
    const report = await page.evaluate(
      async (spec) => {
        const { initNetwork, viewRenderer, differing } = (window as unknown as { pixelTestKit: PixelTestKit })
          .pixelTestKit;
        const r = viewRenderer(8, 8);
        if (typeof r === 'string') return [r];
        const out: string[] = [];
        const net = initNetwork({ widths: [...spec.widths], activation: [...spec.activation], seed: 5 });
        if (spec.plan) r.unrollPlan = spec.plan;
        const words = new Map<string, Uint32Array>();
        for (const P of [1, 2, 4, 8] as const) {
          r.pixelsPerFragment = P;
          const err = r.setNetwork(net);
          if (err) return [err];
          for (const ch of spec.channels) {
            const w = r.readWords(ch, 37, 23, 0, spec.widths.at(-1)! > 1 ? 1 : 0);
            const ref = words.get(ch);
            if (!ref) words.set(ch, w);
            else out.push(`${ch} P=${P}: ${differing(w, ref)} differ`);
          }
        }
        const err = r.glError();
        if (err) out.push(err);
        r.destroy();
        return out;
      },
      spec as unknown as (typeof PIXEL_NETS)[0],
    );
    expect(report.length).toBe(spec.channels.length * 3);
    for (const line of report) expect(line).toMatch(/: 0 differ$/);
    expect(errors).toEqual([]);
  });
}

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
        const part = r.renderImagePart({
          display,
          imageWidth: 37,
          imageHeight: 23,
          x: 3,
          y: 2,
          width: 29,
          height: 17,
        });
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
