// Flat-shaded facets (the normal of a facet from screen-space derivatives: every facet is a plane),
// coloured like the map in its palette: MODE 0 region colour, 1 |grad f| (sequential), 2 f (diverging),
// 3 argmax class (the outputs are affine on a facet, so their interpolation is exact; ties go to the lower index).
in vec3 vPosition;
flat in uint vId;
in float vValue;
flat in float vGradient;
in vec4 vOut0;
in vec4 vOut1;
in vec4 vOut2;
uniform vec3 uLight;
out vec4 fragColor;
void main() {
  vec3 n = normalize(cross(dFdx(vPosition), dFdy(vPosition)));
  float diffuse = abs(dot(n, normalize(uLight)));
#if MODE == 0
  vec3 base = regionColour(vId);
#elif MODE == 1
  vec3 base = sequential(vGradient);
#elif MODE == 2
  vec3 base = diverging(vValue);
#else
  float o[12] = float[12](vOut0.x, vOut0.y, vOut0.z, vOut0.w, vOut1.x, vOut1.y, vOut1.z, vOut1.w,
                          vOut2.x, vOut2.y, vOut2.z, vOut2.w);
  int best = 0;
  for (int c = 1; c < 12; c++) if (o[c] > o[best]) best = c;
  vec3 base = classColour(best);
#endif
  fragColor = vec4(base * (0.3 + 0.7 * diffuse), 1.0);
}
