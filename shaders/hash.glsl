// The 32-bit integer hash "lowbias32" (C. Wellons), bit for bit the engine's hash32 (forward.ts), on four
// words at once (network.frag.glsl hashes the keys n * HASH_KEY_STATES + s of 4 neurons together). The
// HASH_* constants are #defines written by programs.ts from forward.ts HASH.
uvec4 hash32v(uvec4 x) {
  x ^= x >> HASH_SHIFT1;
  x *= HASH_MUL1;
  x ^= x >> HASH_SHIFT2;
  x *= HASH_MUL2;
  x ^= x >> HASH_SHIFT3;
  return x;
}
