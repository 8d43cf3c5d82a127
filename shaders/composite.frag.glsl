// Colours the display channel (network.frag.glsl, CHANNEL 0) onto the canvas, with the overlays.
// Prepended by programs.ts: #version, precision, MAX_LINE, the palette's GLSL (render/palette.ts).
// MODE: 0 regions/layer, 1 gradient, 2 output value, 3 argmax class, 4 margin (top-1 minus top-2 output),
// 5 local complexity (a count, the sequential map up to uRange). PIXELS: display words per texel of the data
// (network.frag.glsl).
#if PIXELS > 1
uniform highp usampler2D uDataWords;  // RGBA32UI, PIXELS words per texel (texture unit 0, bound by renderer.ts)
#endif
#if PIXELS == 8
uniform highp usampler2D uDataWords1; // words of pixels 4..7 (texture unit 1, set by gl2.ts integerSamplerUnits)
#elif PIXELS == 1
uniform highp sampler2D uData;   // RGBA8 display words, size uDataSize
#endif
uniform vec2 uDataSize;
uniform vec2 uTargetSize;
uniform float uRange;            // value that maps to the end of the colour map
uniform bool uBoundaries;        // draw region boundaries
uniform bool uProbe;             // draw the probe neuron's zero set
uniform int uLineWidth;          // width of the boundaries, level sets and zero set in data pixels (1..MAX_LINE)
out vec4 fragColor;

#if PIXELS == 8
uint wordAt(ivec2 q) {
  ivec2 t = ivec2(q.x / 8, q.y);
  int k = q.x % 8;
  uvec4 w = k < 4 ? texelFetch(uDataWords, t, 0) : texelFetch(uDataWords1, t, 0);
  k &= 3;
  return k == 0 ? w.x : (k == 1 ? w.y : (k == 2 ? w.z : w.w));
}
#elif PIXELS > 1
uint wordAt(ivec2 q) {
  uvec4 t = texelFetch(uDataWords, ivec2(q.x / PIXELS, q.y), 0);
  int k = q.x % PIXELS;
  return k == 0 ? t.x : (k == 1 ? t.y : (k == 2 ? t.z : t.w));
}
#else
uint wordAt(ivec2 q) {
  uvec4 b = uvec4(round(texelFetch(uData, q, 0) * 255.0));
  return b.x | (b.y << 8) | (b.z << 16) | (b.w << 24);
}
#endif

float valueOf(uint w) { return unpackHalf2x16(w >> 16).x; }

// Does the quantity shown differ between this pixel and a neighbour (the zero level set / class edge)?
bool levelEdge(uint a, uint b) {
#if MODE == 2
  return (valueOf(a) > 0.0) != (valueOf(b) > 0.0);
#elif MODE == 3
  return valueOf(a) != valueOf(b);
#else
  return false;
#endif
}

void main() {
  ivec2 size = ivec2(uDataSize);
  ivec2 q = ivec2(floor(gl_FragCoord.xy * uDataSize / uTargetSize));
  q = min(q, size - 1);
  uint w = wordAt(q);
#if MODE == 1
  vec3 colour = sequential(valueOf(w) / uRange);
#elif MODE == 2
  vec3 colour = diverging(valueOf(w) / uRange);
#elif MODE == 3
  vec3 colour = classColour(int(valueOf(w)));
#elif MODE == 4 || MODE == 5
  vec3 colour = sequential(valueOf(w) / uRange);
#else
  vec3 colour = regionColour(w & 0x3fffu);
#endif
  // Lines uLineWidth data pixels wide: a pixel is on a boundary (or level set, or the probe's zero set) when
  // a pixel of the box [-lo, hi]^2 about it, inside the image, differs from it (1: the right, upper and
  // upper-right neighbours). Regions mode compares 30 hash bits (the high half holds hash bits 14..29);
  // value modes 14 bits. Boundaries darken the colour to half, so the level set (black) and the probe
  // stay distinct from them.
#if MODE == 0
  const uint idMask = 0xffff3fffu;
#else
  const uint idMask = 0x3fffu;
#endif
  int w2 = clamp(uLineWidth, 1, MAX_LINE);
  int hi = (w2 + 1) / 2;
  int lo = w2 / 2;
  bool boundary = false;
  bool level = false;
  bool probe = false;
  for (int dy = -lo; dy <= hi; dy++) {
    for (int dx = -lo; dx <= hi; dx++) {
      ivec2 n = q + ivec2(dx, dy);
      if ((dx == 0 && dy == 0) || any(lessThan(n, ivec2(0))) || any(greaterThanEqual(n, size))) continue;
      uint wn = wordAt(n);
      boundary = boundary || ((w ^ wn) & idMask) != 0u;
      level = level || levelEdge(w, wn);
      probe = probe || (((w ^ wn) >> 14) & 3u) != 0u;
    }
  }
  if (uBoundaries && boundary) colour *= 0.5;
  if (level) colour = vec3(0.0);
  if (uProbe && probe) colour = vec3(255.0, 0.0, 200.0) / 255.0;
  fragColor = vec4(colour, 1.0);
}
