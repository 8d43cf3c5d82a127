/**
 * Browser-test harness: a Vite dev server on a free localhost port and headless Chromium with WebGL2 on
 * SwiftShader (or the GPU when there is one), from src/cli/browser.ts. Page errors, console errors and
 * failed requests are collected; tests assert that none occurred.
 */
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, expect } from 'vitest';
import { closeSession, openSession, type Session } from '../../src/cli/browser.ts';

export {
  chromiumPath,
  closeSession,
  openSession,
  ROOT,
  type Session,
  SWIFTSHADER_FLAGS,
} from '../../src/cli/browser.ts';

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
 * Add the CSS `css` to the page as an adopted (constructed) style sheet: the pages' Content-Security-Policy
 * blocks the <style> element that puppeteer's addStyleTag would insert.
 */
export async function addStyle(page: Page, css: string): Promise<void> {
  await page.evaluate((text) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }, css);
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
