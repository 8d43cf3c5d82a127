/**
 * The demo views inside the explorer (index.html): the main view and the section come from the URL hash and
 * go back into it, switching views keeps the rest of the state, the surface counts the regions the
 * exact-count worker counts, and the controls sit in the lil-gui panel.
 */
import { describe, expect, it } from 'vitest';
import { mapOf, networkOf } from '../../src/app/network.ts';
import { breakpoints } from '../../src/engine/segment.ts';
import { decodeHash } from '../../src/state/hash.ts';
import { useExplorerPages } from './harness.ts';

const { open } = useExplorerPages();

describe('views in the explorer', () => {
  it('opens the surface from the hash, with the worker’s count of facets, and switches without losing state', async () => {
    const app = await open('#arch=2-8-8-1&seed=2&view=-2,2,-2,2&show=surface', 320, 320);
    const r = await app.page.evaluate(async () => {
      const views = window.reluOrigamiViews!;
      const api = window.reluOrigami!;
      const exact = await api.exactRegions();
      await views.ready();
      const before = api.getState();
      const surface = { kind: views.host.get().kind, facets: views.surface?.mesh?.facets ?? -1 };
      const mapHidden = (document.getElementById('view') as HTMLCanvasElement).style.visibility === 'hidden';
      views.host.set((v) => (v.kind = 'line'));
      const after = api.getState();
      return {
        exact,
        surface,
        mapHidden,
        hash: location.hash,
        sameView: JSON.stringify(before.view) === JSON.stringify(after.view),
        sameArch: JSON.stringify(before.architecture) === JSON.stringify(after.architecture),
        lineBreaks: views.line.profile?.breakpoints.length ?? -1,
        gui: document.querySelector('.lil-gui')?.textContent ?? '',
      };
    });
    expect(r.surface.kind).toBe('surface');
    expect(r.mapHidden).toBe(true);
    expect(r.exact.complete).toBe(true);
    expect(r.surface.facets).toBe(r.exact.count);
    expect(r.hash).toContain('show=line');
    expect(r.sameView && r.sameArch).toBe(true);
    expect(r.lineBreaks).toBeGreaterThan(0);
    expect(r.gui).toContain('main view');
  });

  it('shift-drag on the map draws the section (no pan); a plain drag still pans', async () => {
    // A page wider than the canvas, so that the lil-gui panel (on the right) does not cover it.
    const app = await open('#arch=2-8-8-1&seed=2&view=-2,2,-2,2', 800, 400);
    await app.page.evaluate(async () => {
      await window.reluOrigami!.resize(400, 400);
      await window.reluOrigami!.setView({ x0: -2, x1: 2, y0: -2, y1: 2 }, { exact: true });
    });
    const { page } = app;
    const before = await page.evaluate(() => window.reluOrigami!.getState().view);
    await page.keyboard.down('Shift');
    await page.mouse.move(100, 300);
    await page.mouse.down();
    await page.mouse.move(200, 200, { steps: 4 });
    await page.mouse.move(300, 100, { steps: 4 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    const r = await page.evaluate(() => ({
      view: window.reluOrigami!.getState().view,
      section: window.reluOrigamiViews!.host.get().section,
      hash: location.hash,
    }));
    expect(r.view).toEqual(before);
    // Pixels (100, 300) and (300, 100) of a 400-pixel view of [-2, 2]^2 are (-1, -1) and (1, 1).
    expect(r.section).toEqual([-1, -1, 1, 1].map((x) => expect.closeTo(x, 4)));
    expect(r.hash).toContain('sec=');
    await page.mouse.move(200, 200);
    await page.mouse.down();
    await page.mouse.move(250, 200, { steps: 4 });
    await page.mouse.up();
    const after = await page.evaluate(() => ({
      view: window.reluOrigami!.getState().view,
      section: window.reluOrigamiViews!.host.get().section,
    }));
    expect(after.view.x0).toBeLessThan(before.x0);
    expect(after.section).toEqual(r.section);
    // Escape clears the section (its meaning while a section is drawn) and leaves the view alone.
    await page.keyboard.press('Escape');
    const cleared = await page.evaluate(() => ({
      view: window.reluOrigami!.getState().view,
      section: window.reluOrigamiViews!.host.get().section,
    }));
    expect(cleared.section).toBeNull();
    expect(cleared.view).toEqual(after.view);
  });

  it('takes the cross-section from the hash: the section panel’s breakpoints are the engine’s', async () => {
    const hash = '#arch=2-12-12-1&seed=4&view=-3,3,-3,3&sec=-2,-1,2.5,1.5';
    const app = await open(hash, 400, 400);
    const xs = await app.page.evaluate(() => {
      const views = window.reluOrigamiViews!;
      views.dock.show('section');
      return views.section.profile?.breakpoints.map((b) => b.x) ?? [];
    });
    const s = decodeHash(hash).state;
    const net = networkOf(s.architecture);
    const map = mapOf(net, null);
    if (typeof map === 'string') throw new Error(map);
    const truth = breakpoints(net, map, [-2, -1], [2.5, 1.5]);
    const len = Math.hypot(4.5, 2.5);
    expect(truth.length).toBeGreaterThan(3);
    expect(xs.length).toBe(truth.length);
    xs.forEach((x, i) => {
      expect(x).toBeCloseTo(truth[i]! * len, 12);
    });
  });
});
