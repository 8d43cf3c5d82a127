/**
 * Take a screenshot of the running explorer: `npx tsx scripts/shoot.ts '<hash>' out.png [width height]`.
 * Starts its own dev server and headless Chromium, and closes both.
 */
import { closeSession, openApp, openSession } from '../tests/browser/harness.ts';

const [hash = '', out = 'screenshot.png', w = '960', h = '600'] = process.argv.slice(2);
const session = await openSession();
try {
  const app = await openApp(session, hash, Number(w), Number(h));
  await app.page.evaluate(() => window.reluOrigami!.render());
  await app.page.evaluate(() => window.reluOrigami!.exactRegions().catch(() => null));
  await new Promise((r) => setTimeout(r, 600));
  await app.page.screenshot({ path: out as `${string}.png` });
  if (app.errors.length) console.error(app.errors.join('\n'));
  console.log(JSON.stringify(await app.page.evaluate(() => window.reluOrigami!.messages())));
} finally {
  await closeSession(session);
}
