/**
 * `relu-origami render`: a region map of any size as PNG, from the command line, for batch use. The scene
 * is an explorer URL hash (what the address bar shows) and optionally a model file, window and mode; the
 * picture is drawn by the explorer itself in headless Chromium (on the GPU when there is one) through
 * window.reluOrigami.exportPng, in parts, and streamed into the file. Everything that can be checked in
 * Node (the size, the hash, the model, the window) is checked before the browser starts. With `--out
 * FILE.svg` the exact region polygons are written instead, by the engine in Node (cli/renderSvg.ts).
 */
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { exportSizeError } from '../engine/io/imageSize.ts';
import type { Network } from '../engine/model.ts';
import { fitAspect } from '../engine/plane.ts';
import { decodeHash } from '../state/hash.ts';
import { parseArgs, UsageError } from './args.ts';
import type { CliIo } from './io.ts';
import { loadWindow, readModel } from './load.ts';
import { runRenderSvg } from './renderSvg.ts';

const SPEC = {
  size: 'value',
  out: 'value',
  hash: 'value',
  window: 'value',
  mode: 'value',
  level: 'value',
  gpu: 'value',
  json: 'flag',
  quiet: 'flag',
  'no-axes': 'flag',
  title: 'value',
} as const;

/** A parsed `render` command line. */
export interface RenderRequest {
  /** Image width and height in pixels. */
  width: number;
  height: number;
  /** The output file. */
  out: string;
  /** The explorer hash (with its leading #), the window and mode applied over it. */
  hash: string;
  /** The model file's JSON, when one was given. */
  model: unknown;
  /** The model file's network, when one was given (the SVG output draws it in Node). */
  network: Network | null;
  /** SVG output only: draw no axes. */
  noAxes: boolean;
  /** SVG output only: the title above the plot. */
  title: string | undefined;
  /** PNG compression level. */
  level: number;
  /** 'auto' uses the GPU when the machine has one. */
  gpu: 'auto' | 'on' | 'off';
  json: boolean;
  quiet: boolean;
}

/** Parse and check `render`'s arguments in Node; throws UsageError with a one-line reason. */
export function parseRenderArgs(argv: readonly string[], io: CliIo): RenderRequest {
  const a = parseArgs(argv, SPEC);
  if (a.positionals.length > 1)
    throw new UsageError(`render takes at most one MODEL, got ${a.positionals.length}`);
  const out = a.values.get('out');
  if (!out) throw new UsageError('render needs --out FILE.png or --out FILE.svg');
  const sizeText = a.values.get('size');
  if (!sizeText) throw new UsageError('render needs --size N or --size WIDTHxHEIGHT (pixels)');
  const m = /^(\d+)(?:x(\d+))?$/.exec(sizeText);
  if (!m) throw new UsageError(`--size "${sizeText}" is not N or WIDTHxHEIGHT (e.g. 16384 or 4096x2048)`);
  const width = Number(m[1]);
  const height = Number(m[2] ?? m[1]);
  const sizeError = exportSizeError(width, height);
  if (sizeError) throw new UsageError(`--size: ${sizeError}`);

  let hash = a.values.get('hash') ?? '';
  if (hash && !hash.startsWith('#')) hash = `#${hash}`;
  const decoded = decodeHash(hash);
  if (decoded.errors.length) throw new UsageError(`--hash has problems: ${decoded.errors.join('; ')}`);
  const params = new URLSearchParams(hash.slice(1));
  const win = a.values.get('window');
  // As the explorer does for its canvas: without a view, the default view widened along the image's longer
  // side, so that pixels are square.
  const view =
    win !== undefined
      ? loadWindow(win, false)
      : params.has('view')
        ? null
        : fitAspect(decoded.state.view, { width, height });
  if (view) params.set('view', [view.x0, view.x1, view.y0, view.y1].join(','));
  const mode = a.values.get('mode');
  if (mode !== undefined) params.set('mode', mode);
  hash = `#${params.toString().replaceAll('%2C', ',')}`;
  const again = decodeHash(hash);
  if (again.errors.length) throw new UsageError(again.errors.join('; '));

  let model: unknown = null;
  let network: Network | null = null;
  const path = a.positionals[0];
  if (path === undefined && params.has('model')) {
    throw new UsageError(
      `--hash names the model "${params.get('model')}", which only the browser that loaded it has: give its file as MODEL`,
    );
  }
  // Read once (standard input cannot be read twice) and validated here, with the path of every problem;
  // the page gets the JSON as it was.
  if (path !== undefined) ({ json: model, network } = readModel(path, io));
  const levelText = a.values.get('level') ?? '2';
  const level = Number(levelText);
  if (!/^\d$/.test(levelText)) throw new UsageError(`--level must be 0 to 9, got "${levelText}"`);
  const gpu = a.values.get('gpu') ?? 'auto';
  if (gpu !== 'auto' && gpu !== 'on' && gpu !== 'off') {
    throw new UsageError(`--gpu must be auto, on or off, got "${gpu}"`);
  }
  return {
    width,
    height,
    out,
    hash,
    model,
    network,
    noAxes: a.flags.has('no-axes'),
    title: a.values.get('title'),
    level,
    gpu,
    json: a.flags.has('json'),
    quiet: a.flags.has('quiet'),
  };
}

/** What the page sends back at the end. */
interface PageResult {
  bytes: number;
  parts: number;
  partWidth: number;
  partHeight: number;
  seconds: number;
  renderer: string;
  messages: string[];
}

/**
 * Run `render` (see {@link parseRenderArgs}); resolves to the exit status: 0, 2 for bad input (including a
 * model the GPU cannot draw), 1 when the browser or the GPU fails. The file appears only when complete
 * (written as OUT.partial, then renamed).
 */
export async function runRender(argv: readonly string[], io: CliIo): Promise<number> {
  let req: RenderRequest;
  try {
    req = parseRenderArgs(argv, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`relu-origami: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (/\.svg$/i.test(req.out)) return runRenderSvg(req, io);
  const { chromiumPath, closeSession, gpuFlags, machineHasGpu, openSession, SWIFTSHADER_FLAGS } =
    await import('./browser.ts');
  const useGpu = req.gpu === 'on' || (req.gpu === 'auto' && machineHasGpu());
  const partial = `${req.out}.partial`;
  const file = createWriteStream(partial);
  const fileError = new Promise<never>((_, reject) => file.on('error', reject));
  fileError.catch(() => {});
  try {
    await Promise.race([new Promise((r) => file.once('open', r)), fileError]);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why = code === 'ENOENT' ? 'no such directory' : code === 'EACCES' ? 'permission denied' : String(e);
    io.stderr(`relu-origami: cannot write ${partial}: ${why}\n`);
    return 2;
  }
  let session: Awaited<ReturnType<typeof openSession>> | undefined;
  let status = 1;
  // Ctrl-C or kill: no half-written file, no browser, server or Vite cache left behind.
  const interrupted = (signal: NodeJS.Signals) => {
    file.destroy();
    rmSync(partial, { force: true });
    void closeSession(session).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    // One call into the page draws the whole image: hours for a huge one on SwiftShader.
    session = await openSession(false, useGpu ? gpuFlags() : SWIFTSHADER_FLAGS, 7 * 24 * 3600 * 1000, false);
    const page = await session.browser.newPage();
    await page.setViewport({ width: 64, height: 64, deviceScaleFactor: 1 });
    // tsx compiles the functions handed to the page with esbuild's keepNames, which wraps them in __name().
    await page.evaluateOnNewDocument('globalThis.__name = (f) => f;');
    await page.exposeFunction('reluOrigamiWrite', async (base64: string) => {
      const bytes = Buffer.from(base64, 'base64');
      if (!file.write(bytes))
        await Promise.race([new Promise<void>((r) => file.once('drain', () => r())), fileError]);
    });
    let lastPrint = 0;
    await page.exposeFunction('reluOrigamiProgress', (text: string) => {
      const now = Date.now();
      if (req.quiet || now - lastPrint < 1000) return;
      lastPrint = now;
      io.stderr(`${text}\n`);
    });
    await page.goto(session.url + req.hash, { waitUntil: 'load' });
    await page.waitForFunction(() => window.reluOrigami !== undefined, { timeout: 120_000 });
    const result = await page.evaluate(
      async (model, hash, width, height, level) => {
        const api = window.reluOrigami!;
        await api.setExactCap(0);
        if (model !== null) {
          // The hash was applied to the generated network; apply it again to the model, which it names.
          await api.setModel(model);
          const name = api.getState().model ?? '';
          await api.setHash(`${hash.length > 1 ? `${hash}&` : '#'}model=${encodeURIComponent(name)}`);
        }
        // The page's canvas is not of the image's shape, and views are fitted to the canvas: show exactly the
        // hash's window (itself fitted to the image above), so that the image's pixels are square.
        const v = /[#&]view=([^&]+)/.exec(hash)?.[1]?.split(',').map(Number);
        if (v && v.length === 4)
          await api.setView({ x0: v[0]!, x1: v[1]!, y0: v[2]!, y1: v[3]! }, { exact: true });
        // Anything the explorer reported as an error (a model it cannot draw, ...) means a wrong picture.
        const errors = api.messages().filter((m) => m.startsWith('error:'));
        if (errors.length) throw new Error(`the explorer reported: ${errors.join('; ')}`);
        const w = window as unknown as {
          reluOrigamiWrite(b: string): Promise<void>;
          reluOrigamiProgress(t: string): void;
        };
        // Lines as the explorer draws them at 1:1 (the page's canvas is not the image's size).
        const r = await api.exportPng({
          width,
          height,
          lineScale: 1,
          level,
          sink: async (bytes) => {
            let text = '';
            for (let i = 0; i < bytes.length; i += 0x8000) {
              text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
            }
            await w.reluOrigamiWrite(btoa(text));
          },
          onProgress: (p) =>
            w.reluOrigamiProgress(
              `${((100 * p.pixelsDone) / p.pixels).toFixed(1)}%  ${p.partsDone} parts  ${(p.bytes / 1e6).toFixed(1)} MB  ${p.seconds.toFixed(0)} s`,
            ),
        });
        return { ...r, renderer: api.info().device, messages: api.messages() };
      },
      req.model as never,
      req.hash,
      req.width,
      req.height,
      req.level,
    );
    const r: PageResult = result;
    await new Promise<void>((resolve, reject) => file.end((e?: Error | null) => (e ? reject(e) : resolve())));
    renameSync(partial, req.out);
    const summary = {
      file: req.out,
      width: req.width,
      height: req.height,
      bytes: r.bytes,
      parts: r.parts,
      seconds: r.seconds,
      pixelsPerSecond: (req.width * req.height) / r.seconds,
      renderer: r.renderer,
      browser: chromiumPath() ?? 'puppeteer',
    };
    io.stdout(
      req.json
        ? `${JSON.stringify(summary)}\n`
        : `wrote ${req.out}: ${req.width} x ${req.height}, ${(r.bytes / 1e6).toFixed(1)} MB, ${r.parts} parts, ${r.seconds.toFixed(1)} s on ${r.renderer}\n`,
    );
    status = 0;
  } catch (e) {
    const msg = (e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, '; ');
    // A model the explorer refuses (too wide for the device, ...) is bad input; anything else a failure.
    const bad = /the explorer reported|setModel|could not be drawn|wider than|texture limit/.test(msg);
    io.stderr(`relu-origami: render failed: ${msg}\n`);
    status = bad ? 2 : 1;
  } finally {
    if (status !== 0) {
      file.destroy();
      rmSync(partial, { force: true });
    }
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await closeSession(session);
  }
  return status;
}
