/**
 * Browser-test harness: a Vite dev server on a free localhost port and headless Chromium with WebGL2 on
 * SwiftShader (or the GPU when there is one). Page errors, console errors and failed requests are
 * collected; tests assert that none occurred.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer';
import { build, createServer, preview } from 'vite';
import { afterAll, beforeAll, expect } from 'vitest';

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
 * Start the dev server (or, with `production`, build the app into a temporary folder and serve it with
 * Vite's preview server) and the browser, with `glFlags` choosing the GL backend (default: SwiftShader).
 */
export async function openSession(
  production = false,
  glFlags: readonly string[] = SWIFTSHADER_FLAGS,
): Promise<Session> {
  let server: Session['server'];
  let port: number;
  if (production) {
    const outDir = mkdtempSync(resolve(tmpdir(), 'relu-origami-dist-'));
    await build({
      root: ROOT,
      configFile: resolve(ROOT, 'vite.config.ts'),
      logLevel: 'error',
      build: { outDir, emptyOutDir: true },
    });
    const p = await preview({
      root: ROOT,
      configFile: resolve(ROOT, 'vite.config.ts'),
      logLevel: 'error',
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, strictPort: false },
    });
    const addr = p.httpServer.address();
    if (!addr || typeof addr === 'string') throw new Error('the preview server has no port');
    port = addr.port;
    server = {
      close: async () => {
        await p.close();
        rmSync(outDir, { recursive: true, force: true });
      },
    };
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
    const addr = dev.httpServer?.address();
    if (!addr || typeof addr === 'string') throw new Error('the dev server has no port');
    port = addr.port;
    server = {
      close: async () => {
        await dev.close();
        rmSync(cacheDir, { recursive: true, force: true });
      },
    };
  }
  const url = `http://127.0.0.1:${port}/`;
  const executablePath = chromiumPath();
  const browser = await puppeteer.launch({
    headless: true,
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
  return { server, url, browser };
}

/** Close the browser and the server. */
export async function closeSession(s: Session | undefined): Promise<void> {
  if (!s) return;
  await s.browser.close().catch(() => {});
  await s.server.close();
}

/** A page of the explorer with its error log. */
export interface AppPage {
  /** The page. */
  page: Page;
  /** Page errors, console errors and failed requests, as text. */
  errors: string[];
}

/** Open the explorer at `hash` in a width x height viewport (device scale 1) and wait for the API. */
export async function openApp(s: Session, hash = '', width = 256, height = 256): Promise<AppPage> {
  const page = await s.browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`page error: ${e instanceof Error ? e.message : String(e)}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console error: ${m.text()}`);
  });
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  await page.setViewport({ width, height, deviceScaleFactor: 1 });
  await page.goto(s.url + hash, { waitUntil: 'load' });
  await page.waitForFunction(
    () => window.reluOrigami !== undefined || document.getElementById('messages')?.textContent,
    {
      timeout: 60_000,
    },
  );
  return { page, errors };
}

/**
 * Register a test file's session: the dev server and browser start before its tests and stop after them,
 * and every page opened with the returned `open` must end with no page, console or request error.
 */
export function useExplorerPages(): {
  open(hash?: string, width?: number, height?: number): Promise<AppPage>;
} {
  let session: Session | undefined;
  const opened: AppPage[] = [];
  beforeAll(async () => {
    session = await openSession();
  });
  afterAll(async () => {
    for (const a of opened) expect(a.errors).toEqual([]);
    await closeSession(session);
  });
  return {
    async open(hash = '', width = 200, height = 200) {
      const a = await openApp(session!, hash, width, height);
      opened.push(a);
      return a;
    },
  };
}
