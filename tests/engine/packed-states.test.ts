/**
 * The walk's packed patterns (src/engine/packed-states.ts): two bits per neuron at any slot, neighbours left
 * alone, unpacking from any slot, the neurons whose states differ between two patterns, and the finished regions' patterns unpacked 256 regions to a buffer.
 */
import { describe, expect, it } from 'vitest';
import {
  addState,
  addStates,
  changedStates,
  packedBytes,
  SlotPatterns,
  scratchStates,
  stateAt,
  unpackedPattern,
  unpackStates,
} from '../../src/engine/packed-states.ts';
import { Rng } from '../../src/engine/rng.ts';

describe('packed states', () => {
  it('lists the neurons whose states differ, from all of them or from candidates listed with repeats', () => {
    const rng = new Rng(11);
    for (const [n, po, poRef] of [
      [1, 0, 1],
      [37, 3, 45],
      [64, 130, 1],
    ] as const) {
      const pat = new Uint8Array(packedBytes(po + poRef + 2 * n));
      for (let i = 0; i < 4 * pat.length; i++) addState(pat, i, Math.floor(rng.next() * 3));
      const want: number[] = [];
      for (let j = 0; j < n; j++) if (stateAt(pat, po + j) !== stateAt(pat, poRef + j)) want.push(j);
      const list = new Int32Array(n);
      expect([...list.subarray(0, changedStates(pat, po, poRef, n, null, 0, list))]).toEqual(want);
      // Candidates: every other neuron, each listed once per threshold (j, j + n), in increasing order mod n.
      const cand: number[] = [];
      for (let j = 0; j < n; j += 2) cand.push(j, j + n);
      const got = changedStates(pat, po, poRef, n, Int32Array.from(cand), cand.length, list);
      expect([...list.subarray(0, got)]).toEqual(want.filter((j) => j % 2 === 0));
      expect(want.length).toBeGreaterThan(n > 1 ? 0 : -1);
    }
  });

  it('keeps every state of 0, 1 and 2 at its slot, whatever its neighbours', () => {
    const rng = new Rng(3);
    const n = 1001;
    const want = new Uint8Array(n);
    const pat = new Uint8Array(packedBytes(n));
    expect(pat.length).toBe(251);
    // States built up the way the walk does: one threshold passed at a time, in any order of the slots.
    const order = Array.from({ length: n }, (_, i) => i).sort(() => rng.next() - 0.5);
    for (const i of order) {
      const s = Math.floor(rng.next() * 3);
      for (let t = 0; t < s; t++) addState(pat, i, 1);
      want[i] = s;
    }
    for (let i = 0; i < n; i++) expect(stateAt(pat, i)).toBe(want[i]);
    // From every alignment of the first slot, into any place of the output.
    for (const [i, m] of [
      [0, n],
      [1, 7],
      [2, 64],
      [3, 65],
      [997, 4],
    ] as const) {
      const out = new Uint8Array(m + 5).fill(9);
      unpackStates(pat, i, m, out, 5);
      expect(Array.from(out.subarray(0, 5))).toEqual([9, 9, 9, 9, 9]);
      expect(Array.from(out.subarray(5))).toEqual(Array.from(want.subarray(i, i + m)));
      expect(Array.from(unpackedPattern(pat, i, i, 0, m))).toEqual(Array.from(want.subarray(i, i + m)));
      expect(Array.from(unpackedPattern(pat, i, i, 3, m))).toEqual(Array.from(want.subarray(i, i + m)));
      expect(Array.from(scratchStates(pat, i, m).subarray(0, m))).toEqual(
        Array.from(want.subarray(i, i + m)),
      );
    }
  });

  it('packs and unpacks a word at a time as one state at a time', () => {
    const rng = new Rng(5);
    const mem = new ArrayBuffer(4096);
    const u8 = new Uint8Array(mem);
    const i32 = new Int32Array(mem);
    for (const [i, s, n] of [
      [0, 0, 256],
      [4, 16, 61],
      [8, 4, 3],
      [1, 0, 40],
      [4, 2, 40],
      [12, 8, 0],
    ] as const) {
      const states = Array.from({ length: n }, () => Math.floor(rng.next() * 3));
      u8.fill(0);
      for (let j = 0; j < n; j++) u8[1024 + s + j] = states[j]!;
      // Onto states already there (as classify adds to what a face holds), with and without the word view.
      const base = Array.from({ length: i + n + 4 }, () => (rng.next() < 0.5 ? 1 : 0));
      const a = new Uint8Array(packedBytes(i + n + 4));
      const b = new Uint8Array(a.length);
      for (let q = 0; q < base.length; q++) {
        addState(a, q, base[q]!);
        addState(b, q, base[q]!);
      }
      addStates(a, i, n, u8, 1024 + s, i32);
      addStates(b, i, n, u8, 1024 + s);
      expect(Array.from(a), `add ${i} ${s} ${n}`).toEqual(Array.from(b));
      for (let q = 0; q < base.length; q++)
        expect(stateAt(a, q)).toBe(base[q]! + (q >= i && q < i + n ? states[q - i]! : 0));
      u8.fill(7);
      unpackStates(a, i, n, u8, 2048 + s, i32);
      const want = Array.from({ length: n }, (_, j) => stateAt(a, i + j));
      expect(Array.from(u8.subarray(2048 + s, 2048 + s + n)), `unpack ${i} ${s} ${n}`).toEqual(want);
      expect(u8[2048 + s + n]).toBe(7);
      expect(u8[2047 + s]).toBe(7);
    }
  });

  it("unpacks regions' patterns from their slots, 256 regions to a buffer", () => {
    const rng = new Rng(4);
    const nNeurons = 13;
    const nRegions = 600;
    const per = packedBytes(nNeurons);
    const bytes = new Uint8Array(per * nRegions + 8);
    const at = new Int32Array(nRegions);
    const want: number[][] = [];
    // Regions in an order of their own in the arena (as the walk finishes them), one byte apart.
    for (let k = 0; k < nRegions; k++) {
      at[k] = 4 * (2 + per * ((k * 7) % nRegions));
      const w: number[] = [];
      for (let j = 0; j < nNeurons; j++) {
        const s = Math.floor(rng.next() * 3);
        addState(bytes, at[k]! + j, s);
        w.push(s);
      }
      want.push(w);
    }
    const p = new SlotPatterns(bytes, at, at, 5, nNeurons);
    for (const k of [599, 0, 255, 256, 511, 512, 300])
      expect(Array.from(p.pattern(k)), `region ${k}`).toEqual(want[k]);
    expect(p.pattern(0).buffer).toBe(p.pattern(255).buffer);
    expect(p.pattern(256).buffer).not.toBe(p.pattern(255).buffer);
    expect(p.pattern(599).buffer.byteLength).toBe(nNeurons * (nRegions - 512));
  });
  it('reads a region that keeps only its tail from its parent below the split and its own slot above', () => {
    const rng = new Rng(9);
    const n = 23;
    const split = 14;
    const nRegions = 300;
    const bytes = new Uint8Array(8 * nRegions + 64);
    const at = new Int32Array(nRegions);
    const pre = new Int32Array(nRegions);
    const want: number[][] = [];
    let q = 1;
    let parentSlot = 0;
    let parentStates: number[] = [];
    for (let k = 0; k < nRegions; k++) {
      if (k % 4 === 0) {
        // A parent: a whole pattern at a slot of any phase, whose states below split its pieces share.
        parentSlot = 4 * q + (k % 3);
        parentStates = Array.from({ length: n }, () => Math.floor(rng.next() * 3));
        parentStates.forEach((s, j) => {
          addState(bytes, parentSlot + j, s);
        });
        q += 8;
        at[k] = parentSlot;
        pre[k] = parentSlot;
        want.push(parentStates);
        continue;
      }
      // A piece: its tail at the parent's phase of state split, in a block of its own.
      const phase = (parentSlot + split) & 3;
      const slot = 4 * q + phase - split;
      const tail = Array.from({ length: n - split }, () => Math.floor(rng.next() * 3));
      tail.forEach((s, j) => {
        addState(bytes, slot + split + j, s);
      });
      q += 1 + ((phase + n - split + 3) >> 2);
      at[k] = slot;
      pre[k] = parentSlot;
      want.push([...parentStates.slice(0, split), ...tail]);
    }
    const p = new SlotPatterns(bytes, at, pre, split, n);
    for (let k = 0; k < nRegions; k++) {
      expect(Array.from(p.pattern(k)), `region ${k}`).toEqual(want[k]);
      expect(Array.from(unpackedPattern(bytes, pre[k]!, at[k]!, split, n))).toEqual(want[k]);
    }
  });
});
