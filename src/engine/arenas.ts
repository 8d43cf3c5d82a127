/**
 * The growable arenas of the region enumeration (regions.ts): the affine maps of the finished regions
 * (Arena) and the faces' activation patterns (ByteArena).
 */

/** A growable Float64Array from which faces take fixed-size blocks of affine maps. */
export class Arena {
  /** The numbers (reallocated by alloc and reserve: re-read after either). */
  data: Float64Array;
  /** An arena with room for `size` numbers to start with (it grows by doubling). */
  constructor(size = 1 << 16) {
    this.data = new Float64Array(Math.max(1, size));
  }
  /** Numbers in use. */
  used = 0;
  /** Reserve n numbers; returns their offset (data may be reallocated: re-read it). */
  alloc(n: number): number {
    if (this.used + n > this.data.length) this.reserve(this.used + n);
    const off = this.used;
    this.used += n;
    return off;
  }

  /** Make room for at least `size` numbers in all (keeps the used part). */
  reserve(size: number): void {
    if (size <= this.data.length) return;
    let n = this.data.length * 2;
    while (n < size) n *= 2;
    const d = new Float64Array(n);
    d.set(this.data.subarray(0, this.used));
    this.data = d;
  }

  /** Give back the memory (the arena is empty afterwards; see FaceStore.trim). */
  trim(): void {
    this.data = new Float64Array(1);
    this.used = 0;
  }
}

/** Bytes past which a ByteArena grows in place, in a WebAssembly.Memory, where the platform has one. */
let inPlaceBytes = 32 << 20;

/** Set the size past which pattern arenas grow in place (for the tests); returns the previous size. */
export function setInPlaceBytes(bytes: number): number {
  const was = inPlaceBytes;
  inPlaceBytes = bytes;
  return was;
}
/** WebAssembly's page, and the most pages one memory holds (4 GiB). */
const WASM_PAGE = 65536;
const WASM_MAX_PAGES = 65536;
/** The buffers of arenas grown in place: they cannot be transferred to another thread (see movableBuffer). */
const inPlaceBuffers = new WeakSet<ArrayBufferLike>();

/** Whether `b` may be transferred by postMessage (false for the buffer of an arena grown in place). */
export function movableBuffer(b: ArrayBufferLike): boolean {
  return !inPlaceBuffers.has(b);
}

/**
 * A growable Uint8Array from which faces take their activation patterns (zero-initialised). Past
 * inPlaceBytes (32 MiB) it lives in a WebAssembly.Memory, which grows in place: no copy of what is held, and
 * none of the fresh pages a doubling copy would touch (each first touch of a page is a fault, about 10 us on
 * a virtual machine; the patterns are most of an enumeration's memory). Below that it grows by doubling
 * copies: glibc's allocator serves blocks up to 32 MiB from memory the process already holds, so in a warm
 * process those copies touch no fresh pages, where a new WebAssembly memory always does. Where no such
 * memory can be had (no WebAssembly, or past its 4 GiB) it grows by doubling copies too.
 */
export class ByteArena {
  /** The bytes (reallocated by alloc: re-read after it). */
  data = new Uint8Array(1 << 16);
  /** Bytes in use. */
  used = 0;
  /** The memory that holds data once it grows in place, else null. */
  private memory: WebAssembly.Memory | null = null;
  /** Reserve n bytes; returns their offset (data may be reallocated: re-read it). */
  alloc(n: number): number {
    if (this.used + n > this.data.length) this.grow(this.used + n);
    const off = this.used;
    this.used += n;
    return off;
  }

  /** Make room for at least `size` bytes in all, keeping the used part. */
  private grow(size: number): void {
    // In place: by an eighth at least, so that growing stays rare (the pages untouched cost nothing), up to
    // the memory's 4 GiB.
    const want = Math.ceil(Math.max(size, this.data.length + (this.data.length >> 3)) / WASM_PAGE);
    const pages = Math.min(want, WASM_MAX_PAGES);
    if (pages * WASM_PAGE >= size && size > inPlaceBytes && typeof WebAssembly === 'object') {
      try {
        if (this.memory === null) {
          const m = new WebAssembly.Memory({ initial: pages, maximum: WASM_MAX_PAGES });
          new Uint8Array(m.buffer).set(this.data.subarray(0, this.used));
          this.memory = m;
        } else this.memory.grow(pages - this.memory.buffer.byteLength / WASM_PAGE);
        this.data = new Uint8Array(this.memory.buffer);
        inPlaceBuffers.add(this.memory.buffer);
        return;
      } catch {
        // No memory to be had (address space, or a platform without in-place growth): copy instead.
      }
    }
    let n = this.data.length * 2;
    while (n < size) n *= 2;
    const d = new Uint8Array(n);
    d.set(this.data.subarray(0, this.used));
    this.data = d;
    this.memory = null;
  }

  /** Give back the memory (the arena is empty afterwards; see FaceStore.trim). */
  trim(): void {
    this.data = new Uint8Array(1 << 16);
    this.memory = null;
    this.used = 0;
  }

  /** Give back the bytes from `mark` on, zeroed as the arena hands them out. */
  release(mark: number): void {
    this.data.fill(0, mark, this.used);
    this.used = mark;
  }

  /** Empty the arena, keeping its memory, zeroed as it hands it out. */
  reset(): void {
    this.data.fill(0, 0, this.used);
    this.used = 0;
  }
}
