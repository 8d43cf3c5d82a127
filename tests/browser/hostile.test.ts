/**
 * Hostile strings reach the explorer only as text: markup payloads through the URL hash (a model name, a
 * bad field), a scripted model's name, the name of a corrupt saved model, and worker messages shown by the
 * analysis and verification panels. Nothing may run (window.__xss stays undefined), no element of the payload
 * may appear, and its literal text is what the page shows. Also: `#iso=1e-300` leaves the page working.
 */
import { describe, expect, it } from 'vitest';
import { STORE_PREFIX } from '../../src/ui/files.ts';
import { type AppPage, useExplorerPages } from './harness.ts';

const { open } = useExplorerPages();

const PAYLOAD = '<img src=x onerror="window.__xss=1">';
const PAYLOAD2 = '<svg onload="window.__xss=2"></svg><script>window.__xss=3</script>';

/** After image and load events have had time to fire: nothing ran and no payload element exists. */
async function expectInert(a: AppPage): Promise<void> {
  const r = await a.page.evaluate(async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return {
      xss: (window as unknown as { __xss?: unknown }).__xss,
      injected: [...document.querySelectorAll('*')]
        .filter(
          (e) =>
            e.matches('img, svg, script:not([src]), [onerror], [onload]') ||
            [...e.attributes].some((at) => at.value.includes('__xss')),
        )
        .map((e) => e.outerHTML.slice(0, 80)),
    };
  });
  expect(r).toEqual({ xss: undefined, injected: [] });
}

describe('hostile input', () => {
  it('shows payloads from the URL hash and a scripted model name as text', async () => {
    const hash = `#model=${encodeURIComponent(PAYLOAD)}&act=${encodeURIComponent(PAYLOAD2)}&iso=1e-300`;
    const a = await open(hash, 320, 240);
    const messages = await a.page.evaluate(() => window.reluOrigami!.messages().join('\n'));
    expect(messages).toContain(`model "${PAYLOAD}" is not loaded`);
    expect(messages).toContain(`act=${PAYLOAD2.slice(0, 40)}`);
    // A model named by the payload, then a broken one: its messages are shown as text too.
    const err = await a.page.evaluate(async (name) => {
      const model = { name, inputDim: 2, layers: [{ weights: [[1, 2]], bias: [0], activation: 'relu' }] };
      await window.reluOrigami!.setModel(model);
      const bad = { ...model, layers: [{ ...model.layers[0], activation: name }] };
      return window.reluOrigami!.setModel(bad).then(
        () => 'resolved',
        (e: Error) => e.message,
      );
    }, PAYLOAD);
    expect(err).toContain('layers[0].activation is the string "<img src=x onerror=');
    expect(await a.page.evaluate(() => window.reluOrigami!.getState().model)).toBe(PAYLOAD);
    await expectInert(a);
    await a.page.close();
  });

  it('keeps working with #iso=1e-300 and says why no contours are drawn', async () => {
    const a = await open('#arch=2-8-8-1&seed=3&mode=output&out=0&iso=1e-300', 320, 240);
    const r = await a.page.evaluate(async () => {
      const views = window.reluOrigamiViews!;
      await views.ready();
      views.overlay.draw();
      const stats = views.overlay.contourStats();
      // The page still answers and renders.
      await window.reluOrigami!.setView({ x0: -1, x1: 1, y0: -1, y1: 1 });
      return { stats, messages: window.reluOrigami!.messages().join('\n') };
    });
    expect(r.stats.segments).toBe(0);
    expect(r.stats.note).toMatch(/^contour spacing 1e-300 is too fine for this view/);
    expect(r.messages).toContain('contour spacing 1e-300 is too fine for this view');
    await a.page.close();
  });

  it('names a corrupt saved model with a payload name as text and restores the others', async () => {
    const a = await open('#arch=2-4-1', 320, 240);
    const good = JSON.stringify({
      inputDim: 2,
      layers: [{ weights: [[1, 2]], bias: [0], activation: 'relu' }],
    });
    await a.page.evaluate(
      (prefix, payload, good) => {
        localStorage.clear();
        localStorage.setItem(`${prefix}${payload}`, '{"inputDim": 2, "layers": [');
        localStorage.setItem(`${prefix}good.json`, good);
      },
      STORE_PREFIX,
      PAYLOAD,
      good,
    );
    // A reload (not a same-document hash change) is what reads the saved models.
    await a.page.evaluate(() => history.replaceState(null, '', '#model=good.json'));
    await a.page.reload({ waitUntil: 'load' });
    await a.page.waitForFunction(() => window.reluOrigami !== undefined);
    const r = await a.page.evaluate(() => ({
      model: window.reluOrigami!.getState().model,
      messages: window.reluOrigami!.messages().join('\n'),
      banner: document.getElementById('messages')!.textContent,
      keys: Object.keys(localStorage),
    }));
    expect(r.model).toBe('good.json');
    expect(r.messages).toContain(`The saved model "${PAYLOAD}" could not be restored`);
    expect(r.keys).toEqual([`${STORE_PREFIX}good.json`]);
    await expectInert(a);
    await a.page.evaluate(() => localStorage.clear());
    await a.page.close();
  });

  it('shows worker reasons in the analysis and verification panels as text', async () => {
    const a = await open('#arch=2-6-6-1&seed=2', 480, 360);
    const r = await a.page.evaluate(async (payload) => {
      const views = window.reluOrigamiViews!;
      // The reason a worker gives for not enumerating, as the panels receive it.
      const failed = { ok: false as const, reason: payload, partialCount: 0 };
      views.regions.get = () => failed;
      views.regions.ready = async () => failed;
      views.dock.show('analysis');
      const analysis = views.analysis.figures().note;
      views.dock.show('verify');
      const v = await views.verification.run(50);
      return { analysis, notes: v.notes, text: document.body.textContent ?? '' };
    }, PAYLOAD);
    expect(r.analysis).toBe(PAYLOAD);
    expect(r.notes).toContain(`affine maps not checked: ${PAYLOAD}`);
    expect(r.text).toContain(`affine maps not checked: ${PAYLOAD}`);
    await expectInert(a);
    await a.page.close();
  });
});
