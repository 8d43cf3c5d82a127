// Piecewise-linear activations by code (engine/pack.ts ACTIVATION_CODES):
// 0 linear, 1 relu, 2 leaky_relu / prelu (alpha), 3 abs, 4 hardtanh. States as in engine/activations.ts.
int stateOf(int act, float z) {
  if (act == 0) return 0;
  if (act == 4) return z < -1.0 ? 0 : (z > 1.0 ? 2 : 1);
  return z > 0.0 ? 1 : 0;
}

float slopeOf(int act, int s, float alpha) {
  if (act == 1) return s == 1 ? 1.0 : 0.0;
  if (act == 2) return s == 1 ? 1.0 : alpha;
  if (act == 3) return s == 1 ? 1.0 : -1.0;
  if (act == 4) return s == 1 ? 1.0 : 0.0;
  return 1.0;
}

float interceptOf(int act, int s) {
  if (act != 4 || s == 1) return 0.0;
  return s == 0 ? -1.0 : 1.0;
}
