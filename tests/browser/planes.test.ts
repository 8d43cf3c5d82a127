/**
 * Plane slices in the explorer: a 5-input model loaded with setModel, its plane set through the URL hash
 * (axes) and the API (random, pasted points); the HUD names each plane, the GPU's pattern hashes agree with
 * the float64 engine at every pixel centre away from the zero sets (48 x 48), and a bad plane is refused
 * with its field named while the current one is kept; a plane through three rows of the data on the map
 * gets the same checks.
 */
import { describe, expect, it } from 'vitest';
import { evaluateGrid } from '../../src/engine/forward.ts';
import { initNetwork } from '../../src/engine/init.ts';
import { toModelJson } from '../../src/engine/model.ts';
import { type PlaneMap, planeMap } from '../../src/engine/plane.ts';
import { axesPlane, randomPlane } from '../../src/engine/planes.ts';
import { type AppPage, useExplorerPages } from './harness.ts';
import { nearZeroSets } from './zeroSets.ts';

const SIZE = 48;
const { open } = useExplorerPages();
const net = initNetwork({ widths: [5, 12, 10, 3], activation: 'relu', seed: 3 });
const view = { x0: -2, x1: 2, y0: -2, y1: 2 };

async function compare(a: AppPage, plane: ReturnType<typeof axesPlane>): Promise<number> {
  if (typeof plane === 'string') throw new Error(plane);
  const r = await a.page.evaluate(async () => {
    const api = window.reluOrigami!;
    await api.render();
    const { width, height, ids } = await api.readRegionIds();
    return { width, height, ids: Array.from(ids), hud: document.getElementById('hud')!.textContent };
  });
  expect([r.width, r.height]).toEqual([SIZE, SIZE]);
  const map = planeMap(5, plane) as PlaneMap;
  const cpu = evaluateGrid(net, map, view, SIZE, SIZE);
  const near = nearZeroSets(net, map, view, SIZE, SIZE, (view.x1 - view.x0) / SIZE);
  let far = 0;
  let farAgree = 0;
  let agree = 0;
  const regions = new Set<number>();
  for (let p = 0; p < SIZE * SIZE; p++) {
    const same = r.ids[2 * p] === cpu.ids[2 * p] && r.ids[2 * p + 1] === cpu.ids[2 * p + 1];
    regions.add(cpu.ids[2 * p]!);
    if (same) agree++;
    if (!near[p]) {
      far++;
      if (same) farAgree++;
    }
  }
  console.log(
    `${regions.size} regions; ${agree}/${SIZE * SIZE} pixels agree; ${farAgree}/${far} away from zero sets`,
  );
  expect(regions.size).toBeGreaterThanOrEqual(5);
  expect(far).toBeGreaterThan(SIZE * SIZE * 0.3);
  expect(farAgree).toBe(far);
  expect(agree / (SIZE * SIZE)).toBeGreaterThanOrEqual(0.98);
  return regions.size;
}

const hudOf = (a: AppPage) => a.page.evaluate(() => document.getElementById('hud')!.textContent ?? '');

describe('plane slices of a 5-input model', () => {
  it('hash and API set the plane; the HUD names it; GPU and engine agree', async () => {
    const a = await open('', SIZE, SIZE);
    await a.page.evaluate(
      async (model, v) => {
        const api = window.reluOrigami!;
        await api.setExactCap(0);
        await api.setModel(model);
        await api.resize(48, 48);
        await api.setView(v);
      },
      { ...toModelJson(net), name: 'five.json' } as unknown as Record<string, unknown>,
      view,
    );
    expect(await hudOf(a)).toContain('plane: s·e0 + t·e1 (default)');
    await a.page.evaluate(() =>
      window.reluOrigami!.setHash('#model=five.json&view=-2,2,-2,2&pspec=axes:3,1'),
    );
    expect(await a.page.evaluate(() => window.reluOrigami!.getState().planeSpec)).toEqual({
      kind: 'axes',
      i: 3,
      j: 1,
    });
    expect(await hudOf(a)).toContain('plane: s·e3 + t·e1');
    await compare(a, axesPlane(5, 3, 1));

    await a.page.evaluate(() => window.reluOrigami!.setPlane({ kind: 'random', seed: 11 }));
    expect(await hudOf(a)).toContain('plane: random orthonormal s·u + t·v (seed 11)');
    expect(await a.page.evaluate(() => location.hash)).toContain('pspec=random%3A11');
    await compare(a, randomPlane(5, 11));

    const refused = await a.page.evaluate(() =>
      window
        .reluOrigami!.setPlane({
          kind: 'points',
          p0: [0, 0, 0, 0, 0],
          p1: [1, 0],
          p2: [0, 1, 0, 0, Number.NaN],
        })
        .then(
          () => 'resolved',
          (e: Error) => e.message,
        ),
    );
    expect(refused).toBe('p1: 2 numbers, expected 5 (one per input)\np2: entry 4 is not a finite number');
    expect(await a.page.evaluate(() => window.reluOrigami!.getState().planeSpec)).toEqual({
      kind: 'random',
      seed: 11,
    });

    // Pasted points: stored under a name in this browser's storage, which the hash carries.
    const pts = [
      [0.5, 0, 0, 0, -0.5],
      [0.5, 1, 0, 0, -0.5],
      [0.5, 0, 0, 1, 0],
    ];
    await a.page.evaluate(
      (p) => window.reluOrigami!.setPlane({ kind: 'points', p0: p[0]!, p1: p[1]!, p2: p[2]! }),
      pts,
    );
    expect(await hudOf(a)).toContain('plane: through the pasted p0, p1, p2');
    await compare(a, pts as never);
    const hash = await a.page.evaluate(() => location.hash);
    expect(hash).toContain('pspec=stored%3A');
    expect(
      await a.page.evaluate(() =>
        Object.keys(localStorage).filter((k) => k.startsWith('relu-origami/plane/')),
      ),
    ).toHaveLength(1);
    await a.page.close();
  });

  it('takes the plane through three rows of the data on the map', async () => {
    const a = await open('', SIZE, SIZE);
    const rows = [
      [0, 0, 0, 0, 0],
      [0.5, 0, 0, 0, -0.5],
      [0.3, 0.2, 0.1, 0, 0],
      [0.5, 1, 0, 0, -0.5],
      [0.5, 0, 0, 1, 0],
    ];
    const refused = await a.page.evaluate(
      async (model, v, x) => {
        const api = window.reluOrigami!;
        await api.setExactCap(0);
        await api.setModel(model);
        await api.resize(48, 48);
        await api.setView(v);
        await api.setData({ x, y: x.map((_, p) => p % 3) });
        const bad = await api.setPlane({ kind: 'data', rows: [1, 3, 9] }).then(
          () => 'resolved',
          (e: Error) => e.message,
        );
        await api.setPlane({ kind: 'data', rows: [1, 3, 4] });
        return bad;
      },
      { ...toModelJson(net), name: 'five.json' } as unknown as Record<string, unknown>,
      view,
      rows,
    );
    expect(refused).toBe('row 3 ("9"): expected a row index from 0 to 4 or label=N');
    expect(await hudOf(a)).toContain('plane: through data rows 1, 3, 4');
    await compare(a, [rows[1]!, rows[3]!, rows[4]!]);
    await a.page.close();
  });
});
