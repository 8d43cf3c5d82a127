/**
 * The demo views in headless Chromium (tests/browser/pages/views.html: an App with the views installed),
 * each checked against the float64 engine run here in Node: the 1-D view's impulses sit at the engine's
 * breakpoints; the surface's vertices lie on f and it draws without a GL error; the cross-section's
 * breakpoints are the engine's along the segment; the analysis table counts what the count worker counts;
 * the verification figures; the tour deck plays through the deck player, each step on its hash. Screenshots of each view go to $VIEWS_SCREENSHOTS
 * when set (for looking at them).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapOf, networkOf } from '../../src/app/network.ts';
import { contourSegments } from '../../src/engine/contours.ts';
import { createWorkspace, forwardInto } from '../../src/engine/forward.ts';
import type { PlaneMap } from '../../src/engine/plane.ts';
import { pointAt } from '../../src/engine/plane.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';
import { breakpoints, segmentPieces } from '../../src/engine/segment.ts';
import { parseDeck } from '../../src/state/deck.ts';
import { decodeHash } from '../../src/state/hash.ts';
import { TOUR_DECK } from '../../src/state/tourDeck.ts';
import { closeSession, openSession, type Session } from './harness.ts';

let session: Session | undefined;
const pages: { page: Page; errors: string[] }[] = [];

beforeAll(async () => {
  session = await openSession();
});
afterAll(async () => {
  for (const p of pages) expect(p.errors).toEqual([]);
  await closeSession(session);
});

/** Open the views page at `hash` (width x height) and wait for it. */
async function open(hash: string, width = 320, height = 320): Promise<Page> {
  const page = await session!.browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`page error: ${e instanceof Error ? e.message : String(e)}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console error: ${m.text()}`);
  });
  pages.push({ page, errors });
  await page.setViewport({ width, height, deviceScaleFactor: 1 });
  await page.goto(`${session!.url}tests/browser/pages/views.html${hash}`, { waitUntil: 'load' });
  await page.waitForFunction(
    () => window.reluViews !== undefined || document.getElementById('messages')?.textContent,
    {
      timeout: 60_000,
    },
  );
  return page;
}

/** The network and plane map of a hash, built here in Node. */
function netOf(hash: string): { net: ReturnType<typeof networkOf>; map: PlaneMap } {
  const s = decodeHash(hash).state;
  const net = networkOf(s.architecture);
  const map = mapOf(net, s.view.plane);
  if (typeof map === 'string') throw new Error(map);
  return { net, map };
}

async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.VIEWS_SCREENSHOTS;
  if (!dir) return;
  writeFileSync(resolve(dir, `${name}.png`), await page.screenshot());
}

describe('demo views against the engine', () => {
  it('1-D view: impulses of f″ exactly at the engine breakpoints of a one-input network', async () => {
    const hash = '#arch=1-8-1&seed=3&view=-3,3,-3,3';
    const page = await open(hash, 480, 320);
    const r = await page.evaluate(() => {
      const { views } = window.reluViews!;
      views.host.set((v) => (v.kind = 'line'));
      const line = views.line;
      const c = line.canvas;
      const ctx = c.getContext('2d')!;
      const [y0, y1] = line.panelRows(2);
      const img = ctx.getImageData(0, Math.ceil(y0) + 2, c.width, Math.floor(y1 - y0) - 4).data;
      // Columns holding impulse colours (red #e0594a or blue #5a8de0).
      const cols: number[] = [];
      for (let x = 0; x < c.width; x++) {
        for (let y = 0; y < img.length / 4 / c.width; y++) {
          const p = 4 * (y * c.width + x);
          const red = img[p]! > 200 && img[p + 1]! < 110 && img[p + 2]! < 100;
          const blue = img[p]! < 110 && img[p + 1]! > 120 && img[p + 2]! > 200;
          if (red || blue) {
            cols.push(x);
            break;
          }
        }
      }
      return {
        cols,
        xs: line.profile!.breakpoints.map((b) => b.x),
        px: line.breakpointPixels(),
        jumps: line.profile!.breakpoints.map((b) => b.jump),
        // What the hover shows in the middle of each piece.
        hovers: line.profile!.pieces.map((q) => line.hover(line.xToPixel((q.x0 + q.x1) / 2))),
      };
    });
    await shot(page, 'line1d');
    const { net, map } = netOf(hash);
    const truth = breakpoints(net, map, [-3, 0], [3, 0]).map((u) => -3 + 6 * u);
    // The hover's slope and intercept are the engine's piece (f = slope x + intercept), checked at its middle.
    const pieces = segmentPieces(net, map, [-3, 0], [3, 0]);
    expect(r.hovers.length).toBe(pieces.length);
    r.hovers.forEach((h, i) => {
      const q = pieces[i]!;
      expect(h!.index).toBe(i);
      expect(h!.slope).toBeCloseTo(q.slope[0]! / 6, 12);
      expect(h!.slope * h!.x + h!.intercept).toBeCloseTo(
        q.slope[0]! * ((h!.x + 3) / 6) + q.intercept[0]!,
        12,
      );
    });
    expect(truth.length).toBeGreaterThan(2);
    expect(r.xs.length).toBe(truth.length);
    r.xs.forEach((x, i) => {
      expect(x).toBeCloseTo(truth[i]!, 12);
    });
    // Every visible impulse column is within a pixel and a half of a breakpoint, and every breakpoint with a
    // jump taller than a few pixels has impulse pixels in its column.
    for (const col of r.cols)
      expect(Math.min(...r.px.map((p) => Math.abs(p - col)))).toBeLessThanOrEqual(3.5);
    const maxJump = Math.max(...r.jumps.map(Math.abs));
    r.px.forEach((p, i) => {
      if (Math.abs(r.jumps[i]!) > 0.1 * maxJump)
        expect(r.cols.some((c) => Math.abs(c - p) <= 2.5)).toBe(true);
    });
  });

  it('surface: every vertex lies on f, facets = exact count, drawn without a GL error', async () => {
    const hash = '#arch=2-12-12-1&seed=5&view=-2,2,-2,2';
    const page = await open(hash);
    const r = await page.evaluate(async () => {
      const { app, views } = window.reluViews!;
      views.host.set((v) => (v.kind = 'surface'));
      await views.regions.ready({ net: app.net, view: app.state.view });
      const s = views.surface!;
      const m = s.mesh!;
      const centre = s.project(0, 0, 0)!;
      const px = new Uint8Array(4);
      s.gl.readPixels(
        Math.round(centre[0]),
        s.canvas.height - Math.round(centre[1]),
        1,
        1,
        s.gl.RGBA,
        s.gl.UNSIGNED_BYTE,
        px,
      );
      const hit = s.pick(centre[0], centre[1]);
      return {
        vertices: Array.from(m.vertices),
        facets: m.facets,
        error: s.glError(),
        centre: Array.from(px),
        hit,
      };
    });
    await shot(page, 'surface');
    const { net, map } = netOf(hash);
    const e = enumerateRegions(net, { x0: -2, x1: 2, y0: -2, y1: 2 });
    if (typeof e === 'string') throw new Error(e);
    expect(r.facets).toBe(e.count);
    const ws = createWorkspace(net);
    const x = new Float64Array(2);
    let worst = 0;
    for (let i = 0; i < r.vertices.length; i += 3) {
      pointAt(map, r.vertices[i]!, r.vertices[i + 1]!, x);
      worst = Math.max(worst, Math.abs(forwardInto(net, x, ws)[0]! - r.vertices[i + 2]!));
    }
    expect(r.vertices.length).toBeGreaterThan(9 * e.count);
    expect(worst).toBeLessThan(1e-12);
    expect(r.error).toBeNull();
    // Picking the pixel of the window's centre finds a point of the surface: on f, inside the window.
    expect(r.hit).not.toBeNull();
    pointAt(map, r.hit!.s, r.hit!.t, x);
    expect(Math.abs(forwardInto(net, x, ws)[0]! - r.hit!.f)).toBeLessThan(1e-9);
    expect(Math.max(Math.abs(r.hit!.s), Math.abs(r.hit!.t))).toBeLessThanOrEqual(2);
    // The centre of the window is covered by a lit facet, not the background (0.08, 0.09, 0.11).
    expect(
      Math.abs(r.centre[0]! - 20) + Math.abs(r.centre[1]! - 23) + Math.abs(r.centre[2]! - 28),
    ).toBeGreaterThan(12);
  });

  it('surface axes: drawn at the projected ticks, off with the axes switch, in the exported PNG', async () => {
    const page = await open('#arch=2-8-8-1&seed=3&view=-2,2,-2,2', 420, 300);
    const r = await page.evaluate(async () => {
      const { app, views } = window.reluViews!;
      views.host.set((v) => (v.kind = 'surface'));
      await views.regions.ready({ net: app.net, view: app.state.view });
      const s = views.surface!;
      s.draw();
      const o = s.overlay!;
      /** How many of the ticks have an opaque pixel within 3 pixels of their projected point in `rgba`. */
      const near = (rgba: Uint8ClampedArray, w: number, h: number, ticks: { px: number[] | null }[]) =>
        ticks.filter((t) => {
          if (!t.px) return false;
          for (let dy = -3; dy <= 3; dy++)
            for (let dx = -3; dx <= 3; dx++) {
              const x = Math.round(t.px[0]!) + dx;
              const y = Math.round(t.px[1]!) + dy;
              if (x < 0 || y < 0 || x >= w || y >= h) continue;
              const i = 4 * (y * w + x);
              if (rgba[i + 3]! > 128) return true;
            }
          return false;
        }).length;
      const axes = s.axesOf(o.width, o.height, o.width / o.clientWidth)!;
      const onScreen = o.getContext('2d')!.getImageData(0, 0, o.width, o.height).data;
      const drawn = near(onScreen, o.width, o.height, axes.ticks);
      const pixelsOf = async (blob: Blob) => {
        const bmp = await createImageBitmap(blob);
        const c = new OffscreenCanvas(bmp.width, bmp.height);
        const ctx = c.getContext('2d')!;
        ctx.drawImage(bmp, 0, 0);
        return { w: bmp.width, h: bmp.height, data: ctx.getImageData(0, 0, bmp.width, bmp.height).data };
      };
      const withAxes = await pixelsOf(await s.exportPng(840, 600));
      const exportTicks = s.axesOf(840, 600, (840 / o.width) * (o.width / o.clientWidth))!.ticks;
      // The frame lines are drawn by GL too: compare against the same export without the axes.
      app.update((st) => {
        st.look.axes = false;
      });
      await new Promise((ok) => requestAnimationFrame(ok));
      const off = o.getContext('2d')!.getImageData(0, 0, o.width, o.height).data;
      let opaque = 0;
      for (let i = 3; i < off.length; i += 4) if (off[i]! > 0) opaque++;
      const without = await pixelsOf(await s.exportPng(840, 600));
      app.update((st) => {
        st.look.axes = true;
      });
      await new Promise((ok) => requestAnimationFrame(ok));
      // A pixel near a tick of the PNG with axes that is far from the same pixel without them.
      let differ = 0;
      for (const t of exportTicks) {
        if (!t.px) continue;
        let found = false;
        for (let dy = -3; dy <= 3 && !found; dy++)
          for (let dx = -3; dx <= 3 && !found; dx++) {
            const i = 4 * ((Math.round(t.px[1]!) + dy) * 840 + Math.round(t.px[0]!) + dx);
            const d =
              Math.abs(withAxes.data[i]! - without.data[i]!) +
              Math.abs(withAxes.data[i + 1]! - without.data[i + 1]!) +
              Math.abs(withAxes.data[i + 2]! - without.data[i + 2]!);
            if (d > 60) found = true;
          }
        if (found) differ++;
      }
      return {
        ticks: axes.ticks.length,
        axesSeen: [...new Set(axes.ticks.map((t) => t.axis))].sort(),
        drawn,
        opaque,
        size: [withAxes.w, withAxes.h],
        exportTicks: exportTicks.length,
        differ,
        error: s.glError(),
        canvas: [s.canvas.width, s.canvas.height],
      };
    });
    await shot(page, 'surface-axes');
    expect(r.axesSeen).toEqual(['f', 's', 't']);
    expect(r.ticks).toBeGreaterThanOrEqual(6);
    expect(r.drawn).toBe(r.ticks);
    expect(r.opaque).toBe(0);
    expect(r.size).toEqual([840, 600]);
    expect(r.exportTicks).toBeGreaterThanOrEqual(r.ticks);
    expect(r.differ).toBe(r.exportTicks);
    expect(r.error).toBeNull();
    expect(r.canvas).toEqual([420, 300]);
  });

  it('surface picture: seen from above, the largest facets show their region colours where they project', async () => {
    const hash = '#arch=2-8-8-1&seed=3&view=-2,2,-2,2';
    const page = await open(hash, 300, 300);
    const r = await page.evaluate(async () => {
      const { app, views } = window.reluViews!;
      views.host.set((v) => (v.kind = 'surface'));
      await views.regions.ready({ net: app.net, view: app.state.view });
      const s = views.surface!;
      s.creases = false;
      s.camera.orbit = { azimuth: -Math.PI / 2, elevation: 1.5, zoom: 1 };
      s.draw();
      const m = s.mesh!;
      // Facet centroids (first triangle of each facet is enough: its centroid lies inside the facet).
      const out: { id: number; rgb: number[]; area: number; picked: boolean }[] = [];
      const px = new Uint8Array(4);
      for (let i = 0; i < m.positions.length; i += 9) {
        const P = m.positions;
        const x = (P[i]! + P[i + 3]! + P[i + 6]!) / 3;
        const y = (P[i + 1]! + P[i + 4]! + P[i + 7]!) / 3;
        const z = (P[i + 2]! + P[i + 5]! + P[i + 8]!) / 3;
        const area =
          Math.abs(
            (P[i + 3]! - P[i]!) * (P[i + 7]! - P[i + 1]!) - (P[i + 6]! - P[i]!) * (P[i + 4]! - P[i + 1]!),
          ) / 2;
        const q = s.project(x, y, z);
        if (!q) continue;
        s.gl.readPixels(
          Math.round(q[0]),
          s.canvas.height - 1 - Math.round(q[1]),
          1,
          1,
          s.gl.RGBA,
          s.gl.UNSIGNED_BYTE,
          px,
        );
        const hit = s.pick(q[0], q[1]);
        out.push({
          id: m.ids[i / 3]!,
          rgb: [px[0]!, px[1]!, px[2]!],
          area,
          picked: hit?.region === m.triangleRegion[i / 9],
        });
      }
      return { samples: out, error: s.glError() };
    });
    await shot(page, 'surface-top');
    expect(r.error).toBeNull();
    const big = r.samples.sort((a, b) => b.area - a.area).slice(0, 25);
    expect(big.length).toBe(25);
    const { regionColour } = await import('../../src/render/palette.ts');
    const c = new Uint8Array(3);
    const chroma = (v: ArrayLike<number>) => {
      const sum = v[0]! + v[1]! + v[2]!;
      return [v[0]! / sum, v[1]! / sum];
    };
    let matches = 0;
    for (const b of big) {
      regionColour(b.id, c);
      const [er, eg] = chroma(c);
      const [gr, gg] = chroma(b.rgb);
      // Flat shading scales the three channels alike: the chromaticity is the palette's.
      if (Math.abs(er! - gr!) < 0.02 && Math.abs(eg! - gg!) < 0.02) matches++;
    }
    expect(matches).toBeGreaterThanOrEqual(23);
    // Picking at those pixels finds those facets' regions.
    expect(big.filter((b) => b.picked).length).toBeGreaterThanOrEqual(23);
  });

  it('cross-section: breakpoints equal the engine’s along the segment; pieces drawn on the map', async () => {
    const hash = '#arch=2-16-16-1&seed=1&view=-3,3,-3,3';
    const page = await open(hash);
    const section: [number, number, number, number] = [-2.5, -1.5, 2.5, 1.8];
    const r = await page.evaluate((sec) => {
      const { views } = window.reluViews!;
      views.host.set((v) => (v.section = sec));
      views.dock.show('section');
      const o = views.overlay.canvas;
      const img = o.getContext('2d')!.getImageData(0, 0, o.width, o.height).data;
      let drawn = 0;
      for (let p = 3; p < img.length; p += 4) if (img[p]! > 0) drawn++;
      return {
        xs: views.section.profile!.breakpoints.map((b) => b.x),
        drawn,
        length: views.section.profile!.x1,
      };
    }, section);
    await shot(page, 'section');
    const { net, map } = netOf(hash);
    const len = Math.hypot(5, 3.3);
    const truth = breakpoints(net, map, [section[0], section[1]], [section[2], section[3]]);
    expect(truth.length).toBeGreaterThan(5);
    expect(r.xs.length).toBe(truth.length);
    r.xs.forEach((x, i) => {
      expect(x).toBeCloseTo(truth[i]! * len, 12);
    });
    expect(r.length).toBeCloseTo(len, 12);
    expect(r.drawn).toBeGreaterThan(300);
  });

  it('section drawing: an armed drag (touch screens) or a Shift-drag sets the segment in plane coordinates', async () => {
    const page = await open('#arch=2-8-1&seed=2&view=-2,2,-2,2', 400, 400);
    await page.evaluate(() => window.reluViews!.views.overlay.arm());
    await page.mouse.move(100, 300);
    await page.mouse.down();
    await page.mouse.move(300, 100, { steps: 5 });
    await page.mouse.up();
    const armed = await page.evaluate(() => window.reluViews!.views.host.get().section);
    // Pixels (100, 300) and (300, 100) of a 400-pixel view of [-2, 2]^2 are (-1, -1) and (1, 1).
    expect(armed).toEqual([-1, -1, 1, 1].map((x) => expect.closeTo(x, 4)));
    // Disarmed: a plain drag leaves it; a Shift-drag replaces it.
    await page.mouse.move(200, 200);
    await page.mouse.down();
    await page.mouse.move(250, 250, { steps: 3 });
    await page.mouse.up();
    expect(await page.evaluate(() => window.reluViews!.views.host.get().section)).toEqual(armed);
    await page.keyboard.down('Shift');
    await page.mouse.move(200, 200);
    await page.mouse.down();
    await page.mouse.move(300, 200, { steps: 3 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    expect(await page.evaluate(() => window.reluViews!.views.host.get().section)).toEqual(
      [0, 0, 1, 0].map((x) => expect.closeTo(x, 4)),
    );
  });

  it('contours: the overlay draws the engine’s exact iso-segments', async () => {
    const hash = '#arch=2-16-16-1&seed=1&view=-3,3,-3,3&mode=output&out=0';
    const page = await open(hash);
    const r = await page.evaluate(async () => {
      const { app, views } = window.reluViews!;
      views.host.set((v) => (v.contours = 0.25));
      app.renderNow(1);
      await views.regions.ready({ net: app.net, view: app.state.view });
      const o = views.overlay.canvas;
      const img = o.getContext('2d')!.getImageData(0, 0, o.width, o.height).data;
      let drawn = 0;
      for (let p = 3; p < img.length; p += 4) if (img[p]! > 0) drawn++;
      return { stats: views.overlay.contourStats(), drawn };
    });
    await shot(page, 'contours');
    const { net } = netOf(hash);
    const e = enumerateRegions(net, { x0: -3, x1: 3, y0: -3, y1: 3 });
    if (typeof e === 'string') throw new Error(e);
    const truth = contourSegments(e.regions, 0.25);
    expect(truth.count).toBeGreaterThan(100);
    expect(r.stats.spacing).toBe(0.25);
    expect(r.stats.segments).toBe(truth.count);
    expect(r.drawn).toBeGreaterThan(1000);
  });

  it('analysis: the table counts what the exact-count worker and the engine count', async () => {
    const hash = '#arch=2-10-10-1&seed=7&view=-3,3,-2,2';
    const page = await open(hash, 640, 480);
    const r = await page.evaluate(async () => {
      const { app, views } = window.reluViews!;
      views.dock.show('analysis');
      await views.regions.ready({ net: app.net, view: app.state.view });
      const worker = await app.exact.result();
      const rows = document.querySelectorAll('.views-dock table tr').length - 1;
      // The first row is the largest region (sorted by area, descending); clicking it pins its polygon.
      const first = document.querySelector<HTMLTableRowElement>('.views-dock table tr[data-index]')!;
      first.click();
      const p = app.pinned ?? new Float64Array(0);
      let twice = 0;
      for (let i = 0; i < p.length; i += 2) {
        const j = (i + 2) % p.length;
        twice += p[i]! * p[j + 1]! - p[j]! * p[i + 1]!;
      }
      return { worker, rows, pinnedArea: twice / 2 };
    });
    // The counts by depth come from the worker a little later.
    await page.waitForFunction(() => window.reluViews!.views.analysis.figures().depth.length === 2, {
      timeout: 30_000,
    });
    const figures = await page.evaluate(() => window.reluViews!.views.analysis.figures());
    await shot(page, 'analysis');
    const { net } = netOf(hash);
    const e = enumerateRegions(net, { x0: -3, x1: 3, y0: -2, y1: 2 });
    if (typeof e === 'string') throw new Error(e);
    expect(figures.count).toBe(e.count);
    expect(r.worker.count).toBe(e.count);
    expect(r.worker.complete).toBe(true);
    expect(r.rows).toBe(Math.min(200, e.count));
    expect(r.pinnedArea).toBeCloseTo(Math.max(...e.regions.map((g) => g.area)), 12);
    const e1 = enumerateRegions(net, { x0: -3, x1: 3, y0: -2, y1: 2 }, { layers: 1 });
    if (typeof e1 === 'string') throw new Error(e1);
    expect(figures.depth.map((d) => [d.neurons, d.count])).toEqual([
      [10, e1.count],
      [20, e.count],
    ]);
    expect(figures.bounds.serra).toBeGreaterThanOrEqual(e.count);
  });

  it('verification: second differences, affine maps and GPU-vs-CPU agreement', async () => {
    const page = await open('#arch=2-8-8-1&seed=2&view=-3,3,-3,3');
    const f = await page.evaluate(async () => {
      const { views } = window.reluViews!;
      views.dock.show('verify');
      return await views.verification.run();
    });
    await shot(page, 'verify');
    expect(f.second!.inside.length).toBe(200);
    expect(f.second!.insideMax).toBeLessThanOrEqual(f.second!.roundingScale);
    expect(f.second!.straddlingMedian).toBeGreaterThan(1e-6);
    expect(f.affine!.patternMismatches).toBe(0);
    expect(f.affine!.maxError).toBeLessThan(1e-12 * Math.max(1, f.affine!.maxValue));
    expect(f.agreement!).toBeGreaterThan(0.97);
  });

  it("the 'v' key cycles the main view", async () => {
    const page = await open('#arch=2-6-1&seed=1', 240, 240);
    const kinds: string[] = [];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('v');
      kinds.push(await page.evaluate(() => window.reluViews!.views.host.get().kind));
    }
    expect(kinds).toEqual(['surface', 'line', 'map']);
  });

  it('tour: one deck, played by the deck player: its button, steps, card and panels', async () => {
    const page = await open('', 360, 270);
    const r = await page.evaluate(async () => {
      const { app, views } = window.reluViews!;
      const out: { index: number; hash: string; expected: string; kind: string; dock: string | null }[] = [];
      const record = () => {
        const info = views.deck.info()!;
        out.push({
          index: info.index,
          hash: app.hash(),
          expected: info.hash,
          kind: app.state.views.kind,
          dock: views.dock.current(),
        });
      };
      const idle = async () => {
        while (views.deck.info()?.moving) await new Promise((ok) => setTimeout(ok, 20));
      };
      // The tour's entry point (the views' tour button) loads the tour deck and enters its first step.
      [...document.querySelectorAll<HTMLButtonElement>('.views-kinds button')]
        .find((b) => b.textContent === 'tour')!
        .click();
      while (!views.deck.info()) await new Promise((ok) => setTimeout(ok, 20));
      await idle();
      const first = views.deck.info()!;
      record();
      // Each step applies a new network (a shader build on SwiftShader): three networks keep the test short.
      await views.tour.go(2, { fast: true });
      record();
      await views.tour.go(8, { fast: true });
      record();
      const cards = [...document.querySelectorAll<HTMLElement>('.views-tour')].filter((c) => !c.hidden);
      const caption = cards[0]?.querySelector('p')?.textContent ?? '';
      // The card's buttons step the same player (back to step 7, the same network).
      [...cards[0]!.querySelectorAll('button')].find((b) => b.textContent === '← previous')!.click();
      await new Promise((ok) => setTimeout(ok, 50));
      await idle();
      record();
      return {
        first: { source: first.source, index: first.index, title: first.title, steps: first.steps },
        out,
        cards: cards.length,
        caption,
        open: views.tour.open(),
      };
    });
    await shot(page, 'tour-last');
    const parsed = parseDeck(TOUR_DECK);
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const steps = parsed.deck.steps;
    expect(r.first).toEqual({ source: 'builtin:tour', index: 0, title: 'Guided tour', steps: steps.length });
    expect(r.out.map((s) => s.index)).toEqual([0, 2, 8, 7]);
    for (const s of r.out) {
      const step = steps[s.index]!;
      expect(s.expected).toBe(step.hash);
      expect(s.hash).toBe(step.hash);
      expect(s.kind).toBe(step.state.views.kind);
      if (step.panel) expect(s.dock).toBe(step.panel);
    }
    expect(r.out.map((s) => s.kind)).toEqual(['line', 'surface', 'map', 'map']);
    expect(r.out.slice(2).map((s) => s.dock)).toEqual(['verify', 'section']);
    // One caption card: the deck player's, showing the step's caption.
    expect(r.cards).toBe(1);
    expect(r.caption).toBe(steps[8]!.caption);
    expect(r.open).toBe(true);
  });
});
