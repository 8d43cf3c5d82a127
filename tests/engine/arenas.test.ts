/**
 * The pattern arena (src/engine/arenas.ts) grows in place, in a WebAssembly.Memory, past a size: what it
 * holds must survive every growth, what it hands out must be zero, its buffer must never be offered for
 * transfer to another thread, and an enumeration whose patterns grow in place must give exactly what one
 * with copied arenas gives. The regions' patterns are unpacked from the arena (packed-states.ts) into arrays
 * of their own: those go to another thread like any other.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type JobAnswer, transferablesOf } from '../../src/app/regionsProtocol.ts';
import { ByteArena, movableBuffer, setInPlaceBytes } from '../../src/engine/arenas.ts';
import { initNetwork } from '../../src/engine/init.ts';
import { type EnumerateOptions, type Enumeration, enumerateRegions } from '../../src/engine/regions.ts';
import { plainRegion } from '../../src/engine/shared-region.ts';
import { spareStores } from '../../src/engine/walk-stores.ts';

// The size in force, read by setting it and putting it straight back; every test restores it.
const DEFAULT = setInPlaceBytes(0);
setInPlaceBytes(DEFAULT);
afterEach(() => {
  setInPlaceBytes(DEFAULT);
});

describe('ByteArena', () => {
  it('keeps what it holds and hands out zeros across in-place growth', () => {
    setInPlaceBytes(1 << 18);
    const a = new ByteArena();
    const block = 1000;
    const offs: number[] = [];
    let grewInPlace = false;
    let nonZero = 0;
    for (let k = 0; k < 3000; k++) {
      const o = a.alloc(block);
      offs.push(o);
      for (let i = 0; i < block; i++) if (a.data[o + i] !== 0) nonZero++;
      a.data[o] = k & 255;
      a.data[o + block - 1] = (k * 7) & 255;
      if (!movableBuffer(a.data.buffer)) grewInPlace = true;
    }
    expect(grewInPlace).toBe(true);
    expect(nonZero).toBe(0);
    expect(a.used).toBe(3000 * block);
    expect(a.data.length).toBeGreaterThanOrEqual(a.used);
    // Grown by an eighth or more each time, in 64 KiB pages: never far beyond what is used.
    expect(a.data.length).toBeLessThan(1.2 * a.used + 65536);
    for (let k = 0; k < offs.length; k++) {
      expect(a.data[offs[k]!]).toBe(k & 255);
      expect(a.data[offs[k]! + block - 1]).toBe((k * 7) & 255);
    }
    // Emptied and reused: zeros again where it had written.
    a.reset();
    const o = a.alloc(block);
    expect(o).toBe(0);
    expect(a.data[0]).toBe(0);
    expect(a.data[block - 1]).toBe(0);
    a.trim();
    expect(movableBuffer(a.data.buffer)).toBe(true);
    expect(a.used).toBe(0);
  });

  it('stays an ordinary (transferable) array below the size', () => {
    setInPlaceBytes(4 << 20);
    const a = new ByteArena();
    for (let k = 0; k < 100; k++) a.alloc(10_000);
    expect(movableBuffer(a.data.buffer)).toBe(true);
    expect(a.data.length).toBeGreaterThanOrEqual(1_000_000);
  });
});

function run(opts: EnumerateOptions = {}): Enumeration {
  // 5,397 regions of 30 bytes of patterns each: past the arena's first 64 KiB.
  const net = initNetwork({ widths: [2, 40, 40, 40, 1], activation: 'relu', seed: 5 });
  const e = enumerateRegions(net, { x0: -3, x1: 3, y0: -2, y1: 2.5 }, opts);
  if (typeof e === 'string') throw new Error(e);
  return e;
}

describe('an enumeration whose patterns grow in place', () => {
  it('gives exactly the regions of one whose arena grows by copies', () => {
    setInPlaceBytes(1 << 30);
    spareStores();
    const copied = run();
    setInPlaceBytes(1 << 16);
    spareStores();
    const inPlace = run();
    expect(inPlace.regions.length).toBeGreaterThan(5000);
    expect(inPlace.regions.length).toBe(copied.regions.length);
    // Unpacked into ordinary arrays whichever arena held them.
    expect(movableBuffer(inPlace.regions[0]!.pattern.buffer)).toBe(true);
    expect(movableBuffer(copied.regions[0]!.pattern.buffer)).toBe(true);
    for (let k = 0; k < copied.regions.length; k++) {
      expect(Array.from(inPlace.regions[k]!.pattern)).toEqual(Array.from(copied.regions[k]!.pattern));
      expect(Array.from(inPlace.regions[k]!.polygon)).toEqual(Array.from(copied.regions[k]!.polygon));
    }
    // Lean runs (patterns released as the walk goes) count the same.
    spareStores();
    expect(run({ areasOnly: true }).count).toBe(copied.regions.length);
  });

  it('goes whole to another thread when a worker posts the regions', () => {
    setInPlaceBytes(1 << 16);
    spareStores();
    const r = run();
    const answer: JobAnswer = {
      kind: 'regions',
      enumeration: { ...r, regions: r.regions.map(plainRegion) },
      timedOut: false,
    };
    const buffers = transferablesOf(answer);
    expect(buffers.length).toBeGreaterThan(0);
    expect(buffers).toContain(r.regions[0]!.pattern.buffer);
    expect(buffers).toContain(r.regions[0]!.polygon.buffer);
    // Patterns unpacked 256 regions to a buffer: a few buffers, not one per region.
    expect(buffers.length).toBeLessThan(r.regions.length / 100);
    for (const b of buffers) expect(movableBuffer(b)).toBe(true);
    const want = r.regions.map((g) => Array.from(g.pattern));
    // What is posted arrives whole.
    const copy = structuredClone(answer, { transfer: buffers }) as typeof answer;
    for (const k of [0, 7, 255, 256, r.regions.length - 1])
      expect(Array.from(copy.enumeration.regions[k]!.pattern)).toEqual(want[k]);
  });
});
