/**
 * `npm run bench`: builds the app (bench.html included) into a temporary folder, serves it with Vite's
 * preview server, opens bench.html in headless Chromium and prints the page's JSON lines (the FMA peak,
 * then one object per network configuration; see src/benchPage/main.ts). Chromium is PUPPETEER_EXECUTABLE_PATH
 * or Debian's; it runs on the GPU (ANGLE on Vulkan, or BENCH_ANGLE=gl-egl ...) when /dev/nvidia0 or
 * /dev/dri/renderD128 exists or BENCH_GPU=1, and on SwiftShader otherwise (or with BENCH_GPU=0).
 * BENCH_QUERY is appended to the page's query (e.g. `only=64&seconds=0.5`); BENCH_DEV=1 uses the dev
 * server instead of a build. Chromium also gets --enable-precise-memory-info and --js-flags=--expose-gc, so
 * that the page's heap record reads exact heap sizes and collects garbage around its frames. Not a test:
 * nothing here asserts a time.
 */
import { availableParallelism, loadavg } from 'node:os';
import {
  closeSession,
  gpuFlags,
  machineHasGpu,
  openSession,
  type Session,
  SWIFTSHADER_FLAGS,
} from '../../src/cli/browser.ts';

const gpu = process.env.BENCH_GPU === '1' || (process.env.BENCH_GPU !== '0' && machineHasGpu());
/** Exact performance.memory figures and window.gc() for the page's heap record. */
const HEAP_FLAGS = ['--enable-precise-memory-info', '--js-flags=--expose-gc'];
const flags = [...(gpu ? gpuFlags(process.env.BENCH_ANGLE ?? 'vulkan') : SWIFTSHADER_FLAGS), ...HEAP_FLAGS];

let session: Session | undefined;
try {
  session = await openSession(process.env.BENCH_DEV !== '1', flags);
  const page = await session.browser.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e instanceof Error ? e.message : String(e)}`));
  page.setDefaultNavigationTimeout(600_000);
  const query = process.env.BENCH_QUERY ? `?${process.env.BENCH_QUERY}` : '';
  const started = performance.now();
  await page.goto(`${session.url}bench.html${query}`, { waitUntil: 'load' });
  const pageSeconds = (performance.now() - started) / 1000;
  const text = await page.$eval('#result', (el) => el.textContent ?? '');
  if (!text.trim()) throw new Error('bench.html wrote no result');
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  // Other work on this machine slows SwiftShader (it runs on the CPU): say how busy it was.
  // pageSeconds: loading bench.html, all its measurements included.
  console.log(
    JSON.stringify({ kind: 'host', cores: availableParallelism(), loadAverage: loadavg()[0], pageSeconds }),
  );
  if (gpu && /swiftshader/i.test(text))
    console.error('warning: a GPU was expected but the page ran on SwiftShader');
} finally {
  await closeSession(session);
}
