/**
 * Training on the user's points in the explorer, and decks that drive training: a CSV loaded through the API
 * switches the run to user data (data=user in the URL) and the page's worker trains on exactly those
 * points, split by the settings, with weights equal to the Node trainer's on the same points bit for bit; a
 * point added by a click in edit mode reaches the next batch; a deck step trains N steps and the next ones
 * play and pause. Small canvases keep SwiftShader's work short.
 */
import { describe, expect, it } from 'vitest';
import { startRun, type TrainRun, type UserPoints } from '../../src/app/trainingProtocol.ts';
import { DEFAULT_CADENCE } from '../../src/app/trainingSession.ts';
import { parsePointsCsv } from '../../src/engine/train/csv.ts';
import { makeDataset, type PointSet } from '../../src/engine/train/data.ts';
import type { Trainer } from '../../src/engine/train/trainer.ts';
import { DECK_FORMAT } from '../../src/state/deck.ts';
import { decodeHash } from '../../src/state/hash.ts';
import { useExplorerPages } from './harness.ts';

const { open } = useExplorerPages();

const HASH = '#arch=2-6-6-1&seed=4&view=-3,3,-3,3&split=0.7&dseed=5&batch=8';

/** 50 rows `x,y,label` with a header: label 1 inside the circle of radius 1.3. */
function csvText(): string {
  const rows = ['x,y,label'];
  for (let i = 0; i < 50; i++) {
    const x = Math.round((((i * 37) % 50) / 50) * 500 - 250) / 100;
    const y = Math.round((((i * 13) % 50) / 50) * 500 - 250) / 100;
    rows.push(`${x},${y},${x * x + y * y < 1.69 ? 1 : 0}`);
  }
  return rows.join('\n');
}

/** The Node trainer of `hash` on `points` (a run on user data), at step 0. */
function nodeTrainer(hash: string, points: UserPoints): Trainer {
  const s = decodeHash(hash).state;
  expect(s.training.dataset).toBe('user');
  const run: TrainRun = {
    architecture: s.architecture,
    training: s.training,
    recordEvery: DEFAULT_CADENCE.recordEvery,
    snapshotEvery: DEFAULT_CADENCE.snapshotEvery,
    points,
  };
  const r = startRun(run);
  if (typeof r === 'string') throw new Error(r);
  return r.trainer;
}

const bitsOf = (p: ArrayLike<number>) => Array.from(new Uint32Array(Float64Array.from(p).buffer));

describe('training on the user points in the explorer', () => {
  it('trains on a loaded CSV as Node does, takes a clicked point in the next batch, and decks drive training', async () => {
    const a = await open(HASH, 400, 300);
    const page = a.page;
    const csv = csvText();
    await page.evaluate((text) => window.reluOrigami!.setData(text), csv);
    const hash = await page.evaluate(() => location.hash);
    expect(hash).toContain('data=user');
    const r = await page.evaluate(() => window.reluOrigami!.train({ steps: 40 }));
    expect(r.step).toBe(40);
    const parsed = parsePointsCsv(csv);
    if (!parsed.ok) throw new Error(parsed.issues[0]!.message);
    const node = nodeTrainer(hash, { kind: parsed.kind, points: parsed.points });
    node.step(40);
    const at40 = await page.evaluate(() => ({
      params: window.reluOrigami!.trainingParameters()!,
      state: window.reluOrigami!.trainingState(),
    }));
    expect(bitsOf(at40.params)).toEqual(bitsOf(node.params));
    expect(at40.state.data).toEqual({ user: true, train: 35, test: 15 });

    // A click in edit mode adds a point of the current class; the next steps train on it.
    await page.keyboard.press('e');
    const box = (await (await page.$('#view'))!.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.6);
    const onMap = await page.evaluate(() => window.reluOrigami!.data()!);
    expect(onMap.y).toHaveLength(51);
    const edited: PointSet = {
      inputDim: 2,
      count: 51,
      x: Float64Array.from(onMap.x.flat()),
      y: Float64Array.from(onMap.y),
    };
    const r2 = await page.evaluate(() => window.reluOrigami!.train({ steps: 10 }));
    expect(r2.step).toBe(50);
    const data = makeDataset(edited, 'classification', 0.7, 5);
    if (typeof data === 'string') throw new Error(data);
    expect(node.setData(data)).toBeNull();
    node.step(10);
    const at50 = await page.evaluate(() => window.reluOrigami!.trainingParameters()!);
    expect(bitsOf(at50)).toEqual(bitsOf(node.params));

    // While training plays, a right-click removes the nearest point and the run takes the change.
    await page.evaluate(() => window.reluOrigami!.controlTraining('play'));
    await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.6, { button: 'right' });
    await page.waitForFunction(() => window.reluOrigami!.trainingState().data?.test === 15, {
      timeout: 20_000,
    });
    const playing = await page.evaluate(() => window.reluOrigami!.trainingState());
    expect(playing.playing).toBe(true);
    expect(playing.data).toEqual({ user: true, train: 35, test: 15 });
    // The HUD says the live weights are not counted on the page (not the previous weights' counts), and
    // counts again once training pauses.
    await page.waitForFunction(
      () =>
        document.getElementById('hud')!.textContent!.includes('regions visible counted when training pauses'),
      { timeout: 20_000 },
    );
    await page.keyboard.press('e');
    await page.evaluate(() => window.reluOrigami!.controlTraining('pause'));
    await page.waitForFunction(
      () => /regions visible ~?\d/.test(document.getElementById('hud')!.textContent!),
      {
        timeout: 30_000,
      },
    );

    // A deck: the first step trains 30 steps of a built-in run, the next plays, the last pauses.
    const deckHash = '#arch=2-6-6-1&seed=4&view=-3,3,-3,3&data=circle&noise=0.05';
    const info = await page.evaluate(
      (d) => window.reluOrigami!.loadDeck(d).then(() => window.reluOrigami!.trainingState()),
      {
        format: DECK_FORMAT,
        steps: [
          { state: deckHash, caption: 'thirty steps', train: { steps: 30 } },
          { state: {}, caption: 'play', train: 'play' },
          { state: {}, caption: 'pause', train: 'pause' },
        ],
      },
    );
    expect(info.step).toBe(30);
    expect(info.data?.user).toBe(false);
    const s = decodeHash(deckHash).state;
    const builtin = startRun({
      architecture: s.architecture,
      training: s.training,
      recordEvery: 10,
      snapshotEvery: 50,
    });
    if (typeof builtin === 'string') throw new Error(builtin);
    builtin.trainer.step(30);
    const deckParams = await page.evaluate(() => window.reluOrigami!.trainingParameters()!);
    expect(bitsOf(deckParams)).toEqual(bitsOf(builtin.trainer.params));
    const played = await page.evaluate(async () => {
      const api = window.reluOrigami!;
      await api.deckStep(1, { fast: true });
      const on = api.trainingState().playing;
      await new Promise((res) => setTimeout(res, 300));
      await api.deckStep(2, { fast: true });
      return { on, off: api.trainingState().playing };
    });
    expect(played).toEqual({ on: true, off: false });
    await page.close();
  }, 90_000);
});
