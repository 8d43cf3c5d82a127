/**
 * The region walk's activation patterns (face-walk.ts), packed: two bits per neuron (a state is the number of
 * its activation's thresholds passed: 0, 1 or 2), four neurons to a byte, the lowest bits first. Every face's
 * pattern starts on a byte of the pattern arena, and a neuron's place in the arena is its *slot*: four times
 * the byte offset of its face's pattern plus the neuron's number (forward.ts numbering), so that slot i is
 * bits 2 (i & 3) and 2 (i & 3) + 1 of byte i >> 2. Face offsets (FaceStore.fPOff) are slots.
 *
 * A face made by the deepest layer that cuts keeps only that layer's states and the later ones (its tail):
 * the earlier layers' are its visit's parent's, which all the parent's pieces share. Its slot is then
 * chosen so that slot + i, for those states i, lies in its own block; a finished region's pattern is read
 * from two slots (the parent's for states below the split, its own from there: {@link unpackRegion}).
 *
 * Why: with one byte per neuron the patterns were most of what an enumeration writes (2 -> 256 x 4: 1,024
 * bytes for each of 427,163 regions), and fresh memory costs a page fault per 4 KiB on first touch: copying
 * the patterns of new faces was a fifth of the enumeration's time.
 */
import type { PackedPatterns } from './shared-region.ts';

/** Bytes of one packed pattern of n neurons. */
export function packedBytes(n: number): number {
  return (n + 3) >> 2;
}

/** The state at slot i. */
export function stateAt(pat: Uint8Array, i: number): number {
  return (pat[i >> 2]! >> ((i & 3) << 1)) & 3;
}

/**
 * The neurons j < n whose states at slots po + j and poRef + j of pat differ, in increasing order, into
 * list[0 ..); returns how many. cand[0 .. nCand), where given: the only neurons that may differ, in
 * increasing order modulo n (a neuron may be listed more than once). list holds at least n entries.
 */
export function changedStates(
  pat: Uint8Array,
  po: number,
  poRef: number,
  n: number,
  cand: Int32Array | null,
  nCand: number,
  list: Int32Array,
): number {
  let k = 0;
  const nj = cand === null ? n : nCand;
  for (let w = 0, last = -1; w < nj; w++) {
    const j = cand === null ? w : cand[w]! % n;
    if (j === last) continue;
    last = j;
    if (stateAt(pat, po + j) !== stateAt(pat, poRef + j)) list[k++] = j;
  }
  return k;
}

/** Add s to the state at slot i (the sum must stay below 4). */
export function addState(pat: Uint8Array, i: number, s: number): void {
  pat[i >> 2] = pat[i >> 2]! + (s << ((i & 3) << 1));
}

/** Whether typed arrays are little-endian here (the word-at-a-time paths below assume it). */
const LITTLE = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** A packed byte's four states as the little-endian word of four bytes. */
const UNPACK4 = new Int32Array(256);
for (let b = 0; b < 256; b++)
  UNPACK4[b] = (b & 3) | (((b >> 2) & 3) << 8) | (((b >> 4) & 3) << 16) | ((b >> 6) << 24);

/**
 * out[o .. o + n) := the states at slots i .. i + n. With `out32`, an Int32Array over out's buffer from the
 * same byte (the two views of a memory), four states go at a time where i and o are multiples of 4.
 */
export function unpackStates(
  pat: Uint8Array,
  i: number,
  n: number,
  out: Uint8Array,
  o: number,
  out32: Int32Array | null = null,
): void {
  let j = 0;
  if (out32 !== null && LITTLE && ((i | o) & 3) === 0) {
    const lut = UNPACK4;
    const p0 = i >> 2;
    const w0 = o >> 2;
    const nw = n >> 2;
    for (let w = 0; w < nw; w++) out32[w0 + w] = lut[pat[p0 + w]!]!;
    j = nw << 2;
  }
  for (; j < n; j++) {
    const q = i + j;
    out[o + j] = (pat[q >> 2]! >> ((q & 3) << 1)) & 3;
  }
}

/**
 * Add the states in[s .. s + n) (each below 4, and so are the sums) to those at slots i .. i + n. With
 * `in32` (as out32 of {@link unpackStates}), four states at a time where i and s are multiples of 4.
 */
export function addStates(
  pat: Uint8Array,
  i: number,
  n: number,
  input: Uint8Array,
  s: number,
  in32: Int32Array | null = null,
): void {
  let j = 0;
  if (in32 !== null && LITTLE && ((i | s) & 3) === 0) {
    const p0 = i >> 2;
    const w0 = s >> 2;
    const nw = n >> 2;
    for (let w = 0; w < nw; w++) {
      const x = in32[w0 + w]!;
      pat[p0 + w] = pat[p0 + w]! + ((x & 3) | ((x >> 6) & 12) | ((x >> 12) & 48) | ((x >> 18) & 192));
    }
    j = nw << 2;
  }
  for (; j < n; j++) {
    const q = i + j;
    pat[q >> 2] = pat[q >> 2]! + (input[s + j]! << ((q & 3) << 1));
  }
}

/**
 * out[o .. o + n) := a finished region's n states: those below `split` at slots pre + i, the others at
 * slots slot + i (see the module comment; pre = slot for a region whose pattern is whole).
 */
export function unpackRegion(
  pat: Uint8Array,
  pre: number,
  slot: number,
  split: number,
  n: number,
  out: Uint8Array,
  o: number,
): void {
  const k = Math.min(split, n);
  unpackStates(pat, pre, k, out, o);
  unpackStates(pat, slot + k, n - k, out, o + k);
}

/** A finished region's states ({@link unpackRegion}), as an array of their own. */
export function unpackedPattern(
  pat: Uint8Array,
  pre: number,
  slot: number,
  split: number,
  n: number,
): Uint8Array {
  const out = new Uint8Array(n);
  unpackRegion(pat, pre, slot, split, n, out, 0);
  return out;
}

/** The scratch of {@link scratchStates}, and its words. */
let scratch32 = new Int32Array(64);
let scratch = new Uint8Array(scratch32.buffer);

/** The states at slots i .. i + n in an array that the next call reuses (four at a time where i allows). */
export function scratchStates(pat: Uint8Array, i: number, n: number): Uint8Array {
  if (scratch.length < n) {
    scratch32 = new Int32Array((n + 3) >> 2);
    scratch = new Uint8Array(scratch32.buffer);
  }
  unpackStates(pat, i, n, scratch, 0, scratch32);
  return scratch;
}

/** Regions unpacked together by {@link SlotPatterns}. */
const CHUNK = 256;

/**
 * The patterns of finished regions in a packed arena, region k's from slots pre[k] and at[k] below and from
 * `split` ({@link unpackRegion}): unpacked when first read,
 * 256 regions at a time into an array they share (a region's pattern is a view of it), so that a reader of
 * one pattern unpacks a few hundred, and the regions posted to another thread carry one buffer per 256.
 */
export class SlotPatterns implements PackedPatterns {
  private readonly bytes: Uint8Array;
  private readonly at: Int32Array;
  private readonly pre: Int32Array;
  private readonly split: number;
  private readonly nNeurons: number;
  private readonly chunks: (Uint8Array | undefined)[] = [];

  constructor(bytes: Uint8Array, at: Int32Array, pre: Int32Array, split: number, nNeurons: number) {
    this.bytes = bytes;
    this.at = at;
    this.pre = pre;
    this.split = split;
    this.nNeurons = nNeurons;
  }

  pattern(k: number): Uint8Array {
    const n = this.nNeurons;
    const c = Math.floor(k / CHUNK);
    let b = this.chunks[c];
    if (b === undefined) {
      const k0 = c * CHUNK;
      const m = Math.min(CHUNK, this.at.length - k0);
      b = new Uint8Array(m * n);
      for (let i = 0; i < m; i++)
        unpackRegion(this.bytes, this.pre[k0 + i]!, this.at[k0 + i]!, this.split, n, b, i * n);
      this.chunks[c] = b;
    }
    const o = (k - c * CHUNK) * n;
    return b.subarray(o, o + n);
  }
}
