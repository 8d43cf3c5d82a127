// Evaluates the network at this fragment's pixel centre with the delta formulation of engine/pack.ts.
// Assembled by src/render/programs.ts, which prepends #version, precision, these #defines and constants:
//   NL (layers), MAXW4 (largest width / 4, rounded up), L_OUT/L_ROWT/L_BASE/L_OFF/L_ACT[NL] (layout),
//   CHANNEL (0 display, 1 hash lo, 2 hash hi, 3 output bits, 4 |grad| bits, 5 argmax, 6 all four words
//   lo, hi, output bits, argmax into an unsigned-integer target),
//   VALUE (display value: 0 none, 1 output, 2 |grad|, 3 argmax), TANGENT (forward-mode gradient),
//   WEIGHTS_UBO (0: weights in the texture uWeights; n > 0: in a uniform block of n vec4s).
#if WEIGHTS_UBO
// Small networks: the weight texels in a uniform block (WEIGHTS_UBO = its length in vec4s).
layout(std140) uniform Weights {
  vec4 uWeightBlock[WEIGHTS_UBO];
};
#else
uniform highp sampler2D uWeights;  // RGBA32F, 1024 texels per row: rows of layers 1.. (pack.ts)
#endif
uniform highp sampler2D uNeurons;  // RGBA32F, 1024 texels per row: (zc, alpha, a, b) per neuron
uniform vec2 uHalfSize;            // half the target size in pixels: the view centre
uniform vec2 uPixel;               // plane units per pixel in s and t
uniform int uHashNeurons;          // neurons that enter the hash (the first k layers)
uniform int uOutput;               // selected output; -1: argmax
uniform int uProbe;                // neuron whose state is packed in the display channel; -1: none
#if CHANNEL == 6
out uvec4 fragWords;  // an RGBA32UI target: hash lo, hash hi, output bits, argmax
#else
out vec4 fragColor;
#endif

#if WEIGHTS_UBO
vec4 weightTexel(int t) { return uWeightBlock[t]; }
#else
vec4 weightTexel(int t) { return texelFetch(uWeights, ivec2(t & 1023, t >> 10), 0); }
#endif
vec4 neuronTexel(int n) { return texelFetch(uNeurons, ivec2(n & 1023, n >> 10), 0); }

vec4 packWord(uint w) {
  return vec4(float(w & 255u), float((w >> 8) & 255u), float((w >> 16) & 255u), float(w >> 24)) / 255.0;
}

void main() {
  float u = (gl_FragCoord.x - uHalfSize.x) * uPixel.x;
  float v = (gl_FragCoord.y - uHalfSize.y) * uPixel.y;
  vec4 h[MAXW4];
  vec4 hn[MAXW4];
#if TANGENT
  vec4 gs[MAXW4];
  vec4 gt[MAXW4];
  vec4 gsn[MAXW4];
  vec4 gtn[MAXW4];
#endif
  uint lo = 0u;
  uint hi = 0u;
  int probeState = 0;
  float outValue = 0.0;
  float gradNorm = 0.0;
  float best = -3.4e38;
  int bestIndex = 0;
  for (int l = 0; l < NL; l++) {
    int outDim = L_OUT[l];
    int groups = (outDim + 3) >> 2;
    int act = L_ACT[l];
    for (int g = 0; g < groups; g++) {
      vec4 dz = vec4(0.0);
#if TANGENT
      vec4 ts = vec4(0.0);
      vec4 tt = vec4(0.0);
#endif
      if (l == 0) {
        for (int c = 0; c < 4; c++) {
          vec4 nd = neuronTexel(L_OFF[0] + min(4 * g + c, outDim - 1));
          dz[c] = nd.z * u + nd.w * v;
#if TANGENT
          ts[c] = nd.z;
          tt[c] = nd.w;
#endif
        }
      } else {
        int rt = L_ROWT[l];
        int base = L_BASE[l] + 4 * g * rt;
        int last = outDim - 4 * g - 1;
        int r1 = base + min(1, last) * rt;
        int r2 = base + min(2, last) * rt;
        int r3 = base + min(3, last) * rt;
        for (int i4 = 0; i4 < rt; i4++) {
          vec4 x = h[i4];
          dz.x += dot(weightTexel(base + i4), x);
          dz.y += dot(weightTexel(r1 + i4), x);
          dz.z += dot(weightTexel(r2 + i4), x);
          dz.w += dot(weightTexel(r3 + i4), x);
#if TANGENT
          vec4 xs = gs[i4];
          vec4 xt = gt[i4];
          ts += vec4(dot(weightTexel(base + i4), xs), dot(weightTexel(r1 + i4), xs),
                     dot(weightTexel(r2 + i4), xs), dot(weightTexel(r3 + i4), xs));
          tt += vec4(dot(weightTexel(base + i4), xt), dot(weightTexel(r1 + i4), xt),
                     dot(weightTexel(r2 + i4), xt), dot(weightTexel(r3 + i4), xt));
#endif
        }
      }
      vec4 dh = vec4(0.0);
      for (int c = 0; c < 4; c++) {
        int j = 4 * g + c;
        if (j >= outDim) {
#if TANGENT
          ts[c] = 0.0;
          tt[c] = 0.0;
#endif
          continue;
        }
        int n = L_OFF[l] + j;
        vec4 nd = neuronTexel(n);
        float z = nd.x + dz[c];
        int s = stateOf(act, z);
        int sc = stateOf(act, nd.x);
        float sl = slopeOf(act, s, nd.y);
        dh[c] = sl * dz[c] + (sl - slopeOf(act, sc, nd.y)) * nd.x + (interceptOf(act, s) - interceptOf(act, sc));
#if TANGENT
        ts[c] *= sl;
        tt[c] *= sl;
#endif
        if (s != 0 && n < uHashNeurons) hashNeuron(n, s, lo, hi);
        if (n == uProbe) probeState = s;
        if (l == NL - 1) {
          float f = sl * z + interceptOf(act, s);
          if (j == uOutput || (uOutput < 0 && j == 0)) {
            outValue = f;
#if TANGENT
            gradNorm = length(vec2(ts[c], tt[c]));
#endif
          }
          if (f > best) {
            best = f;
            bestIndex = j;
          }
        }
      }
      hn[g] = dh;
#if TANGENT
      gsn[g] = ts;
      gtn[g] = tt;
#endif
    }
    for (int g = 0; g < groups; g++) {
      h[g] = hn[g];
#if TANGENT
      gs[g] = gsn[g];
      gt[g] = gtn[g];
#endif
    }
  }
#if CHANNEL == 6
  fragWords = uvec4(lo, hi, floatBitsToUint(outValue), uint(bestIndex));
#elif CHANNEL == 1
  fragColor = packWord(lo);
#elif CHANNEL == 2
  fragColor = packWord(hi);
#elif CHANNEL == 3
  fragColor = packWord(floatBitsToUint(outValue));
#elif CHANNEL == 4
  fragColor = packWord(floatBitsToUint(gradNorm));
#elif CHANNEL == 5
  fragColor = packWord(uint(bestIndex));
#else
  // Display: 14 bits of the hash and 2 bits of the probe neuron's state, then the value as a half float
  // (or, without a value, hash bits 14..29).
#if VALUE == 1
  float value = outValue;
#elif VALUE == 2
  float value = gradNorm;
#elif VALUE == 3
  float value = float(bestIndex);
#else
  float value = 0.0;
#endif
#if VALUE == 0
  // No value to show: the high half carries 16 more bits of the hash, for boundaries (30 bits in all).
  uint high = (lo >> 14) & 0xffffu;
#else
  uint high = packHalf2x16(vec2(value, 0.0));
#endif
  uint word = (lo & 0x3fffu) | (uint(probeState) << 14) | (high << 16);
  fragColor = packWord(word);
#endif
}
