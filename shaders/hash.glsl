// The 32-bit integer hash "lowbias32" (C. Wellons), bit for bit the engine's hash32 (forward.ts).
uint hash32(uint x) {
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  x *= 0x846ca68bu;
  x ^= x >> 16;
  return x;
}

// XOR the 64-bit key of neuron n in state s (> 0) into (lo, hi): the engine's neuronKey.
void hashNeuron(int n, int s, inout uint lo, inout uint hi) {
  uint base = uint(n * 4 + s);
  lo ^= hash32(base);
  hi ^= hash32((base ^ 0x68e31da4u) + 0x1b873593u);
}
