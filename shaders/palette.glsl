// Colour maps, mirrored exactly by src/render/palette.ts (the CPU reference images use that file).

// Region colour from the 14 hash bits of the display channel: 5 + 5 + 4 bits, integer arithmetic.
vec3 regionColour(uint id) {
  uint r = 70u + (id & 31u) * 160u / 31u;
  uint g = 70u + ((id >> 5) & 31u) * 160u / 31u;
  uint b = 70u + ((id >> 10) & 15u) * 160u / 15u;
  return vec3(float(r), float(g), float(b)) / 255.0;
}

// Viridis (perceptual), a degree-6 polynomial fit; t in [0, 1].
vec3 viridis(float t) {
  t = clamp(t, 0.0, 1.0);
  const vec3 c0 = vec3(0.2777273272234177, 0.005407344544966578, 0.3340998053353061);
  const vec3 c1 = vec3(0.1050930431085774, 1.404613529898575, 1.384590162594685);
  const vec3 c2 = vec3(-0.3308618287255563, 0.214847559468213, 0.09509516302823659);
  const vec3 c3 = vec3(-4.634230498983486, -5.799100973351585, -19.33244095627987);
  const vec3 c4 = vec3(6.228269936347081, 14.17993336680509, 56.69055260068105);
  const vec3 c5 = vec3(4.776384997670288, -13.74514537774601, -65.35303263337234);
  const vec3 c6 = vec3(-5.435455855934631, 4.645852612178535, 26.3124352495832);
  return clamp(c0 + t * (c1 + t * (c2 + t * (c3 + t * (c4 + t * (c5 + t * c6))))), 0.0, 1.0);
}

// Diverging blue - light grey - red; t in [-1, 1].
vec3 diverging(float t) {
  t = clamp(t, -1.0, 1.0);
  vec3 mid = vec3(221.0, 221.0, 221.0) / 255.0;
  vec3 neg = vec3(59.0, 76.0, 192.0) / 255.0;
  vec3 pos = vec3(180.0, 4.0, 38.0) / 255.0;
  return t < 0.0 ? mix(mid, neg, -t) : mix(mid, pos, t);
}

// Ten categorical colours (Tableau 10) for the argmax class.
vec3 classColour(int k) {
  int i = k % 10;
  vec3 c = i == 0 ? vec3(78, 121, 167) : i == 1 ? vec3(242, 142, 43) : i == 2 ? vec3(225, 87, 89)
    : i == 3 ? vec3(118, 183, 178) : i == 4 ? vec3(89, 161, 79) : i == 5 ? vec3(237, 201, 72)
    : i == 6 ? vec3(176, 122, 161) : i == 7 ? vec3(255, 157, 167) : i == 8 ? vec3(156, 117, 95)
    : vec3(186, 176, 172);
  return c / 255.0;
}
