/**
 * Decks in the explorer: the bundled story deck opened from the URL plays through every step with no page
 * errors, each step ending on exactly its own state (the hash the parser computes in Node); a morph between
 * two networks of the same shape compiles nothing; the deck keys step it; a bad deck is refused by field.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElementHandle } from 'puppeteer';
import { describe, expect, it } from 'vitest';
import { parseDeck } from '../../src/state/deck.ts';
import { STORY_DECK } from '../../src/state/storyDeck.ts';
import { useExplorerPages } from './harness.ts';

const { open } = useExplorerPages();

const parsed = parseDeck(STORY_DECK);
const expected = parsed.ok ? parsed.deck.steps.map((s) => s.hash) : [];

describe('decks', () => {
  it('plays the bundled deck from #deck=builtin:story, each step ending on its own hash', async () => {
    expect(expected.length).toBe(10);
    const a = await open('#deck=builtin:story', 200, 200);
    await a.page.waitForFunction(() => {
      const i = window.reluOrigami?.deckInfo();
      return i && !i.moving;
    });
    const first = await a.page.evaluate(() => ({
      info: window.reluOrigami!.deckInfo(),
      hash: location.hash,
    }));
    expect(first.info).toMatchObject({ steps: 10, index: 0, title: 'The piecewise-linear story' });
    expect(first.hash).toBe(expected[0]);
    const card = await a.page.evaluate(() => document.querySelector('.deck-card p')?.textContent);
    expect(card).toBe(first.info!.caption);

    const played = await a.page.evaluate(() => window.reluOrigami!.deckPlay({ fast: true }));
    expect(played.map((p) => p.expected)).toEqual(expected);
    expect(played.map((p) => p.hash)).toEqual(expected);

    // A full-length morph (step 2 to 3: the same 2-6-1 shape, another seed) uploads weights only.
    await a.page.evaluate(() => window.reluOrigami!.deckStep(1, { fast: true }));
    const programs = await a.page.evaluate(() => window.reluOrigami!.info().programs);
    const morph = await a.page.evaluate(async () => {
      const seen: number[] = [];
      const t0 = performance.now();
      const p = window.reluOrigami!.deckStep(2);
      // While it runs, the state's architecture is already the target's (the weights blend in the renderer).
      await new Promise((r) => requestAnimationFrame(r));
      seen.push(window.reluOrigami!.getState().architecture.seed);
      await p;
      return { seen, ms: performance.now() - t0, hash: location.hash };
    });
    expect(morph.seen).toEqual([5]);
    expect(morph.hash).toBe(expected[2]);
    expect(await a.page.evaluate(() => window.reluOrigami!.info().programs)).toBe(programs);

    // The keys step the deck while it is loaded.
    await a.page.keyboard.press('PageDown');
    await a.page.waitForFunction(() => !window.reluOrigami!.deckInfo()!.moving);
    expect(await a.page.evaluate(() => window.reluOrigami!.deckInfo()!.index)).toBe(3);
    await a.page.keyboard.press('ArrowLeft');
    await a.page.waitForFunction(() => !window.reluOrigami!.deckInfo()!.moving);
    expect(await a.page.evaluate(() => [window.reluOrigami!.deckInfo()!.index, location.hash])).toEqual([
      2,
      expected[2],
    ]);
    expect(a.errors).toEqual([]);
    await a.page.close();
  });

  it('refuses a bad deck field by field and keeps the state', async () => {
    const a = await open('#arch=2-6-1&seed=2', 200, 200);
    const before = await a.page.evaluate(() => location.hash);
    const message = await a.page.evaluate(() =>
      window
        .reluOrigami!.loadDeck({
          format: 'relu-origami-deck/1',
          steps: [
            { state: '#arch=2-6-1', caption: 'ok' },
            { state: { mode: 'sparkle' }, caption: 'bad' },
          ],
        })
        .then(
          () => 'loaded',
          (e: Error) => e.message,
        ),
    );
    expect(message).toMatch(/^steps\[1\]\.state: mode=sparkle is invalid/);
    expect(await a.page.evaluate(() => [location.hash, window.reluOrigami!.deckInfo()])).toEqual([
      before,
      null,
    ]);
    // A deck file picked in the file input is told from a model by its content, whatever its name.
    const file = join(mkdtempSync(join(tmpdir(), 'deck-')), 'talk.json');
    const talk = {
      format: 'relu-origami-deck/1',
      title: 'Talk',
      steps: [{ state: '#arch=2-4-1&seed=7', caption: 'x' }],
    };
    writeFileSync(file, JSON.stringify(talk));
    const input = (await a.page.$('#file')) as ElementHandle<HTMLInputElement> | null;
    await input!.uploadFile(file);
    await a.page.waitForFunction(() => window.reluOrigami!.deckInfo()?.moving === false);
    const talkHash = parseDeck(talk);
    expect(await a.page.evaluate(() => [window.reluOrigami!.deckInfo()!.title, location.hash])).toEqual([
      'Talk',
      talkHash.ok ? talkHash.deck.steps[0]!.hash : '',
    ]);
    await a.page.keyboard.press('Escape');
    expect(await a.page.evaluate(() => window.reluOrigami!.deckInfo())).toBeNull();
    await a.page.close();
  });
});
