/**
 * Progress, never a stale picture: after a switch from a small network to a heavy one, the first frame the
 * canvas shows is a coarse frame of the new network (its pixels checked against the float64 engine at the
 * coarse samples), the progress indicator is up until the full-resolution frame is complete and gone
 * after it; and `render()` yields to the page between its steps.
 */
import { describe, expect, it } from 'vitest';
import { networkOf } from '../../src/app/network.ts';
import { evaluatePoint, patternHashInto } from '../../src/engine/forward.ts';
import type { Network } from '../../src/engine/model.ts';
import { regionColour } from '../../src/render/palette.ts';
import type { AppState } from '../../src/state/appState.ts';
import { useExplorerPages } from './harness.ts';

const { open } = useExplorerPages();

interface Shown {
  reduction: number;
  current: boolean;
  indicatorShown: boolean;
  state: AppState;
  width: number;
  height: number;
  rgba: number[];
}

/**
 * The share of canvas pixels whose colour is that of `net`'s region at the sample of the coarse pixel that
 * covers it (the composite's nearest lookup; a boundary pixel is the colour at half).
 */
function agreement(shown: Shown, net: Network): number {
  const { width: W, height: H, reduction: r, state } = shown;
  const w = Math.ceil(W / r);
  const h = Math.ceil(H / r);
  const v = state.view;
  const cx = (v.x0 + v.x1) / 2;
  const cy = (v.y0 + v.y1) / 2;
  const words = new Uint32Array(2);
  const rgb = new Uint8Array(3);
  let same = 0;
  for (let j = 0; j < H; j++) {
    for (let i = 0; i < W; i++) {
      const qx = Math.min(w - 1, Math.floor(((i + 0.5) * w) / W));
      const qy = Math.min(h - 1, Math.floor(((H - j - 0.5) * h) / H));
      const s = cx + (qx + 0.5 - w / 2) * ((v.x1 - v.x0) / w);
      const t = cy + (qy + 0.5 - h / 2) * ((v.y1 - v.y0) / h);
      patternHashInto(evaluatePoint(net, [s, t]).pattern, words);
      regionColour(words[0]! & 0x3fff, rgb);
      const p = 4 * (j * W + i);
      const px = shown.rgba.slice(p, p + 3);
      const near = (k: number, c: number) => Math.abs(px[k]! - c) <= 1;
      const full = [0, 1, 2].every((k) => near(k, rgb[k]!));
      const half = [0, 1, 2].every(
        (k) => near(k, Math.floor(rgb[k]! * 0.5)) || near(k, Math.round(rgb[k]! * 0.5)),
      );
      if (full || half) same++;
    }
  }
  return same / (W * H);
}

describe('progress, never a stale picture', () => {
  it('shows a coarse frame of the new network first, with the indicator until full resolution', async () => {
    const { page } = await open('#arch=2-8-1&view=-2,2,-2,2', 96, 96);
    await page.evaluate(() => window.reluOrigami!.render());
    const small = await page.evaluate(() => window.reluOrigami!.getState());
    const got = await page.evaluate(async () => {
      const api = window.reluOrigami!;
      const canvas = document.getElementById('view') as HTMLCanvasElement;
      const indicator = document.getElementById('frame-progress')!;
      const shown: Shown[] = [];
      const off = api.onFrame((f) => {
        const copy = document.createElement('canvas');
        copy.width = canvas.width;
        copy.height = canvas.height;
        const ctx = copy.getContext('2d')!;
        ctx.drawImage(canvas, 0, 0);
        shown.push({
          reduction: f.reduction,
          current: f.current,
          indicatorShown: !indicator.hidden,
          state: api.getState(),
          width: canvas.width,
          height: canvas.height,
          rgba: shown.length === 0 ? Array.from(ctx.getImageData(0, 0, copy.width, copy.height).data) : [],
        });
      });
      const staleAtSwitch = { marked: false };
      await api.setHash('#arch=2-64-64-64-64-1&view=-2,2,-2,2');
      staleAtSwitch.marked = canvas.classList.contains('stale') && !indicator.hidden;
      await api.render();
      off();
      return {
        shown,
        staleAtSwitch: staleAtSwitch.marked,
        indicatorAfter: !indicator.hidden,
        frames: api.frames(),
      };
    });
    // The old picture is marked at once (the switch drew nothing yet).
    expect(got.staleAtSwitch).toBe(true);
    const first = got.shown[0]!;
    expect(first.current).toBe(true);
    expect(first.reduction).toBeGreaterThan(1);
    expect(first.indicatorShown).toBe(true);
    const big = networkOf(first.state.architecture);
    expect(first.state.architecture.widths).toEqual([2, 64, 64, 64, 64, 1]);
    const agreeNew = agreement(first, big);
    const agreeOld = agreement(first, networkOf(small.architecture));
    console.log(JSON.stringify({ reduction: first.reduction, agreeNew, agreeOld, frames: got.shown.length }));
    expect(agreeNew).toBeGreaterThan(0.97);
    expect(agreeOld).toBeLessThan(0.2);
    // The last frame is at full resolution, and the indicator is gone after it.
    const last = got.shown[got.shown.length - 1]!;
    expect(last.reduction).toBe(1);
    expect(last.indicatorShown).toBe(false);
    expect(got.indicatorAfter).toBe(false);
    expect(got.frames.refining).toBeNull();
  }, 60_000);

  it('render() yields to the page between the steps of a heavy frame', async () => {
    const { page } = await open('#arch=2-64-64-64-64-1&view=-2,2,-2,2', 160, 160);
    const r = await page.evaluate(async () => {
      const api = window.reluOrigami!;
      await api.render();
      await api.setView({ x0: -1, x1: 1, y0: -1, y1: 1 });
      let ticks = 0;
      let running = true;
      const tick = () => {
        ticks++;
        if (running) setTimeout(tick, 0);
      };
      setTimeout(tick, 0);
      const before = api.frames();
      const p = api.render();
      // Nothing was drawn inside the call: the promise comes back first.
      const drawnInCall = api.frames().steps - before.steps;
      await p;
      running = false;
      const after = api.frames();
      return {
        ticks,
        drawnInCall,
        frames: after.drawn - before.drawn,
        steps: after.steps - before.steps,
        reduction: after.reduction,
        swiftShader: /swiftshader/i.test(api.info().device),
      };
    });
    console.log(JSON.stringify(r));
    expect(r.drawnInCall).toBe(0);
    expect(r.reduction).toBe(1);
    // A coarse frame and the full one; on SwiftShader (about 1.5e9 multiply-adds/s) the 3.2e8 of the full
    // frame take more than one step of 2^28.
    if (r.swiftShader) expect(r.steps).toBeGreaterThanOrEqual(2);
    // The page's own tasks ran while the frame was drawn: at least one between every two steps.
    expect(r.ticks).toBeGreaterThanOrEqual(r.steps);
  }, 60_000);

  it("keeps the map's indicator down while another main view is shown", async () => {
    const { page } = await open('#arch=2-64-64-64-64-1&view=-2,2,-2,2&show=line', 160, 160);
    const r = await page.evaluate(async () => {
      const api = window.reluOrigami!;
      await api.render();
      const indicator = document.getElementById('frame-progress')!;
      let refining = 0;
      let shown = 0;
      const off = api.onFrame(() => {
        if (api.frames().refining !== null) refining++;
        if (!indicator.hidden) shown++;
      });
      await api.setView({ x0: -1, x1: 1, y0: -1, y1: 1 });
      await api.render();
      off();
      // Back on the map, a frame in progress shows its line again.
      await api.setHash('#arch=2-64-64-64-64-1&view=-1.5,1.5,-1.5,1.5');
      const onMap = !indicator.hidden;
      await api.render();
      return { refining, shown, onMap, swiftShader: /swiftshader/i.test(api.info().device) };
    });
    console.log(JSON.stringify(r));
    expect(r.shown).toBe(0);
    // On SwiftShader the frame takes several steps (see above), so the map was refining under the 1-D view.
    if (r.swiftShader) {
      expect(r.refining).toBeGreaterThan(0);
      expect(r.onMap).toBe(true);
    }
  }, 60_000);
});
