/**
 * Headless Chromium for the command line, the benchmarks and the browser tests: a Vite server of this
 * repository (dev server, or a production build served by Vite's preview server) on a free localhost port,
 * and Chromium with WebGL2 on the GPU when the machine has one, on SwiftShader otherwise. Node only; needs
 * the repository's devDependencies (vite, puppeteer), which `npm ci` installs.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer';
import { build, createServer, preview } from 'vite';

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, '../..');

/** A running server and browser; close with {@link closeSession}. */
export interface Session {
  /** The dev server, or the preview server of a production build. */
  server: { close(): Promise<void> };
  /** Base URL, e.g. http://127.0.0.1:5173/ */
  url: string;
  /** The browser. */
  browser: Browser;
}

/** Chromium's executable: PUPPETEER_EXECUTABLE_PATH, else Debian's, else puppeteer's own. */
export function chromiumPath(): string | undefined {
  if (process.env.PUPPETEER_EXECUTABLE_PATH) return process.env.PUPPETEER_EXECUTABLE_PATH;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  return undefined;
}

/** Chromium's flags for WebGL2 on SwiftShader (the default of {@link openSession}). */
export const SWIFTSHADER_FLAGS: readonly string[] = [
  '--use-gl=angle',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

/**
 * The port of a server listening at `address`, and a close that stops it (`stop`) and then removes its
 * temporary folder `tempDir`.
 */
function served(
  what: string,
  address: AddressInfo | string | null | undefined,
  stop: () => Promise<void>,
  tempDir: string,
): { port: number; server: Session['server'] } {
  if (!address || typeof address === 'string') throw new Error(`the ${what} server has no port`);
  const close = async () => {
    await stop();
    rmSync(tempDir, { recursive: true, force: true });
  };
  return { port: address.port, server: { close } };
}

/**
 * Build the site (`vite build` with the repository's configuration) into `outDir`, by default a new
 * temporary folder, and return that folder; the caller removes it.
 */
export async function buildSite(
  outDir = mkdtempSync(resolve(tmpdir(), 'relu-origami-dist-')),
): Promise<string> {
  await build({
    root: ROOT,
    configFile: resolve(ROOT, 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

/**
 * Launch headless Chromium with `glFlags` choosing the GL backend, `protocolTimeout` the longest wait for
 * one call into a page (ms), and `handleSignals` letting puppeteer close it on SIGINT, SIGTERM and SIGHUP.
 */
export function launchBrowser(
  glFlags: readonly string[] = SWIFTSHADER_FLAGS,
  protocolTimeout = 180_000,
  handleSignals = true,
): Promise<Browser> {
  const executablePath = chromiumPath();
  return puppeteer.launch({
    headless: true,
    protocolTimeout,
    handleSIGINT: handleSignals,
    handleSIGTERM: handleSignals,
    handleSIGHUP: handleSignals,
    ...(executablePath ? { executablePath } : {}),
    args: [
      '--no-sandbox',
      '--headless=new',
      ...glFlags,
      '--ignore-gpu-blocklist',
      '--disable-background-networking',
      '--disable-dev-shm-usage',
      '--disable-extensions',
      '--no-first-run',
    ],
  });
}

/**
 * Start the dev server (or, with `production`, build the app into a temporary folder and serve it with
 * Vite's preview server) and the browser, with `glFlags` choosing the GL backend (default: SwiftShader).
 */
export async function openSession(
  production = false,
  glFlags: readonly string[] = SWIFTSHADER_FLAGS,
  /** Longest wait for one call into the page (ms; puppeteer's default is 3 minutes). */
  protocolTimeout = 180_000,
  /** Let puppeteer close the browser on SIGINT, SIGTERM and SIGHUP (false: the caller handles them). */
  handleSignals = true,
): Promise<Session> {
  let port: number;
  let server: Session['server'];
  if (production) {
    const outDir = await buildSite();
    const p = await preview({
      root: ROOT,
      configFile: resolve(ROOT, 'vite.config.ts'),
      logLevel: 'error',
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, strictPort: false },
    });
    ({ port, server } = served('preview', p.httpServer.address(), () => p.close(), outDir));
  } else {
    // Each server pre-bundles its dependencies into a cache of its own: test files run in parallel, and on a
    // fresh checkout two servers sharing node_modules/.vite raced to rename the same folder (ENOTEMPTY).
    const cacheDir = mkdtempSync(resolve(tmpdir(), 'relu-origami-vite-'));
    const dev = await createServer({
      root: ROOT,
      configFile: resolve(ROOT, 'vite.config.ts'),
      cacheDir,
      logLevel: 'error',
      server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null },
      optimizeDeps: { noDiscovery: true, include: ['regl', 'lil-gui'] },
    });
    await dev.listen();
    ({ port, server } = served('dev', dev.httpServer?.address(), () => dev.close(), cacheDir));
  }
  const url = `http://127.0.0.1:${port}/`;
  const browser = await launchBrowser(glFlags, protocolTimeout, handleSignals);
  return { server, url, browser };
}

/** Close the browser and the server. */
export async function closeSession(s: Session | undefined): Promise<void> {
  if (!s) return;
  await s.browser.close().catch(() => {});
  await s.server.close();
}

/** True when this machine appears to have a GPU that Chromium can use: /dev/nvidia0 or a DRI render node. */
export function machineHasGpu(): boolean {
  return existsSync('/dev/nvidia0') || existsSync('/dev/dri/renderD128');
}

/** Chromium's flags for WebGL2 on the GPU through ANGLE (`angle`: vulkan, the default, or gl-egl). */
export function gpuFlags(angle = 'vulkan'): string[] {
  return [
    '--use-gl=angle',
    `--use-angle=${angle}`,
    ...(angle === 'vulkan' ? ['--enable-features=Vulkan', '--disable-vulkan-surface'] : []),
    '--enable-gpu',
  ];
}
