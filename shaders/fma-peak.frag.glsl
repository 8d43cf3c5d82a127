// The FMA peak of the benchmark page (src/benchPage/peak.ts): 8 independent vec4 multiply-add chains per
// fragment, UNROLL steps per loop iteration (UNROLL is #defined by peak.ts), uIterations iterations.
// The coefficients are uniforms and the result is written, so the compiler can neither fold nor drop a chain.
uniform int uIterations;
uniform vec4 uMul;  // close to 1, so that the chains stay bounded (x -> x * m + a converges to a / (1 - m))
uniform vec4 uAdd;
out vec4 fragColor;

#define STEP a0 = a0 * uMul + uAdd; a1 = a1 * uMul + uAdd; a2 = a2 * uMul + uAdd; a3 = a3 * uMul + uAdd; \
  a4 = a4 * uMul + uAdd; a5 = a5 * uMul + uAdd; a6 = a6 * uMul + uAdd; a7 = a7 * uMul + uAdd;

void main() {
  vec4 s = vec4(gl_FragCoord.xy * 1e-3, gl_FragCoord.yx * 2e-3);
  vec4 a0 = s;
  vec4 a1 = s + 0.1;
  vec4 a2 = s + 0.2;
  vec4 a3 = s + 0.3;
  vec4 a4 = s + 0.4;
  vec4 a5 = s + 0.5;
  vec4 a6 = s + 0.6;
  vec4 a7 = s + 0.7;
  for (int i = 0; i < uIterations; i++) {
#if UNROLL >= 1
    STEP
#endif
#if UNROLL >= 2
    STEP
#endif
#if UNROLL >= 4
    STEP
    STEP
#endif
#if UNROLL >= 8
    STEP
    STEP
    STEP
    STEP
#endif
  }
  fragColor = fract((a0 + a1) + (a2 + a3) + (a4 + a5) + (a6 + a7));
}
