// The 32-bit integer hash "lowbias32" (C. Wellons), bit for bit the engine's hash32 (forward.ts), on four
// words at once (network.frag.glsl hashes the keys n * 4 + s of 4 neurons together).
uvec4 hash32v(uvec4 x) {
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  x *= 0x846ca68bu;
  x ^= x >> 16;
  return x;
}
