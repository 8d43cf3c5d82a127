import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type ActionId,
  isFieldTarget,
  KEY_BINDINGS,
  KEY_CONTEXTS,
  type KeyEventLike,
  type KeyEventSource,
  Keymap,
} from '../../src/ui/keymap.ts';

/** A fake `window`: holds the keydown listeners and fires plain event objects at them. */
class FakeWindow implements KeyEventSource {
  listeners: ((e: KeyEventLike) => void)[] = [];
  addEventListener(_type: 'keydown', l: (e: KeyEventLike) => void): void {
    this.listeners.push(l);
  }
  removeEventListener(_type: 'keydown', l: (e: KeyEventLike) => void): void {
    this.listeners = this.listeners.filter((x) => x !== l);
  }
  /** Fire a key press at `target`; returns how many times its default was prevented. */
  press(key: string, target: unknown = { tagName: 'CANVAS' }, mods: Record<string, boolean> = {}): number {
    let prevented = 0;
    const e: KeyEventLike = { key, target, ...mods, preventDefault: () => void prevented++ };
    for (const l of this.listeners) l(e);
    return prevented;
  }
}

/** A keymap on a fake window whose handlers record the actions they ran, in order. */
function setup() {
  const win = new FakeWindow();
  const keys = new Keymap(win);
  const ran: ActionId[] = [];
  const record = (a: ActionId) => () => void ran.push(a);
  return { win, keys, ran, record };
}

describe('keymap dispatch', () => {
  it('gives Escape one meaning at a time: export, then section, then unpin', () => {
    const { win, keys, ran, record } = setup();
    const state = { exporting: true, section: true, pinned: true };
    keys.bind('export.cancel', record('export.cancel'), () => state.exporting);
    keys.bind('section.clear', record('section.clear'), () => state.section);
    keys.bind('region.unpin', record('region.unpin'), () => state.pinned);
    expect(win.press('Escape')).toBe(1);
    state.exporting = false;
    win.press('Escape');
    state.section = false;
    win.press('Escape');
    state.pinned = false;
    // Nothing applies: the event is left alone.
    expect(win.press('Escape')).toBe(0);
    expect(ran).toEqual(['export.cancel', 'section.clear', 'region.unpin']);
  });

  it('ignores key presses aimed at inputs, selects, text areas and editable elements', () => {
    const { win, keys, ran, record } = setup();
    keys.bind('view.reset', record('view.reset'));
    keys.bind('export.cancel', record('export.cancel'));
    for (const target of [
      { tagName: 'INPUT' },
      { tagName: 'select' },
      { tagName: 'TEXTAREA' },
      { tagName: 'DIV', isContentEditable: true },
    ]) {
      expect(isFieldTarget(target)).toBe(true);
      expect(win.press('r', target)).toBe(0);
    }
    expect(ran).toEqual([]);
    // Escape still cancels a running export from a field; other elements and no target get every key.
    win.press('Escape', { tagName: 'INPUT' });
    win.press('r', { tagName: 'BUTTON' });
    win.press('r', null);
    expect(ran).toEqual(['export.cancel', 'view.reset', 'view.reset']);
    expect(isFieldTarget({ tagName: 'BUTTON', isContentEditable: false })).toBe(false);
  });

  it('leaves presses with Ctrl, Meta or Alt held to the browser', () => {
    const { win, keys, ran, record } = setup();
    keys.bind('view.zoomIn', record('view.zoomIn'));
    expect(win.press('+', null, { ctrlKey: true })).toBe(0);
    expect(win.press('=', null, { metaKey: true })).toBe(0);
    expect(win.press('+', null, { altKey: true })).toBe(0);
    expect(ran).toEqual([]);
    // Shift is allowed: '+' needs it on many layouts.
    expect(win.press('+', null, { shiftKey: true })).toBe(1);
    expect(win.press('=')).toBe(1);
    expect(ran).toEqual(['view.zoomIn', 'view.zoomIn']);
  });

  it('unsubscribes a handler, falling back to an earlier one of the same action', () => {
    const { win, keys, ran, record } = setup();
    const first = keys.bind('views.cycle', record('views.cycle'));
    const second = keys.bind('views.cycle', () => void ran.push('view.reset'));
    win.press('v');
    second();
    second();
    win.press('v');
    first();
    expect(win.press('v')).toBe(0);
    expect(ran).toEqual(['view.reset', 'views.cycle']);
    expect(keys.dispatch({ key: 'v', target: null, preventDefault: () => {} })).toBeNull();
  });

  it('stops listening after dispose', () => {
    const { win, keys, ran, record } = setup();
    keys.bind('mode.gradient', record('mode.gradient'));
    win.press('2');
    keys.dispose();
    expect(win.listeners).toHaveLength(0);
    win.press('2');
    expect(ran).toEqual(['mode.gradient']);
  });

  it('dispatches the keys of the table to their actions', () => {
    const { win, keys, ran, record } = setup();
    // The help, presentation and deck contexts apply only while their overlay, mode or deck is on (tested below).
    for (const b of KEY_BINDINGS)
      if (b.context !== 'help' && b.context !== 'present' && b.context !== 'deck')
        keys.bind(b.action, record(b.action));
    const presses: [string, ActionId][] = [
      ['ArrowLeft', 'view.panLeft'],
      ['ArrowRight', 'view.panRight'],
      ['ArrowUp', 'view.panUp'],
      ['ArrowDown', 'view.panDown'],
      ['+', 'view.zoomIn'],
      ['=', 'view.zoomIn'],
      ['-', 'view.zoomOut'],
      ['r', 'view.reset'],
      ['0', 'view.reset'],
      ['b', 'draw.boundaries'],
      ['p', 'draw.polygons'],
      ['1', 'mode.regions'],
      ['2', 'mode.gradient'],
      ['3', 'mode.output'],
      ['4', 'mode.layer'],
      ['v', 'views.cycle'],
      ['?', 'help.toggle'],
      ['f', 'present.toggle'],
      ['R', 'network.newSeed'],
      ['l', 'share.copy'],
      ['Escape', 'export.cancel'],
    ];
    for (const [key] of presses) win.press(key);
    expect(ran).toEqual(presses.map((p) => p[1]));
    expect(win.press('x')).toBe(0);
  });
});

describe('keymap in the presentation mode', () => {
  it('gives b, s, r and Escape their presentation meanings while presenting, and back to the view after', () => {
    const { win, keys, ran, record } = setup();
    const mode = { presenting: true, help: false };
    for (const b of KEY_BINDINGS) {
      const when =
        b.context === 'present'
          ? () => mode.presenting
          : b.context === 'help'
            ? () => mode.help
            : b.context === 'export' || b.context === 'deck'
              ? () => false
              : () => true;
      keys.bind(b.action, record(b.action), when);
    }
    for (const k of ['b', '.', 's', 'r', 'ArrowRight', 'Escape']) win.press(k);
    expect(ran.splice(0)).toEqual([
      'present.black',
      'present.black',
      'present.spotlight',
      'present.newSeed',
      'view.panRight',
      'present.exit',
    ]);
    // The help, once open, takes Escape and ? first; after the mode, b and r are the view's again.
    mode.help = true;
    for (const k of ['Escape', '?']) win.press(k);
    mode.presenting = false;
    mode.help = false;
    for (const k of ['b', 'r', '?']) win.press(k);
    expect(ran).toEqual(['help.close', 'help.close', 'draw.boundaries', 'view.reset', 'help.toggle']);
  });
});

describe('keymap with a deck loaded', () => {
  it('steps the deck with PageDown, PageUp, the arrows and space, and gives the arrows back after', () => {
    const { win, keys, ran, record } = setup();
    const deck = { loaded: true };
    for (const b of KEY_BINDINGS) {
      const when = b.context === 'deck' ? () => deck.loaded : b.context === 'view' ? () => true : () => false;
      keys.bind(b.action, record(b.action), when);
    }
    for (const k of ['PageDown', ' ', 'ArrowRight', 'PageUp', 'ArrowLeft', 'ArrowUp', 'Escape']) win.press(k);
    expect(ran.splice(0)).toEqual([
      'deck.next',
      'deck.next',
      'deck.next',
      'deck.prev',
      'deck.prev',
      'view.panUp',
      'deck.close',
    ]);
    deck.loaded = false;
    for (const k of ['ArrowRight', 'ArrowLeft', 'Escape']) win.press(k);
    expect(win.press('PageDown')).toBe(0);
    expect(ran).toEqual(['view.panRight', 'view.panLeft', 'region.unpin']);
  });
});

describe('keymap table', () => {
  it('describes every action in a full sentence, and binds every action once', () => {
    const keys = new Keymap(new FakeWindow());
    expect(keys.list()).toBe(KEY_BINDINGS);
    const actions = KEY_BINDINGS.map((b) => b.action);
    expect(new Set(actions).size).toBe(actions.length);
    for (const b of KEY_BINDINGS) {
      expect(b.description, b.action).toMatch(/^[A-Z].{10,}\.$/);
      expect(b.keys.length, b.action).toBeGreaterThan(0);
      expect(KEY_CONTEXTS, b.action).toContain(b.context);
    }
  });

  it('binds no key twice in one context', () => {
    const seen = new Map<string, ActionId>();
    for (const b of KEY_BINDINGS) {
      for (const k of b.keys) {
        const id = `${b.context} ${k}`;
        expect(seen.get(id), `${id}: ${b.action}`).toBeUndefined();
        seen.set(id, b.action);
      }
    }
    // Escape is the one key with a meaning in every context.
    expect(KEY_CONTEXTS.map((c) => seen.get(`${c} Escape`))).toEqual([
      'export.cancel',
      'help.close',
      'present.exit',
      'deck.close',
      'section.clear',
      'region.unpin',
    ]);
  });

  it('is listed in docs/app.md with the same descriptions', () => {
    const doc = readFileSync(new URL('../../docs/app.md', import.meta.url), 'utf8');
    const rows = new Set(
      doc
        .split('\n')
        .filter((l) => l.startsWith('|'))
        .map((l) =>
          l
            .split('|')
            .slice(2, 4)
            .map((c) => c.trim())
            .join(' | '),
        ),
    );
    for (const b of KEY_BINDINGS) expect(rows.has(`${b.context} | ${b.description}`), b.action).toBe(true);
  });
});
