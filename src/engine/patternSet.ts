/**
 * A set of activation patterns, exact and compact: each member is kept as its 64-bit pattern hash
 * (forward.ts patternHashInto) and its states packed four to a byte (a state is 0, 1 or 2), in an
 * open-addressing table. Membership compares the packed states, not only the hash, so two patterns whose
 * hashes collide are still told apart. Memory: 12 bytes and ceil(neurons / 4) bytes per member, and 8 bytes
 * per table slot (at most twice the members); `bytes` reports it.
 */
import { patternHashInto } from './forward.ts';

/** Members of a fresh set's table (grown by doubling). */
const INITIAL_SLOTS = 1024;

/** An exact set of activation patterns restricted to their first `neurons` states; see the module comment. */
export class PatternSet {
  /** Bytes of one packed pattern. */
  private readonly stride: number;
  private slots: Int32Array;
  private hashes: Uint32Array;
  private packed: Uint8Array;
  private members = 0;
  private readonly scratchHash = new Uint32Array(2);
  private readonly scratchPack: Uint8Array;

  /** A set of patterns compared on their first `neurons` states (0 or more). */
  constructor(private readonly neurons: number) {
    this.stride = Math.max(1, Math.ceil(neurons / 4));
    this.slots = new Int32Array(INITIAL_SLOTS).fill(-1);
    this.hashes = new Uint32Array(INITIAL_SLOTS);
    this.packed = new Uint8Array((INITIAL_SLOTS / 2) * this.stride);
    this.scratchPack = new Uint8Array(this.stride);
  }

  /** Number of distinct patterns added. */
  get size(): number {
    return this.members;
  }

  /** Bytes the set holds now (its typed arrays). */
  get bytes(): number {
    return this.slots.byteLength + this.hashes.byteLength + this.packed.byteLength;
  }

  /** Bytes the set would hold after its next growth (what adding one more member may cost at most). */
  get bytesAfterGrowth(): number {
    return 2 * this.bytes;
  }

  /**
   * Add the first `neurons` states of `pattern` (states beyond 3 are not allowed: they are taken modulo 4).
   * Returns true when the pattern was not in the set.
   */
  add(pattern: ArrayLike<number>): boolean {
    const h = this.scratchHash;
    patternHashInto(pattern, h, 0, this.neurons);
    const p = this.scratchPack;
    p.fill(0);
    for (let k = 0; k < this.neurons; k++) p[k >> 2] = p[k >> 2]! | ((pattern[k]! & 3) << (2 * (k & 3)));
    const lo = h[0]!;
    const hi = h[1]!;
    let mask = this.slots.length - 1;
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      const e = this.slots[i]!;
      if (e < 0) break;
      if (this.hashes[2 * e] === lo && this.hashes[2 * e + 1] === hi && this.samePacked(e)) return false;
      i = (i + 1) & mask;
    }
    if (2 * (this.members + 1) > this.slots.length) {
      this.grow();
      mask = this.slots.length - 1;
      i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
      while (this.slots[i]! >= 0) i = (i + 1) & mask;
    }
    const e = this.members++;
    this.slots[i] = e;
    this.hashes[2 * e] = lo;
    this.hashes[2 * e + 1] = hi;
    this.packed.set(p, e * this.stride);
    return true;
  }

  private samePacked(e: number): boolean {
    const o = e * this.stride;
    const p = this.scratchPack;
    for (let b = 0; b < this.stride; b++) if (this.packed[o + b] !== p[b]) return false;
    return true;
  }

  private grow(): void {
    const n = 2 * this.slots.length;
    const slots = new Int32Array(n).fill(-1);
    const mask = n - 1;
    for (let e = 0; e < this.members; e++) {
      const lo = this.hashes[2 * e]!;
      const hi = this.hashes[2 * e + 1]!;
      let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
      while (slots[i]! >= 0) i = (i + 1) & mask;
      slots[i] = e;
    }
    this.slots = slots;
    const hashes = new Uint32Array(n);
    hashes.set(this.hashes);
    this.hashes = hashes;
    const packed = new Uint8Array((n / 2) * this.stride);
    packed.set(this.packed);
    this.packed = packed;
  }
}
