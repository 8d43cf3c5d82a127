/**
 * Saved models are restored one by one: a corrupt entry (not JSON, not a model, unreadable) is reported by
 * name and removed, and every other saved model is still registered. A fake Storage stands in for
 * localStorage; the registration is the real validator (parseModel).
 */
import { describe, expect, it } from 'vitest';
import { parseModel } from '../../src/engine/model.ts';
import { restoreStoredModels, STORE_PREFIX, type StoredModels } from '../../src/ui/files.ts';

class FakeStorage implements StoredModels {
  readonly map = new Map<string, string>();
  unreadable = new Set<string>();
  get length() {
    return this.map.size;
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null;
  }
  getItem(k: string) {
    if (this.unreadable.has(k)) throw new Error('SecurityError: access denied');
    return this.map.get(k) ?? null;
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
}

const model = (w: number) =>
  JSON.stringify({ inputDim: 2, layers: [{ weights: [[w, 1]], bias: [0], activation: 'relu' }] });

describe('restoreStoredModels', () => {
  it('restores the good entries around corrupt ones, reports each by name, removes only those', () => {
    const s = new FakeStorage();
    s.map.set(`${STORE_PREFIX}a.json`, model(1));
    s.map.set(`${STORE_PREFIX}broken.json`, '{"inputDim": 2, "layers": [');
    s.map.set(`${STORE_PREFIX}b.json`, model(2));
    s.map.set(`${STORE_PREFIX}nan.json`, model(1).replace('[1,1]', '["NaN",1]'));
    s.map.set(`${STORE_PREFIX}c.json`, model(3));
    s.map.set('other-app/setting', 'not ours {');
    const registered = new Map<string, number>();
    const r = restoreStoredModels(s, (text, name) => {
      const p = parseModel(text);
      if (!p.ok) return p.issues.map((i) => i.message);
      registered.set(name, p.network.layers[0]!.weights[0]!);
      return [];
    });
    expect(r.restored).toEqual(['a.json', 'b.json', 'c.json']);
    expect([...registered]).toEqual([
      ['a.json', 1],
      ['b.json', 2],
      ['c.json', 3],
    ]);
    expect(r.skipped.map((x) => x.name)).toEqual(['broken.json', 'nan.json']);
    expect(r.skipped[0]!.reason).toMatch(/^\(file\) is not valid JSON: /);
    expect(r.skipped[1]!.reason).toBe(
      'layers[0].weights[0][0] is the string "NaN", expected a finite number',
    );
    // The corrupt entries are gone (both, although adjacent removals shift the indices); the rest stays.
    expect([...s.map.keys()].sort()).toEqual(
      [`${STORE_PREFIX}a.json`, `${STORE_PREFIX}b.json`, `${STORE_PREFIX}c.json`, 'other-app/setting'].sort(),
    );
    // A second reload restores the same three and reports nothing.
    const again = restoreStoredModels(s, (text) => (parseModel(text).ok ? [] : ['bad']));
    expect(again).toEqual({ restored: ['a.json', 'b.json', 'c.json'], skipped: [] });
  });

  it('skips an unreadable entry and a register that throws without stopping', () => {
    const s = new FakeStorage();
    s.map.set(`${STORE_PREFIX}locked`, model(1));
    s.map.set(`${STORE_PREFIX}boom`, model(1));
    s.map.set(`${STORE_PREFIX}fine`, model(1));
    s.unreadable.add(`${STORE_PREFIX}locked`);
    const r = restoreStoredModels(s, (_text, name) => {
      if (name === 'boom') throw new Error('register failed');
      return [];
    });
    expect(r.restored).toEqual(['fine']);
    expect(r.skipped).toEqual([
      { name: 'locked', reason: 'SecurityError: access denied' },
      { name: 'boom', reason: 'register failed' },
    ]);
  });

  it('reports a storage that cannot be listed', () => {
    const s: StoredModels = {
      get length(): number {
        throw new Error('storage disabled');
      },
      key: () => null,
      getItem: () => null,
      removeItem: () => {},
    };
    const r = restoreStoredModels(s, () => []);
    expect(r).toEqual({
      restored: [],
      skipped: [{ name: '(storage)', reason: 'could not list the saved models: storage disabled' }],
    });
  });
});
