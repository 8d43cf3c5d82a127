/**
 * The presentation mode, the key help and the share link in the explorer, driven by key presses: the
 * panels are hidden and the caption shown, B blacks the screen out, r draws the next seed, ? lists every
 * binding of the keymap, and l copies a link whose hash reproduces the state.
 */
import { describe, expect, it } from 'vitest';
import { KEY_BINDINGS } from '../../src/ui/keymap.ts';
import { useExplorerPages } from './harness.ts';

const { open } = useExplorerPages();

describe('presentation mode', () => {
  it('hides the panels, shows a caption, blacks out and draws a new seed from the keys', async () => {
    const a = await open('#arch=2-8-1&act=relu&seed=3', 320, 240);
    const look = () =>
      a.page.evaluate(() => {
        const shown = (sel: string) => {
          const e = document.querySelector(sel);
          return e !== null && getComputedStyle(e).display !== 'none';
        };
        return {
          presenting: document.body.classList.contains('presenting'),
          gui: shown('.lil-gui'),
          caption: shown('#present-caption') ? document.getElementById('present-caption')!.textContent : null,
          black: shown('#present-black'),
          spotlight: shown('#present-spotlight'),
          seed: window.reluOrigami!.getState().architecture.seed,
        };
      });
    expect(await look()).toMatchObject({ presenting: false, gui: true, caption: null, black: false });
    await a.page.keyboard.press('f');
    expect(await look()).toMatchObject({
      presenting: true,
      gui: false,
      caption: '2-8-1 relu network, seed 3',
      black: false,
      spotlight: true,
    });
    await a.page.keyboard.press('b');
    expect((await look()).black).toBe(true);
    await a.page.keyboard.press('b');
    await a.page.keyboard.press('s');
    await a.page.keyboard.press('r');
    expect(await look()).toMatchObject({
      black: false,
      spotlight: false,
      seed: 4,
      caption: '2-8-1 relu network, seed 4',
    });
    await a.page.keyboard.press('Escape');
    expect(await look()).toMatchObject({ presenting: false, gui: true, caption: null });
    // Outside the mode, b is the boundaries again and r resets the view (the seed stays).
    await a.page.keyboard.press('b');
    expect(await a.page.evaluate(() => window.reluOrigami!.getState())).toMatchObject({
      boundaries: false,
      architecture: { seed: 4 },
    });
    await a.page.close();
  });

  it('lists every key binding in the help, and copies a share link that reproduces the state', async () => {
    const a = await open('#arch=2-6-1&act=relu&seed=2&view=-1,1,-1,1&mode=gradient', 320, 240);
    await a.page.keyboard.press('?');
    const rows = await a.page.$$eval('#key-help tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
    );
    expect(rows).toHaveLength(KEY_BINDINGS.length);
    expect(rows.map((r) => r[2])).toEqual(KEY_BINDINGS.map((b) => b.description));
    expect(rows.find((r) => r[2]?.startsWith('Black the screen'))).toEqual([
      'b, .',
      'present',
      'Black the screen out, or bring the picture back.',
    ]);
    await a.page.keyboard.press('Escape');
    expect(await a.page.$eval('#key-help', (e) => (e as HTMLElement).hidden)).toBe(true);
    // The clipboard may be refused in a headless page: the link is then shown in a message instead.
    await a.page.keyboard.press('l');
    await a.page.waitForFunction(() => window.reluOrigami!.messages().some((m) => m.includes('link')));
    const message = (await a.page.evaluate(() => window.reluOrigami!.messages())).find((m) =>
      m.includes('link'),
    )!;
    const link = /(http\S+)/.exec(message)![1]!;
    expect(link.startsWith(await a.page.evaluate(() => location.origin + location.pathname))).toBe(true);
    const fresh = await open(new URL(link).hash, 320, 240);
    const [here, there] = await Promise.all(
      [a, fresh].map((p) => p.page.evaluate(() => window.reluOrigami!.getState())),
    );
    expect(there).toEqual(here);
    await fresh.page.close();
    await a.page.close();
  });
});
